//! The newsletter outbox: one send per post, its frozen recipient rows and their delivery states.
//! Free functions over a connection; `ops::newsletter` composes them into transactions.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Result;
use crate::domain::{PostId, SubscriberId};

/// Temporary failures tried per run before a row is left queued as deferred (for the next run).
pub const MAX_TRIES: i64 = 5;

/// Who would receive a post now: active, not bouncing, following one of its tags or everything
/// (a subscriber with no followed tags follows everything).
const RECIPIENTS: &str = "FROM subscriber s
    WHERE s.status = 'active' AND NOT EXISTS (SELECT 1 FROM subscriber_bounce b
                                              WHERE b.subscriber_id = s.id AND b.bouncing_at IS NOT NULL)
      AND (NOT EXISTS (SELECT 1 FROM subscriber_tag st WHERE st.subscriber_id = s.id)
           OR EXISTS (SELECT 1 FROM subscriber_tag st JOIN post_tag pt ON pt.tag_id = st.tag_id
                      WHERE st.subscriber_id = s.id AND pt.post_id = ?1))";

/// A count column (SQLite integers are signed; counts never are).
fn count(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<u64> {
    Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
}

/// A send as recorded: when its list was frozen and the salt of its Message-IDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newsletter {
    pub post_id: PostId,
    pub frozen_at: i64,
    pub id_salt: String,
    pub run_pid: Option<i64>,
    pub run_beat: Option<i64>,
}

pub fn get_newsletter(conn: &Connection, post: PostId) -> Result<Option<Newsletter>> {
    Ok(conn
        .prepare_cached("SELECT post_id, frozen_at, id_salt, run_pid, run_beat FROM newsletter WHERE post_id = ?1")?
        .query_row([post.0], |r| {
            Ok(Newsletter {
                post_id: PostId(r.get(0)?),
                frozen_at: r.get(1)?,
                id_salt: r.get(2)?,
                run_pid: r.get(3)?,
                run_beat: r.get(4)?,
            })
        })
        .optional()?)
}

/// Records the send and copies today's recipients into the outbox; returns how many.
pub fn freeze(conn: &Connection, post: PostId, id_salt: &str, now: i64) -> Result<u64> {
    conn.execute(
        "INSERT INTO newsletter (post_id, frozen_at, id_salt) VALUES (?1, ?2, ?3)",
        params![post.0, now, id_salt],
    )?;
    let sql = format!("INSERT INTO outbox (post_id, subscriber_id, updated_at) SELECT ?1, s.id, ?2 {RECIPIENTS}");
    Ok(conn.execute(&sql, params![post.0, now])? as u64)
}

/// Recipients by followed tag for a post, without writing: for previews and `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientCounts {
    pub total: u64,
    /// Those who follow everything.
    pub everything: u64,
    /// Per tag of the post: its followers among the recipients.
    pub by_tag: Vec<(String, u64)>,
    /// Active subscribers left out because they are bouncing.
    pub bouncing: u64,
}

pub fn recipient_counts(conn: &Connection, post: PostId) -> Result<RecipientCounts> {
    let total = conn.query_row(&format!("SELECT count(*) {RECIPIENTS}"), [post.0], |r| count(r, 0))?;
    let everything = conn.query_row(
        "SELECT count(*) FROM subscriber s WHERE s.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM subscriber_bounce b WHERE b.subscriber_id = s.id AND b.bouncing_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM subscriber_tag st WHERE st.subscriber_id = s.id)",
        [],
        |r| count(r, 0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT t.name, (SELECT count(*) FROM subscriber_tag st JOIN subscriber s ON s.id = st.subscriber_id
                         WHERE st.tag_id = t.id AND s.status = 'active' AND NOT EXISTS (SELECT 1
                           FROM subscriber_bounce b WHERE b.subscriber_id = s.id AND b.bouncing_at IS NOT NULL))
         FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    let by_tag = stmt.query_map([post.0], |r| Ok((r.get(0)?, count(r, 1)?)))?.collect::<rusqlite::Result<_>>()?;
    let bouncing = conn.query_row(
        "SELECT count(*) FROM subscriber s JOIN subscriber_bounce b ON b.subscriber_id = s.id
         WHERE s.status = 'active' AND b.bouncing_at IS NOT NULL",
        [],
        |r| count(r, 0),
    )?;
    Ok(RecipientCounts { total, everything, by_tag, bouncing })
}

/// Takes (or clears, with `None`) the send's run lease.
pub fn set_run(conn: &Connection, post: PostId, pid: Option<i64>, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE newsletter SET run_pid = ?2, run_beat = ?3 WHERE post_id = ?1")?.execute(params![
        post.0,
        pid,
        pid.map(|_| now)
    ])?;
    Ok(())
}

