//! Email subscribers: validated addresses and the pending/active/unsubscribed life cycle.

use serde::Serialize;

use super::{SubscriberId, ValidationError};

/// The longest subscriber name kept, in characters: enough for any real name, small enough that
/// a hostile CSV or form cannot store megabytes in one field.
pub const MAX_NAME_CHARS: usize = 200;

/// A syntactically valid email address with a dotted domain (what a newsletter can deliver to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        let bad = |why: &str| ValidationError::BadEmail(s.to_string(), why.to_string());
        if t.is_empty() {
            return Err(bad("it is empty"));
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("it contains spaces or control characters"));
        }
        let addr: email_address::EmailAddress = t.parse().map_err(|e: email_address::Error| bad(&e.to_string()))?;
        let domain = addr.domain();
        // RFC 5322 allows "user@localhost" and IP literals; a mailing list cannot use them.
        if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
            return Err(bad("the domain needs a dot, like example.com"));
        }
        // The domain part is case-insensitive; lowercase it so exports are tidy. Keep the local part.
        Ok(Email(format!("{}@{}", addr.local_part(), domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriberStatus {
    Pending,
    Active,
    Unsubscribed,
}

impl SubscriberStatus {
    pub const NAMES: &'static str = "pending, active, unsubscribed";

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pending" => Ok(Self::Pending),
            "active" => Ok(Self::Active),
            "unsubscribed" => Ok(Self::Unsubscribed),
            _ => Err(ValidationError::BadStatus(s.to_string(), Self::NAMES)),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Unsubscribed => "unsubscribed",
        }
    }
}

/// A subscriber as stored. `tags` empty means they follow every post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    pub id: SubscriberId,
    pub email: String,
    pub name: Option<String>,
    pub status: SubscriberStatus,
    pub tags: Vec<String>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub unsubscribed_at: Option<i64>,
    /// Unguessable; for unsubscribe links. Never printed in lists.
    #[serde(skip)]
    pub token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(Email::parse(" Ann.Lee+news@Example.COM ").unwrap().as_str(), "Ann.Lee+news@example.com");
    }

    #[test]
    fn refuses_what_cannot_be_mailed() {
        for bad in
            ["foo@", "@example.com", "no at sign", "a b@example.com", "x@localhost", "", "x@[127.0.0.1]", "a@b@c.com"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
