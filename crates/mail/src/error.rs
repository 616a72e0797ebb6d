//! What can go wrong setting up the mailer or handing over one message, in the person's terms.

use thiserror::Error;

/// The `[smtp]` settings cannot give a working mailer. Never holds the URL's password.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SettingsError {
    #[error("no SMTP server: set url in the config's [smtp] section or BYLINE_SMTP_URL")]
    NoUrl,
    #[error("no sender: set from in the config's [smtp] section, as \"Blog <news@example.org>\"")]
    NoFrom,
    #[error("the SMTP url {url} is not usable: {why}")]
    BadUrl { url: String, why: String },
    #[error("the sender {from:?} is not an address like \"Blog <news@example.org>\": {why}")]
    BadFrom { from: String, why: String },
    #[error("dkim_key {path}: {why}")]
    DkimKey { path: String, why: String },
    #[error("dkim_key is set but dkim_selector is not (the name published as SELECTOR._domainkey)")]
    NoSelector,
}

/// One message not accepted. `Temporary` is worth trying again later (4xx, a dropped or refused
/// connection, a timeout); `Permanent` is the server's final no (5xx) with its reply; `Message`
/// means this message cannot be built (an address lettre refuses), which no retry can fix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SendError {
    #[error("temporary failure: {0}")]
    Temporary(String),
    #[error("refused by the server ({code}): {reply}")]
    Permanent { code: u16, reply: String },
    #[error("cannot build the message: {0}")]
    Message(String),
    /// The server refused the account or the connection itself (authentication, TLS): no
    /// message can go until the settings are fixed, so a run stops rather than failing rows.
    #[error("the SMTP server refused the connection setup: {0}")]
    Setup(String),
}

impl SendError {
    pub fn is_temporary(&self) -> bool {
        matches!(self, SendError::Temporary(_))
    }
}

/// `text` with every occurrence of `secret` replaced, so no error can carry the password.
pub(crate) fn scrub(text: String, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() && text.contains(s) => text.replace(s, "***"),
        _ => text,
    }
}