/// Moves every row of `from` to `to` (a new run's bookkeeping); returns how many moved.
pub fn move_rows(conn: &Connection, post: PostId, from: &str, to: &str, now: i64) -> Result<u64> {
    Ok(conn
        .prepare_cached("UPDATE outbox SET status = ?3, updated_at = ?4 WHERE post_id = ?1 AND status = ?2")?
        .execute(params![post.0, from, to, now])? as u64)
}

/// A new run tries deferred rows afresh.
pub fn reset_tries(conn: &Connection, post: PostId) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET attempts = 0, next_try_at = 0 WHERE post_id = ?1 AND status = 'queued' AND attempts > 0",
    )?
    .execute([post.0])?;
    Ok(())
}

/// A queued row due now, with what the message needs of its subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub subscriber_id: SubscriberId,
    pub email: String,
    pub name: Option<String>,
    pub token: String,
    /// Still active and not bouncing: otherwise the row is skipped, not sent.
    pub deliverable: bool,
    pub attempts: i64,
}

/// Up to `limit` queued rows due at `now`, in a stable order.
pub fn due(conn: &Connection, post: PostId, now: i64, limit: usize) -> Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.subscriber_id, s.email, s.name, s.token, s.status = 'active' AND b.bouncing_at IS NULL, o.attempts
         FROM outbox o JOIN subscriber s ON s.id = o.subscriber_id
         LEFT JOIN subscriber_bounce b ON b.subscriber_id = o.subscriber_id
         WHERE o.post_id = ?1 AND o.status = 'queued' AND o.next_try_at <= ?2 AND o.attempts < ?3
         ORDER BY o.next_try_at, o.subscriber_id LIMIT ?4",
    )?;
    let rows = stmt.query_map(params![post.0, now, MAX_TRIES, limit as i64], |r| {
        Ok(Due {
            subscriber_id: SubscriberId(r.get(0)?),
            email: r.get(1)?,
            name: r.get(2)?,
            token: r.get(3)?,
            deliverable: r.get(4)?,
            attempts: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When the next deferred row of the send is due, if one may still be tried in this run.
pub fn next_due_at(conn: &Connection, post: PostId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT min(next_try_at) FROM outbox WHERE post_id = ?1 AND status = 'queued' AND attempts < ?2",
        )?
        .query_row(params![post.0, MAX_TRIES], |r| r.get(0))?)
}

/// Sets one row's state; `error` and the retry time go with it.
pub fn set_row(
    conn: &Connection,
    post: PostId,
    sub: SubscriberId,
    status: &str,
    error: Option<&str>,
    next_try_at: Option<i64>,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = ?3, error = coalesce(?4, error), updated_at = ?6,
             attempts = attempts + (?5 IS NOT NULL), next_try_at = coalesce(?5, next_try_at)
         WHERE post_id = ?1 AND subscriber_id = ?2",
    )?
    .execute(params![post.0, sub.0, status, error, next_try_at, now])?;
    Ok(())
}

/// A permanent failure for `sub`: counts it, and marks the address bouncing at `limit`.
pub fn add_bounce(conn: &Connection, sub: SubscriberId, limit: u32, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO subscriber_bounce (subscriber_id, bounces, bouncing_at)
             VALUES (?1, 1, CASE WHEN 1 >= ?2 THEN ?3 END)
         ON CONFLICT (subscriber_id) DO UPDATE SET bounces = bounces + 1,
             bouncing_at = CASE WHEN bounces + 1 >= ?2 THEN coalesce(bouncing_at, ?3) ELSE bouncing_at END",
    )?
    .execute(params![sub.0, limit, now])?;
    Ok(())
}

