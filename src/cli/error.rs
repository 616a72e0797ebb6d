//! Errors the binary prints as one line before exiting with status 1: a sentence for people, or
//! under `--json` an object with a stable `error` code for scripts.

use std::path::PathBuf;

use thiserror::Error;

use byline_core::domain::ValidationError;
use byline_core::ops::OpsError;
use byline_core::store::StoreError;

#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Tui(#[from] byline_tui::tui::TuiError),
    #[error(transparent)]
    Ops(#[from] OpsError),
    #[error(transparent)]
    Editor(#[from] byline_core::editor::EditorError),
    #[error(transparent)]
    Config(#[from] byline_core::config::ConfigError),
    #[error(transparent)]
    Follow(#[from] byline_core::follow::FollowError),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {why}")]
    File { path: String, why: String },
    /// `--db` or `BYLINE_DB` names a file that is not there: never silently a new, empty blog.
    #[error(
        "no database at {}: create one with `byline --db {} db init` (add --seed for the sample blog)",
        .0.display(), .0.display()
    )]
    NoDatabase(PathBuf),
    /// `--db` names a 0-byte file: never silently made a new blog.
    #[error(
        "{} is an empty file, not a byline database (a truncated copy or a wrong path?): to make a new blog there, remove it and run `byline --db {} db init`",
        .0.display(), .0.display()
    )]
    EmptyDbFile(PathBuf),
    /// `db check` found problems (listed before this line, or in the JSON on stdout).
    #[error("{0}")]
    CheckFailed(String),
    /// Some of the work was done and some not (an import with files it could not read): the
    /// details are on stdout, this line says how many.
    #[error("{0}")]
    Partial(String),
    /// `db init` on a file that exists.
    #[error("{}: already exists; `db init` never overwrites a file: choose a new path with --db", .0.display())]
    DbExists(PathBuf),
}

impl CliError {
    pub fn file(path: impl std::fmt::Display, why: impl std::fmt::Display) -> Self {
        CliError::File { path: path.to_string(), why: why.to_string() }
    }

    /// The stable code scripts match on (`--json` errors): what kind of failure, not its words.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Store(e) => store_code(e),
            CliError::Ops(e) => ops_code(e),
            CliError::Invalid(_) | CliError::Usage(_) => "invalid_input",
            CliError::Tui(_) => "terminal",
            CliError::Config(_) => "config",
            CliError::Follow(byline_core::follow::FollowError::Store(e)) => store_code(e),
            CliError::Follow(byline_core::follow::FollowError::CannotFollow { .. }) => "fetch_failed",
            CliError::Follow(
                byline_core::follow::FollowError::BadList { .. }
                | byline_core::follow::FollowError::NotAnItem(_)
                | byline_core::follow::FollowError::NoLink(_),
            ) => "invalid_input",
            CliError::Editor(_) => "editor",
            CliError::File { .. } => "io",
            CliError::NoDatabase(_) | CliError::EmptyDbFile(_) => "no_database",
            CliError::DbExists(_) => "conflict",
            CliError::CheckFailed(_) => "check_failed",
            CliError::Partial(_) => "partial",
        }
    }

    /// The error as `--json` prints it on stderr: `{"error": CODE, "message": TEXT}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": self.code(), "message": self.to_string() })
    }
}

fn ops_code(e: &OpsError) -> &'static str {
    match e {
        OpsError::Store(e) => store_code(e),
        OpsError::InFile { source, .. } => ops_code(source),
        OpsError::Invalid(_)
        | OpsError::Csv(_)
        | OpsError::StrictBadRow { .. }
        | OpsError::StrictSkipped { .. }
        | OpsError::ImportFailed { .. } => "invalid_input",
        OpsError::Json(_) => "internal",
        OpsError::Editor(_) => "editor",
        OpsError::Cancelled => "cancelled",
        OpsError::Io { .. } => "io",
        OpsError::BackupExists(_) | OpsError::SendRunning { .. } => "conflict",
        OpsError::NotPublished(_) => "invalid_input",
        OpsError::NeverSent(_) => "not_found",
    }
}

fn store_code(e: &StoreError) -> &'static str {
    use StoreError as S;
    match e {
        S::Invalid(_)
        | S::NameHasControls(_)
        | S::NameHasControlsInEdit
        | S::NameTooLong { .. }
        | S::SameTag { .. } => "invalid_input",
        S::PostNotFound(_)
        | S::TagNotFound(_)
        | S::SubscriberNotFound(_)
        | S::AuthorNotFound(_)
        | S::NotTagged { .. }
        | S::TrashEmpty
        | S::NotInTrash(_)
        | S::FeedNotFound(_) => "not_found",
        S::SlugTaken(_)
        | S::TagExists(_)
        | S::DuplicateEmail(_)
        | S::TagFollowed { .. }
        | S::ConfirmUnsubscribed(_)
        | S::ResubscribeRefused(_)
        | S::FollowedReadOnly { .. }
        | S::FeedMovedOntoAnother { .. } => "conflict",
        S::Busy => "locked",
        S::ReadOnly { .. } | S::ReadOnlyDatabase => "read_only",
        S::SchemaTooNew { .. } => "schema_too_new",
        S::NotByline { .. } => "not_byline",
        S::Io { .. } => "io",
        S::SearchInterrupted => "cancelled",
        S::Sqlite(_) => "database",
        // Defects rather than the person's doing (a damaged trash entry, no randomness...).
        _ => "internal",
    }
}
