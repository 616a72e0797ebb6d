//! Newsletter sends, one transaction per step: freeze the recipients, claim rows just before
//! the handoff, record what the server said, report. The runner that talks SMTP lives in
//! byline-mail and calls these; a row's state in the store is the only resume point.

use serde::Serialize;

use super::{OpsError, Result};
use crate::domain::{Post, PostId, PostRef, PostStatus, PostSummary, SubscriberId};
use crate::store::outbox::{self, Due, Newsletter, OutboxCounts, Problem, RecipientCounts};
use crate::store::{self, Store, StoreError};

/// A run's lease lapses when its process has not written for this long (a crashed sender on
/// another machine sharing the file); on Linux a dead process frees it at once.
const LEASE_SECS: i64 = 120;

/// Who would receive a post, without writing anything.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub post: PostSummary,
    pub recipients: RecipientCounts,
    /// The send's rows, if it was started already (then these, not `recipients`, are who gets it).
    pub outbox: Option<OutboxCounts>,
}

pub fn preview(store: &Store, post: &PostRef) -> Result<Preview> {
    let id = store::resolve_post(store.conn(), post)?;
    let post = store::get_post(store.conn(), id, store.now())?.meta;
    let recipients = outbox::recipient_counts(store.conn(), id)?;
    let outbox = match outbox::get_newsletter(store.conn(), id)? {
        Some(_) => Some(outbox::counts(store.conn(), id)?),
        None => None,
    };
    Ok(Preview { post, recipients, outbox })
}

/// What starting (or resuming) a send found.
#[derive(Debug, Clone)]
pub struct SendStart {
    pub post: Post,
    pub newsletter: Newsletter,
    /// True when this run froze the list; false when it resumes an earlier send.
    pub frozen_now: bool,
    /// Rows an earlier run left `sending`: the server may or may not have them.
    pub found_unknown: u64,
    /// Of the unknown rows, those queued again (`--retry-unknown`).
    pub requeued_unknown: u64,
    pub counts: OutboxCounts,
}

/// Starts or resumes the send of a published post for process `pid`: freezes its recipients
/// the first time; turns rows a crashed run left `sending` into `unknown` (queued again only
/// with `retry_unknown`); gives deferred rows fresh tries. Refused while another run holds it.
pub fn start_send(store: &mut Store, post: &PostRef, pid: i64, retry_unknown: bool) -> Result<SendStart> {
    store.write_with(|tx, now| {
        let id = store::resolve_post(tx, post)?;
        // Another blog's item is never mailed to this blog's subscribers.
        store::feeds::ensure_own_post(tx, id)?;
        let post = store::get_post(tx, id, now)?;
        if post.meta.status != PostStatus::Published {
            return Err(OpsError::NotPublished(post.meta.slug.clone()));
        }
        let frozen_now = match outbox::get_newsletter(tx, id)? {
            Some(n) => {
                if let (Some(other), Some(beat)) = (n.run_pid, n.run_beat)
                    && other != pid
                    && beat > now - LEASE_SECS
                    && process_alive(other)
                {
                    return Err(OpsError::SendRunning { post: post.meta.slug.clone(), pid: other });
                }
                false
            }
            None => {
                outbox::freeze(tx, id, &salt()?, now)?;
                true
            }
        };
        outbox::set_run(tx, id, Some(pid), now)?;
        let found_unknown = outbox::move_rows(tx, id, "sending", "unknown", now)?;
        let requeued_unknown = if retry_unknown { outbox::move_rows(tx, id, "unknown", "queued", now)? } else { 0 };
        outbox::reset_tries(tx, id)?;
        let newsletter = outbox::get_newsletter(tx, id)?.ok_or_else(|| StoreError::PostNotFound(id.to_string()))?;
        let counts = outbox::counts(tx, id)?;
        Ok(SendStart { post, newsletter, frozen_now, found_unknown, requeued_unknown, counts })
    })
}

/// Claims up to `limit` due rows: marks them `sending` (committed before any is handed to the
/// server) and returns them; rows whose subscriber is no longer active or is bouncing are
/// marked `skipped` instead (their count is the second value).
pub fn claim(store: &mut Store, post: PostId, pid: i64, limit: usize) -> Result<(Vec<Due>, u64)> {
    settle(store, post, pid, &[], 1, limit)
}

/// What became of one claimed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The server accepted it.
    Sent,
    /// The server refused it for good (its reply): counted as a bounce.
    Failed(String),
    /// A temporary failure: queued again, tried at `retry_at`.
    Deferred { error: String, retry_at: i64 },
    /// Not handed over at all (the run stopped first): queued again as it was.
    NotSent,
}

/// Records the outcomes of claimed rows, all in one transaction.
pub fn record(store: &mut Store, post: PostId, outcomes: &[(SubscriberId, Delivery)], bounce_limit: u32) -> Result<()> {
    store.write_with(|tx, now| record_in(tx, post, outcomes, bounce_limit, now))
}

