//! The `[smtp]` section: where newsletters are handed over, and the URL type that hides its password.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How mail leaves: the server, the sender, the limits and DKIM. Every key is optional: without
/// a `url` (and no `BYLINE_SMTP_URL`) nothing can be sent, but everything else still works.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://...` (TLS from the first
    /// byte), `smtp://host:25` (plain, loopback only). `BYLINE_SMTP_URL` wins over it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SmtpUrl>,
    /// The sender, as `Blog <news@example.org>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Where `List-Unsubscribe`'s `mailto:` goes (default: `unsubscribe@` the From domain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsubscribe_mailto: Option<String>,
    /// The `List-Id` (default: the From domain with a `newsletter.` prefix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_id: Option<String>,
    /// Messages per second at most (default 0: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_second: Option<u32>,
    /// Messages per hour at most, for providers' caps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_hour: Option<u32>,
    /// Messages per day at most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_day: Option<u32>,
    /// SMTP connections kept open and reused (default 8: lettre 0.11.23 sends without
    /// TCP_NODELAY, so each connection waits out the server's delayed ACK, about 40 ms, per
    /// message; throughput grows with connections until a lettre release sets it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connections: Option<u32>,
    /// A PEM RSA key (PKCS#1) or a base64 Ed25519 key: messages are DKIM-signed when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dkim_key: Option<PathBuf>,
    /// The DKIM selector published in DNS (`SELECTOR._domainkey.DOMAIN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dkim_selector: Option<String>,
    /// Permanent failures after which a subscriber is marked bouncing (default 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounce_limit: Option<u32>,
}

/// An SMTP URL that may hold a password: `Debug`, `Display` and `Serialize` (so `byline config
/// show`) print it with the password replaced; only `expose` gives the real text, for the mailer.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn new(url: impl Into<String>) -> Self {
        SmtpUrl(url.into())
    }

    /// The URL with its password, for the transport only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The password as written in the URL (percent-encoded), if there is one: for scrubbing
    /// error texts that might echo it.
    pub fn password(&self) -> Option<&str> {
        let (_, userinfo, _) = split_userinfo(&self.0)?;
        userinfo.split_once(':').map(|(_, pass)| pass).filter(|p| !p.is_empty())
    }

    /// The URL with the password as `***`.
    pub fn redacted(&self) -> String {
        match split_userinfo(&self.0) {
            Some((scheme, userinfo, rest)) => match userinfo.split_once(':') {
                Some((user, _)) => format!("{scheme}{user}:***@{rest}"),
                None => self.0.clone(),
            },
            None => self.0.clone(),
        }
    }
}

/// `scheme://`, `user:pass` and what follows the `@`, when the URL has user information. The
/// authority ends at the first `/`, `?` or `#`; its last `@` ends the user information.
fn split_userinfo(url: &str) -> Option<(&str, &str, &str)> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    let at = url[start..authority_end].rfind('@')? + start;
    Some((&url[..start], &url[start..at], &url[at + 1..]))
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpUrl({:?})", self.redacted())
    }
}

impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl<'de> Deserialize<'de> for SmtpUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let url = String::deserialize(d)?;
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            // Not the text itself: it may be a URL with a password and a typo in the scheme.
            return Err(serde::de::Error::custom("the SMTP url starts with smtp:// or smtps://"));
        }
        Ok(SmtpUrl(url))
    }
}

impl Serialize for SmtpUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let url = SmtpUrl::new("smtp://ann:s3cr%40t@mail.example.org:587?tls=required");
        for shown in [
            format!("{url}"),
            format!("{url:?}"),
            toml::to_string(&SmtpConfig { url: Some(url.clone()), ..Default::default() }).unwrap(),
        ] {
            assert!(!shown.contains("s3cr"), "{shown}");
            assert!(shown.contains("ann:***@mail.example.org:587"), "{shown}");
        }
        assert_eq!(url.password(), Some("s3cr%40t"));
        assert_eq!(url.expose(), "smtp://ann:s3cr%40t@mail.example.org:587?tls=required");
    }

    #[test]
    fn urls_without_a_password_are_shown_whole() {
        let url = SmtpUrl::new("smtp://127.0.0.1:2525");
        assert_eq!(url.redacted(), "smtp://127.0.0.1:2525");
        assert_eq!(url.password(), None);
        assert_eq!(SmtpUrl::new("smtp://host/x@y").redacted(), "smtp://host/x@y");
    }

    #[test]
    fn a_wrong_scheme_is_refused_without_echoing_the_url() {
        // The config loader shows toml's message (never the line itself): see error::located.
        let err = toml::from_str::<SmtpConfig>("url = \"http://u:hunter2@h\"").unwrap_err();
        assert!(!err.message().contains("hunter2"), "{}", err.message());
    }
}
