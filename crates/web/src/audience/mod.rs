//! The audience endpoints of `byline serve`: sign up (`/subscribe`), confirm (`/confirm`, a
//! button, never the link itself), unsubscribe (`/unsubscribe`, RFC 8058 one-click) and
//! preferences (`/preferences`). This crate knows HTTP, forms, limits and pages; what a request
//! does to the subscribers is the `Audience` the binary hands over (it calls byline-core's ops).

pub mod form;
mod limits;
mod pages;
mod routes;

pub use limits::{Limits, RateLimiter};
pub(crate) use routes::{AudienceSite, handles, respond};

/// What happens to subscribers, as the HTTP side asks for it. Calls come from several worker
/// threads at once.
pub trait Audience: Send + Sync {
    /// A sign-up for `email` following `tags` (none: every post). The visitor is answered the
    /// same whatever the address was, so `Accepted` says nothing about it.
    fn sign_up(&self, email: &str, tags: &[String]) -> Result<SignUp, AudienceError>;
    /// Confirms the sign-up whose confirmation token this is.
    fn confirm(&self, token: &str) -> Result<Done, AudienceError>;
    /// Unsubscribes the owner of this subscriber token at once.
    fn unsubscribe(&self, token: &str) -> Result<Done, AudienceError>;
    /// The tags the owner of this subscriber token follows, or None for an unknown token.
    fn preferences(&self, token: &str) -> Result<Option<Preferences>, AudienceError>;
    /// Saves the tags followed (none: every post); None for an unknown token.
    fn save_preferences(&self, token: &str, tags: &[String]) -> Result<Option<Preferences>, AudienceError>;
}

/// How a sign-up went, as far as the visitor may know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUp {
    Accepted,
    /// Not an address mail can go to; nothing was stored.
    InvalidEmail,
}

/// What a link with a token did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Done,
    AlreadyDone,
    /// No such token (or it expired).
    Unknown,
}

/// The preferences page's content.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Preferences {
    pub email: String,
    /// Every tag there is, and whether it is followed.
    pub tags: Vec<TagChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TagChoice {
    pub name: String,
    pub followed: bool,
}

/// The store could not answer (busy for too long, a disk error): the visitor is asked to try
/// again, the reason goes to the server's log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AudienceError(pub String);
