//! What the faces need of newsletters besides the run itself: the sender the binary hands
//! down (so the TUI can start a send without linking SMTP), and the reads of the outbox view
//! and of the subscribers' mail columns.

use serde::Serialize;

use super::Result;
use crate::domain::{PostId, SubscriberId};
use crate::jobs::JobCtl;
use crate::store::Store;
use crate::store::outbox::{self, Problem, SubscriberMail};

/// What a send run did, as a face reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendSummary {
    pub title: String,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Rows of the whole send the server may or may not have (an earlier run stopped).
    pub unknown: u64,
    /// Rows that met only temporary failures: the next run retries them.
    pub deferred: u64,
    /// Why the run stopped before the end, if it did.
    pub stopped: Option<String>,
}

/// Sends (or resumes) a post's newsletter on `store` with progress on `ctl`. byline-mail's run
/// implements it in the binary; the error is worded for the person (it never shows a password).
pub trait Sender: Send + Sync {
    fn send(&self, store: &mut Store, post: PostId, retry_unknown: bool, ctl: &JobCtl) -> Result<SendSummary, String>;
}

/// Every send, newest first, and the failed, unknown and deferred rows of `selected` (at most
/// `limit`): the outbox view.
pub fn outbox(
    store: &Store,
    selected: Option<PostId>,
    limit: usize,
) -> Result<(Vec<super::newsletter::SendStatus>, Vec<Problem>)> {
    let sends = super::newsletter::status(store, None)?;
    let problems = match selected.or_else(|| sends.first().map(|s| s.post_id)) {
        Some(id) if sends.iter().any(|s| s.post_id == id) => outbox::problems(store.conn(), id, limit)?,
        _ => Vec::new(),
    };
    Ok((sends, problems))
}

/// The last delivery and bounce state of each subscriber in `ids`.
pub fn subscriber_mail(store: &Store, ids: &[SubscriberId]) -> Result<Vec<(SubscriberId, SubscriberMail)>> {
    Ok(outbox::subscriber_mail(store.conn(), ids)?)
}
