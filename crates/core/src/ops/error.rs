//! The use cases' errors: what went wrong, in the terms of the person who asked.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::ValidationError;
use crate::editor::EditorError;
use crate::jobs::Cancelled;
use crate::store::StoreError;
use crate::transfer::subscribers_csv::CsvError;

#[derive(Debug, Error)]
pub enum OpsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Editor(#[from] EditorError),
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The job was cancelled; its transaction was rolled back, so nothing changed.
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// An error about a file, named by its path as the person gave it.
    #[error("{}: {source}", path.display())]
    InFile { path: PathBuf, source: Box<OpsError> },
    /// A strict import met a row it cannot read; nothing was imported.
    #[error("line {line}: {why} ({bad} bad row(s); --strict imported nothing)")]
    StrictBadRow { line: u64, why: String, bad: usize },
    /// A strict import would skip rows (repeats, unsubscribed addresses); it was rolled back.
    #[error("--strict: some rows would be skipped; nothing was imported (run without --strict to see them)")]
    StrictSkipped { skipped: Vec<(u64, String)> },
    /// Only a published post is mailed (a draft or scheduled post has no page to link to).
    #[error("{0} is not published: only published posts are sent")]
    NotPublished(String),
    /// Two senders of one post would mark each other's messages unknown.
    #[error("post {post} is being sent by process {pid}; wait for it to finish")]
    SendRunning { post: String, pid: i64 },
    #[error("post {0} has never been sent (byline newsletter send {0})")]
    NeverSent(String),
    /// An all-or-nothing import met a file or item it could not import; nothing was imported.
    #[error("{} problem(s), so nothing was imported (--all-or-nothing); the first: {}", problems.len(), problems.first().map(ToString::to_string).unwrap_or_default())]
    ImportFailed { problems: Vec<crate::transfer::import::ImportProblem> },
    /// Writing JSON failed (a value serde cannot write).
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A backup never overwrites a file.
    #[error("{}: already exists; choose a new file name", .0.display())]
    BackupExists(PathBuf),
}

impl From<Cancelled> for OpsError {
    fn from(_: Cancelled) -> Self {
        OpsError::Cancelled
    }
}

impl OpsError {
    /// Names the file this error is about, unless it already does.
    pub fn in_file(self, path: &std::path::Path) -> Self {
        match self {
            OpsError::Io { .. } | OpsError::InFile { .. } | OpsError::BackupExists(_) => self,
            other => OpsError::InFile { path: path.to_path_buf(), source: Box::new(other) },
        }
    }

    /// The store error underneath, if any: faces map some of them to a form field.
    pub fn store_error(&self) -> Option<&StoreError> {
        match self {
            OpsError::Store(e) => Some(e),
            OpsError::InFile { source, .. } => source.store_error(),
            _ => None,
        }
    }
}
