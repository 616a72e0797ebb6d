//! One run of a send: claim due rows (marked `sending` before the handoff), hand them to a pool
//! of sender threads sharing the SMTP connections, record each outcome, retry temporary failures
//! with backoff, until nothing is due. The store's rows are the only resume point.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use byline_core::domain::{PostRef, SubscriberId};
use byline_core::jobs::JobCtl;
use byline_core::ops::newsletter::{self, Delivery};
use byline_core::store::Store;
use byline_core::store::outbox::OutboxCounts;
use serde::Serialize;

use super::NewsletterError;
use super::compose::Letter;
use super::rate::{Allowance, Rate};
use crate::error::SendError;
use crate::mailer::Mailer;
use crate::outgoing::Outgoing;
use crate::settings::SmtpSettings;

/// What the run needs besides the store and the mailer.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// The site's absolute base URL: post, unsubscribe and preferences links.
    pub base_url: String,
    /// The blog's title: the list's name and the footer.
    pub blog: String,
    /// Queue again the rows an earlier run left unknown (the server may have them already).
    pub retry_unknown: bool,
}

/// What a run did, and where the send stands.
#[derive(Debug, Clone, Serialize)]
pub struct SendReport {
    pub post: String,
    pub title: String,
    /// True when this run froze the recipient list.
    pub frozen_now: bool,
    pub sent: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Rows an earlier run left in flight, found by this one.
    pub found_unknown: u64,
    pub requeued_unknown: u64,
    /// Why the run stopped before the end, if it did (a cap, a refused login, a cancel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// The whole send's rows after this run.
    pub totals: OutboxCounts,
}

/// A temporary failure waits 1, 2, 4, 8 ... seconds (at most a minute) before its next try.
fn backoff(attempts: i64) -> i64 {
    1_i64 << attempts.clamp(0, 6)
}