/// A delivery ends a run of bounces.
pub fn clear_bounces(conn: &Connection, sub: SubscriberId) -> Result<()> {
    conn.prepare_cached("DELETE FROM subscriber_bounce WHERE subscriber_id = ?1")?.execute([sub.0])?;
    Ok(())
}

/// A send's rows by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    pub queued: u64,
    pub sending: u64,
    pub sent: u64,
    pub failed: u64,
    pub unknown: u64,
    pub skipped: u64,
    /// Queued rows whose temporary failures used this run's tries: the next run retries them.
    pub deferred: u64,
}

impl OutboxCounts {
    pub fn total(&self) -> u64 {
        self.queued + self.sending + self.sent + self.failed + self.unknown + self.skipped
    }
}

pub fn counts(conn: &Connection, post: PostId) -> Result<OutboxCounts> {
    let mut c = OutboxCounts::default();
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*), sum(attempts >= ?2) FROM outbox WHERE post_id = ?1 GROUP BY status",
    )?;
    let rows =
        stmt.query_map(params![post.0, MAX_TRIES], |r| Ok((r.get::<_, String>(0)?, count(r, 1)?, count(r, 2)?)))?;
    for row in rows {
        let (status, n, tried_out) = row?;
        match status.as_str() {
            "queued" => {
                c.queued = n;
                c.deferred = tried_out;
            }
            "sending" => c.sending = n,
            "sent" => c.sent = n,
            "failed" => c.failed = n,
            "unknown" => c.unknown = n,
            _ => c.skipped = n,
        }
    }
    Ok(c)
}

/// The sends there are, newest first.
pub fn newsletters(conn: &Connection) -> Result<Vec<PostId>> {
    let mut stmt = conn.prepare("SELECT post_id FROM newsletter ORDER BY frozen_at DESC, post_id DESC")?;
    let rows = stmt.query_map([], |r| Ok(PostId(r.get(0)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row that did not end `sent`: the address, its state and the last error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub email: String,
    pub status: String,
    pub error: Option<String>,
}

/// Failed, unknown and deferred rows of a send, by address.
pub fn problems(conn: &Connection, post: PostId, limit: usize) -> Result<Vec<Problem>> {
    let mut stmt = conn.prepare(
        "SELECT s.email, CASE WHEN o.status = 'queued' THEN 'deferred' ELSE o.status END, o.error
         FROM outbox o JOIN subscriber s ON s.id = o.subscriber_id
         WHERE o.post_id = ?1 AND (o.status IN ('failed', 'unknown') OR (o.status = 'queued' AND o.attempts >= ?2))
         ORDER BY s.email LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![post.0, MAX_TRIES, limit as i64], |r| {
        Ok(Problem { email: r.get(0)?, status: r.get(1)?, error: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Messages accepted since `since` across every send: for the hourly and daily caps.
pub fn sent_since(conn: &Connection, since: i64) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox WHERE status = 'sent' AND updated_at >= ?1", [since], |r| {
        count(r, 0)
    })?)
}

/// One subscriber's mail as the subscribers view shows it: the last accepted newsletter and
/// the run of permanent failures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SubscriberMail {
    /// When a newsletter to them was last accepted by the server.
    pub last_sent: Option<i64>,
    /// Permanent failures in a row.
    pub bounces: u32,
    /// Set once the failures reached the limit: the address gets no more mail.
    pub bouncing_since: Option<i64>,
}

/// The mail of each of `ids` (a window of the list: one indexed look-up per row).
pub fn subscriber_mail(conn: &Connection, ids: &[SubscriberId]) -> Result<Vec<(SubscriberId, SubscriberMail)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT (SELECT max(updated_at) FROM outbox WHERE subscriber_id = ?1 AND status = 'sent'),
                (SELECT bounces FROM subscriber_bounce WHERE subscriber_id = ?1),
                (SELECT bouncing_at FROM subscriber_bounce WHERE subscriber_id = ?1)",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mail = stmt.query_row([id.0], |r| {
            Ok(SubscriberMail {
                last_sent: r.get(0)?,
                bounces: r.get::<_, Option<i64>>(1)?.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                bouncing_since: r.get(2)?,
            })
        })?;
        out.push((*id, mail));
    }
    Ok(out)
}
