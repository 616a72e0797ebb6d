//! The use cases: one function per thing a person can do, each one transaction, called by every face.
//!
//! The CLI, the TUI, and later the web server and background jobs call these rather than composing
//! store calls themselves, so a rule (an unsubscribed address is never re-activated, saving a post
//! clears the autosave) holds whichever face the person uses. Reads that need no composition stay
//! direct store calls.

mod error;

pub mod db;
pub mod import;
pub mod list;
pub mod mailing;
pub mod newsletter;
pub mod posts;
pub mod signup;
pub mod state;
pub mod subscribers;
pub mod subscribers_csv;
pub mod tags;

#[cfg(test)]
mod tests;

pub use error::OpsError;

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

/// What a change did, and the item as it is afterwards: "already a draft" is not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<T> {
    /// False when the item already was as asked.
    pub changed: bool,
    pub item: T,
}