/// Sends (or resumes) the post. Each claimed row is handed to exactly one sender thread; at most
/// `connections` rows are `sending` at once, which bounds what a crash can leave unknown.
pub fn send_post(
    store: &mut Store,
    mailer: &Mailer,
    settings: &SmtpSettings,
    post: &PostRef,
    opts: &SendOptions,
    ctl: &JobCtl,
) -> Result<SendReport, NewsletterError> {
    let pid = i64::from(std::process::id());
    let start = newsletter::start_send(store, post, pid, opts.retry_unknown)?;
    let id = start.post.meta.id;
    let letter = Letter::new(&start.post, &opts.base_url, &opts.blog, settings, &start.newsletter.id_salt);
    let (hour, day) = newsletter::sent_recently(store)?;
    let mut rate = Rate::new(settings.limits, hour, day);
    let c = &start.counts;
    ctl.set_total(c.total());
    ctl.advance(c.sent + c.failed + c.skipped + c.unknown);
    let mut report = SendReport {
        post: start.post.meta.slug.clone(),
        title: start.post.meta.title.clone(),
        frozen_now: start.frozen_now,
        sent: 0,
        skipped: 0,
        failed: 0,
        found_unknown: start.found_unknown,
        requeued_unknown: start.requeued_unknown,
        stopped: None,
        totals: OutboxCounts::default(),
    };

    let workers = settings.connections.max(1) as usize;
    let cap = workers;
    let (job_tx, job_rx) = mpsc::channel::<(SubscriberId, i64, Outgoing)>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel::<(SubscriberId, i64, Result<(), SendError>)>();
    let result = std::thread::scope(|scope| -> Result<(), NewsletterError> {
        for _ in 0..workers {
            let (jobs, done, mailer) = (Arc::clone(&job_rx), done_tx.clone(), mailer.clone());
            scope.spawn(move || {
                loop {
                    // The lock is held only to take one job; a poisoned lock ends the thread.
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((sub, attempts, out)) = job else { return };
                    if done.send((sub, attempts, mailer.send(&out))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let outcome = drive(store, id, pid, &letter, &mut rate, settings, ctl, cap, &job_tx, &done_rx, &mut report);
        // Closing the job channel ends the threads; the scope waits for them.
        drop(job_tx);
        outcome
    });
    let totals = newsletter::finish_send(store, id)?;
    result?;
    report.totals = totals;
    Ok(report)
}

/// The coordinating loop: the only code that touches the store while the threads send. Each
/// step is one transaction that records the outcomes just in and claims rows for the idle
/// senders, so a claimed row is handed to a thread at once.
#[allow(clippy::too_many_arguments)]
fn drive(
    store: &mut Store,
    id: byline_core::domain::PostId,
    pid: i64,
    letter: &Letter,
    rate: &mut Rate,
    settings: &SmtpSettings,
    ctl: &JobCtl,
    cap: usize,
    jobs: &mpsc::Sender<(SubscriberId, i64, Outgoing)>,
    done: &mpsc::Receiver<(SubscriberId, i64, Result<(), SendError>)>,
    report: &mut SendReport,
) -> Result<(), NewsletterError> {
    let mut in_flight = 0usize;
    let mut outcomes: Vec<(SubscriberId, Delivery)> = Vec::new();
    loop {
        if report.stopped.is_none() && ctl.is_cancelled() {
            report.stopped = Some("cancelled".into());
        }
        let mut want = 0;
        let mut wait = None;
        if report.stopped.is_none() && in_flight < cap {
            match rate.take(cap - in_flight) {
                Allowance::Go(n) => want = n,
                Allowance::Wait(d) => wait = Some(d),
                Allowance::Capped(which) => report.stopped = Some(format!("{which} is reached; run again later")),
            }
        }
        if want > 0 || !outcomes.is_empty() {
            let (rows, skipped) = newsletter::settle(store, id, pid, &outcomes, settings.bounce_limit, want)?;
            outcomes.clear();
            rate.give_back(want - rows.len());
            report.skipped += skipped;
            ctl.advance(skipped);
            for row in &rows {
                // A closed channel means every thread died: nothing is recorded as sent.
                if jobs.send((row.subscriber_id, row.attempts, letter.for_subscriber(row))).is_err() {
                    return Err(NewsletterError::Senders);
                }
            }
            in_flight += rows.len();
            if want > 0 && rows.is_empty() && in_flight == 0 {
                // Nothing due now: wait for the next deferred row, or the send is done.
                match newsletter::next_due_at(store, id)? {
                    Some(at) => wait_until(store, at, ctl),
                    None => return Ok(()),
                }
                continue;
            }
        }
        if in_flight == 0 {
            match wait {
                Some(d) => {
                    std::thread::sleep(d);
                    continue;
                }
                // Stopped, with nothing in the air.
                None => return Ok(()),
            }
        }
        // One outcome (waiting for it), then whatever else is ready.
        let first = done.recv().map_err(|_| NewsletterError::Senders)?;
        let batch: Vec<_> = std::iter::once(first).chain(done.try_iter()).collect();
        in_flight -= batch.len();
        let now = store.now();
        for (sub, attempts, result) in batch {
            let delivery = match result {
                Ok(()) => {
                    report.sent += 1;
                    ctl.advance(1);
                    Delivery::Sent
                }
                Err(SendError::Permanent { code, reply }) => {
                    report.failed += 1;
                    ctl.advance(1);
                    Delivery::Failed(format!("{code} {reply}"))
                }
                Err(SendError::Message(why)) => {
                    report.failed += 1;
                    ctl.advance(1);
                    Delivery::Failed(why)
                }
                Err(SendError::Temporary(why)) => Delivery::Deferred { error: why, retry_at: now + backoff(attempts) },
                Err(SendError::Setup(why)) => {
                    report.stopped.get_or_insert(format!("the SMTP server refused the connection setup: {why}"));
                    Delivery::NotSent
                }
            };
            outcomes.push((sub, delivery));
        }
    }
}

/// Sleeps until the store's clock reaches `at` (a deferred row's time), waking for a cancel.
fn wait_until(store: &Store, at: i64, ctl: &JobCtl) {
    while store.now() < at && !ctl.is_cancelled() {
        std::thread::sleep(Duration::from_millis(100));
    }
}