/// A sender's step: records `outcomes` and claims up to `limit` more rows, in one transaction
/// (one disk sync per step instead of two: that is what sending speed is made of).
pub fn settle(
    store: &mut Store,
    post: PostId,
    pid: i64,
    outcomes: &[(SubscriberId, Delivery)],
    bounce_limit: u32,
    limit: usize,
) -> Result<(Vec<Due>, u64)> {
    store.write_with(|tx, now| {
        record_in(tx, post, outcomes, bounce_limit, now)?;
        let rows = if limit == 0 { Vec::new() } else { outbox::due(tx, post, now, limit)? };
        let mut skipped = 0;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            if row.deliverable {
                outbox::set_row(tx, post, row.subscriber_id, "sending", None, None, now)?;
                claimed.push(row);
            } else {
                outbox::set_row(tx, post, row.subscriber_id, "skipped", None, None, now)?;
                skipped += 1;
            }
        }
        outbox::set_run(tx, post, Some(pid), now)?;
        Ok((claimed, skipped))
    })
}

fn record_in(
    tx: &rusqlite::Transaction<'_>,
    post: PostId,
    outcomes: &[(SubscriberId, Delivery)],
    bounce_limit: u32,
    now: i64,
) -> Result<()> {
    for (sub, outcome) in outcomes {
        match outcome {
            Delivery::Sent => {
                outbox::set_row(tx, post, *sub, "sent", None, None, now)?;
                outbox::clear_bounces(tx, *sub)?;
            }
            Delivery::Failed(reply) => {
                outbox::set_row(tx, post, *sub, "failed", Some(reply), None, now)?;
                outbox::add_bounce(tx, *sub, bounce_limit, now)?;
            }
            Delivery::Deferred { error, retry_at } => {
                outbox::set_row(tx, post, *sub, "queued", Some(error), Some(*retry_at), now)?
            }
            Delivery::NotSent => outbox::set_row(tx, post, *sub, "queued", None, None, now)?,
        }
    }
    Ok(())
}

/// When the next deferred row may be tried in this run (None: nothing left to try).
pub fn next_due_at(store: &Store, post: PostId) -> Result<Option<i64>> {
    Ok(outbox::next_due_at(store.conn(), post)?)
}

/// Ends a run: gives up the lease and returns the send's counts.
pub fn finish_send(store: &mut Store, post: PostId) -> Result<OutboxCounts> {
    store.write_with(|tx, now| {
        outbox::set_run(tx, post, None, now)?;
        Ok(outbox::counts(tx, post)?)
    })
}

/// One send as `byline newsletter status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendStatus {
    pub post_id: PostId,
    pub slug: String,
    pub title: String,
    pub frozen_at: i64,
    /// The process sending it now, if any.
    pub running: Option<i64>,
    pub counts: OutboxCounts,
    /// Failed, unknown and deferred addresses (only when one post was asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// Every send, newest first, or one post's with its problem rows.
pub fn status(store: &Store, post: Option<&PostRef>) -> Result<Vec<SendStatus>> {
    let conn = store.conn();
    let ids = match post {
        Some(p) => {
            let id = store::resolve_post(conn, p)?;
            if outbox::get_newsletter(conn, id)?.is_none() {
                return Err(OpsError::NeverSent(p.to_string()));
            }
            vec![id]
        }
        None => outbox::newsletters(conn)?,
    };
    let now = store.now();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(n) = outbox::get_newsletter(conn, id)? else { continue };
        let meta = store::get_post(conn, id, now)?.meta;
        let running = n.run_pid.filter(|pid| n.run_beat.is_some_and(|b| b > now - LEASE_SECS) && process_alive(*pid));
        out.push(SendStatus {
            post_id: id,
            slug: meta.slug,
            title: meta.title,
            frozen_at: n.frozen_at,
            running,
            counts: outbox::counts(conn, id)?,
            problems: if post.is_some() { outbox::problems(conn, id, 1000)? } else { Vec::new() },
        });
    }
    Ok(out)
}

/// 64 random bits, hex, for the Message-IDs of one send.
fn salt() -> Result<String> {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(StoreError::NoRandomness)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether process `pid` still runs. Only Linux can tell cheaply (/proc); elsewhere the lease's
/// age decides alone.
fn process_alive(pid: i64) -> bool {
    if cfg!(target_os = "linux") { std::path::Path::new(&format!("/proc/{pid}")).exists() } else { true }
}

/// Messages accepted in the last hour and the last day, across every send (for the caps).
pub fn sent_recently(store: &Store) -> Result<(u64, u64)> {
    let now = store.now();
    Ok((outbox::sent_since(store.conn(), now - 3600)?, outbox::sent_since(store.conn(), now - 86_400)?))
}
