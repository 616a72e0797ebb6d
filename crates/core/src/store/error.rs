//! Store errors, worded for the person at the keyboard.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::{PostId, ValidationError};

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
    #[error("no author '{0}': see `byline author list`")]
    AuthorNotFound(String),
    #[error("post {post} is not tagged '{tag}'")]
    NotTagged { post: PostId, tag: String },
    #[error("{subscribers} subscriber(s) follow '{tag}'; deleting it would change what they receive")]
    TagFollowed { tag: String, subscribers: i64 },
    #[error("'{from}' and '{into}' are the same tag")]
    SameTag { from: String, into: String },
    #[error("the trash is empty")]
    TrashEmpty,
    #[error("no post '{0}' in the trash: see `byline post trash`")]
    NotInTrash(String),
    #[error("cannot save to trash: {0}")]
    TrashSnapshot(serde_json::Error),
    #[error("damaged trash entry: {0}")]
    TrashDamaged(serde_json::Error),
    #[error("cannot autosave: {0}")]
    AutosaveEncode(serde_json::Error),
    #[error("no randomness for a token: {0}")]
    NoRandomness(getrandom::Error),
    /// Adding: the name is quoted so the person sees which one.
    #[error("the name '{0}' contains control characters or line breaks: give it on one line")]
    NameHasControls(String),
    /// A name past `domain::MAX_NAME_CHARS`.
    #[error("a name can have at most {max} characters; this one has {chars}")]
    NameTooLong { chars: usize, max: usize },
    /// Editing: the form shows the name already.
    #[error("a name cannot contain control characters (tabs, line breaks)")]
    NameHasControlsInEdit,
    /// Confirming an address whose owner unsubscribed.
    #[error("'{0}' unsubscribed; only a new sign-up by its owner may re-activate it (remove and add it again)")]
    ConfirmUnsubscribed(String),
    /// Editing an unsubscribed address back to pending or active.
    #[error("'{0}' unsubscribed; only a new sign-up by its owner may re-activate it")]
    ResubscribeRefused(String),
    /// A newer search (or a cancel) interrupted this one.
    #[error("search cancelled")]
    SearchInterrupted,
    /// The embedded sample blog does not load: a build defect, worded for a bug report.
    #[error("{0}")]
    SampleBroken(String),
    #[error(
        "{path} was written by a newer byline (schema version {found}; this byline knows up to {known}): upgrade byline; the file was not changed"
    )]
    SchemaTooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is not a byline database ({why}); the file was not changed")]
    NotByline { path: PathBuf, why: String },
    #[error("cannot open {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A write on a database opened read-only.
    #[error("cannot change {path}: {why}; byline opened it read-only, so reading works but nothing was changed")]
    ReadOnly { path: PathBuf, why: String },
    /// SQLite refused a write because the file, its folder or its file system is read-only.
    #[error("the database is read-only (its file, folder or file system cannot be written); nothing was changed")]
    ReadOnlyDatabase,
    #[error("the database is busy: another program is writing to it; try again")]
    Busy,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("no followed feed '{0}': see `byline feeds list`")]
    FeedNotFound(String),
    /// Editing, publishing or deleting an item of a followed feed.
    #[error("post {post} is an item of the followed feed {feed} ('{title}'): followed items are read-only")]
    FollowedReadOnly { post: PostId, feed: i64, title: String },
    /// A permanent redirect to the address of another followed feed.
    #[error("the feed moved to {url}, which is already followed as feed {other}: remove one of them")]
    FeedMovedOntoAnother { url: String, other: i64 },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnlyDatabase,
            _ => StoreError::Sqlite(e),
        }
    }
}
