//! The mailer's settings, resolved from the config's `[smtp]` section and `BYLINE_SMTP_URL`.

use std::path::PathBuf;

use byline_core::config::{SmtpConfig, SmtpUrl};
use lettre::message::Mailbox;

use crate::error::SettingsError;

/// The environment variable that wins over `[smtp] url` (so a password can stay out of files).
pub const SMTP_URL_ENV: &str = "BYLINE_SMTP_URL";

/// Everything sending needs, checked: the sender parses, DKIM has its selector.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub url: SmtpUrl,
    pub from: Mailbox,
    /// The `List-Id` label, as `newsletter.example.org` (the header adds the angle brackets).
    pub list_id: String,
    /// The `mailto:` target of `List-Unsubscribe`.
    pub unsubscribe_mailto: String,
    pub limits: Limits,
    /// Connections the pool keeps and reuses.
    pub connections: u32,
    pub dkim: Option<DkimSettings>,
    pub bounce_limit: u32,
}

/// Sending speed caps; 0 is no cap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub per_second: u32,
    pub per_hour: u32,
    pub per_day: u32,
}

#[derive(Debug, Clone)]
pub struct DkimSettings {
    pub key: PathBuf,
    pub selector: String,
}

impl SmtpSettings {
    /// The config's section with `env_url` (the value of `BYLINE_SMTP_URL`, if set) over its url.
    pub fn resolve(config: &SmtpConfig, env_url: Option<String>) -> Result<Self, SettingsError> {
        let url = env_url.filter(|u| !u.trim().is_empty()).map(SmtpUrl::new).or_else(|| config.url.clone());
        let url = url.ok_or(SettingsError::NoUrl)?;
        let from_text = config.from.as_deref().ok_or(SettingsError::NoFrom)?;
        let from: Mailbox = from_text
            .parse()
            .map_err(|e| SettingsError::BadFrom { from: from_text.to_string(), why: format!("{e}") })?;
        let domain = from.email.domain().to_string();
        let dkim = match (&config.dkim_key, &config.dkim_selector) {
            (None, _) => None,
            (Some(_), None) => return Err(SettingsError::NoSelector),
            (Some(key), Some(selector)) => Some(DkimSettings { key: key.clone(), selector: selector.clone() }),
        };
        Ok(SmtpSettings {
            url,
            list_id: config.list_id.clone().unwrap_or_else(|| format!("newsletter.{domain}")),
            unsubscribe_mailto: config.unsubscribe_mailto.clone().unwrap_or_else(|| format!("unsubscribe@{domain}")),
            from,
            limits: Limits {
                per_second: config.per_second.unwrap_or(0),
                per_hour: config.per_hour.unwrap_or(0),
                per_day: config.per_day.unwrap_or(0),
            },
            // Each connection sends about 20 messages/s (lettre without TCP_NODELAY waits out the
            // server's delayed ACK per message): 8 is ~160/s, above listmonk's default 100/s,
            // and still under the concurrent-connection caps of common submission servers.
            connections: config.connections.unwrap_or(8).max(1),
            dkim,
            bounce_limit: config.bounce_limit.unwrap_or(3).max(1),
        })
    }

    /// `resolve` with the real environment.
    pub fn from_env(config: &SmtpConfig) -> Result<Self, SettingsError> {
        SmtpSettings::resolve(config, std::env::var(SMTP_URL_ENV).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SmtpConfig {
        SmtpConfig {
            url: Some(SmtpUrl::new("smtp://ann:pw@mail.example.org:587?tls=required")),
            from: Some("Ann's blog <news@example.org>".into()),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_come_from_the_sender_domain() {
        let s = SmtpSettings::resolve(&config(), None).unwrap();
        assert_eq!(s.list_id, "newsletter.example.org");
        assert_eq!(s.unsubscribe_mailto, "unsubscribe@example.org");
        assert_eq!(s.from.name.as_deref(), Some("Ann's blog"));
        assert_eq!(s.bounce_limit, 3);
        assert_eq!(s.connections, 8);
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let s = SmtpSettings::resolve(&config(), Some("smtp://127.0.0.1:2525".into())).unwrap();
        assert_eq!(s.url.expose(), "smtp://127.0.0.1:2525");
        let s = SmtpSettings::resolve(&config(), Some(" ".into())).unwrap();
        assert!(s.url.expose().contains("mail.example.org"));
    }

    #[test]
    fn missing_or_bad_values_are_named() {
        let mut c = config();
        c.from = Some("not an address".into());
        assert!(matches!(SmtpSettings::resolve(&c, None), Err(SettingsError::BadFrom { .. })));
        c.from = None;
        assert_eq!(SmtpSettings::resolve(&c, None).unwrap_err(), SettingsError::NoFrom);
        let mut c = config();
        c.url = None;
        assert_eq!(SmtpSettings::resolve(&c, None).unwrap_err(), SettingsError::NoUrl);
        let mut c = config();
        c.dkim_key = Some("k.pem".into());
        assert_eq!(SmtpSettings::resolve(&c, None).unwrap_err(), SettingsError::NoSelector);
    }

    #[test]
    fn debug_never_shows_the_password() {
        let s = SmtpSettings::resolve(&config(), None).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains(":pw@"), "{shown}");
    }
}
