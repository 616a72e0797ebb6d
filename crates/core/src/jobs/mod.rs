//! Jobs: work that may take longer than a frame, with an id, progress, a cancel token and an
//! outcome. Knows nothing of terminals: the CLI runs a job inline with a progress bar, the TUI
//! runs it on a lane (a worker thread with its own connection) and shows its events.

mod control;
mod lane;

pub use control::{CancelToken, Cancelled, JobCtl, Progress};
pub use lane::{JobEvent, Lane, Policy};

/// Which job an event or a result belongs to; unique within one process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Finished; a one-line summary for the person ("imported 5,000 subscribers").
    Done(String),
    /// Stopped by its cancel token, having changed nothing it had not finished.
    Cancelled,
    /// Stopped by an error, worded for the person.
    Failed(String),
}
