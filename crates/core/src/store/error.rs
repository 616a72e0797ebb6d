//! Store errors, worded for the person at the keyboard.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::ValidationError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("no post '{0}': check the id or slug with `byline post list`")]
    PostNotFound(String),
    #[error("no tag '{0}': see `byline tag list`")]
    TagNotFound(String),
    #[error("no subscriber '{0}': see `byline subscriber list`")]
    SubscriberNotFound(String),
    #[error("the slug '{0}' is already used by another post: choose another with --slug")]
    SlugTaken(String),
    #[error("a tag named '{0}' already exists")]
    TagExists(String),
    #[error("'{0}' is already subscribed")]
    DuplicateEmail(String),
    #[error("{0}")]
    Refused(String),
    #[error(
        "{path} was written by a newer byline (schema version {found}; this byline knows up to {known}): upgrade byline; the file was not changed"
    )]
    SchemaTooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is not a byline database ({why}); the file was not changed")]
    NotByline { path: PathBuf, why: String },
    #[error("cannot open {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the database is busy: another byline is writing; try again")]
    Busy,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}
