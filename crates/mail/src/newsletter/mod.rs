//! Newsletters: a published post composed as email (`compose`), sent to its frozen outbox by a
//! resumable run (`run`) at the configured speed (`rate`).

mod compose;
mod rate;
mod run;

pub use compose::{Letter, base_url, post_url};
pub use rate::{Allowance, Rate};
pub use run::{SendOptions, SendReport, send_post};

use byline_core::ops::OpsError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum NewsletterError {
    #[error(transparent)]
    Ops(#[from] OpsError),
    /// Every sender thread ended (a panic in the SMTP code): what was in flight stays unknown.
    #[error("the sender threads stopped; run again to resume (rows in flight are reported unknown)")]
    Senders,
}
