//! The SMTP transport (lettre, blocking, with its connection pool) and the one way to hand it a
//! message: `send`, which says whether a failure is worth retrying.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::dkim::DkimConfig;
use lettre::transport::smtp::PoolConfig;
use lettre::{SmtpTransport, Transport};

use crate::error::{SendError, SettingsError, scrub};
use crate::outgoing::Outgoing;
use crate::settings::SmtpSettings;

/// How long a silent server may keep one command waiting.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Reply codes that say the account or the connection setup is wrong (authentication, TLS),
/// not the recipient: no message can go, so they stop a run instead of failing a row.
const SETUP_CODES: [u16; 5] = [530, 534, 535, 538, 454];

/// Cheap to clone: clones share the pool, so several threads can send at once.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    dkim: Option<std::sync::Arc<DkimConfig>>,
    /// The URL's password, raw and decoded, to scrub from error texts.
    secrets: Vec<String>,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("dkim", &self.dkim.is_some()).finish()
    }
}

impl Mailer {
    /// The transport for `settings`; nothing is connected until the first message.
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, SettingsError> {
        let raw_secret = settings.url.password().map(str::to_string);
        let secrets: Vec<String> =
            raw_secret.iter().flat_map(|s| [s.clone(), percent_decode(s)]).filter(|s| !s.is_empty()).collect();
        let url = lettre_url(settings.url.expose());
        let builder = SmtpTransport::from_url(&url).map_err(|e| SettingsError::BadUrl {
            url: settings.url.redacted(),
            why: scrub_all(e.to_string(), &secrets),
        })?;
        let transport = builder
            .timeout(Some(TIMEOUT))
            .pool_config(PoolConfig::new().max_size(settings.connections).idle_timeout(Duration::from_secs(60)))
            .build();
        let dkim = match &settings.dkim {
            Some(d) => Some(std::sync::Arc::new(crate::dkim::load(d, settings.from.email.domain())?)),
            None => None,
        };
        Ok(Mailer { transport, from: settings.from.clone(), dkim, secrets })
    }

    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Hands one message to the server; `Ok` once the server has accepted it.
    pub fn send(&self, out: &Outgoing) -> Result<(), SendError> {
        let mut message = out.to_message(&self.from)?;
        if let Some(dkim) = &self.dkim {
            message.sign(dkim);
        }
        self.transport.send(&message).map(|_| ()).map_err(|e| self.classify(&e))
    }

    /// The formatted message as it would go out (signed when DKIM is on): for `--dry-run`.
    pub fn render(&self, out: &Outgoing) -> Result<Vec<u8>, SendError> {
        let mut message = out.to_message(&self.from)?;
        if let Some(dkim) = &self.dkim {
            message.sign(dkim);
        }
        Ok(message.formatted())
    }

    fn classify(&self, e: &lettre::transport::smtp::Error) -> SendError {
        let reply = e.source().map(|s| s.to_string()).unwrap_or_default();
        let reply = scrub_all(reply.split_whitespace().collect::<Vec<_>>().join(" "), &self.secrets);
        let code = e.status().and_then(|c| c.to_string().parse::<u16>().ok());
        match code {
            Some(code) if SETUP_CODES.contains(&code) => SendError::Setup(format!("{code} {reply}")),
            Some(code) if e.is_permanent() => SendError::Permanent { code, reply },
            Some(code) => SendError::Temporary(format!("{code} {reply}")),
            None if e.is_tls() => SendError::Setup(scrub_all(e.to_string(), &self.secrets)),
            // lettre's client errors here are either "no authentication mechanism in common"
            // (the account's problem: stop) or an address the server cannot take (this row's).
            None if e.is_client() && e.to_string().to_ascii_lowercase().contains("authentication") => {
                SendError::Setup(scrub_all(e.to_string(), &self.secrets))
            }
            None if e.is_client() => SendError::Message(scrub_all(e.to_string(), &self.secrets)),
            None => SendError::Temporary(scrub_all(e.to_string(), &self.secrets)),
        }
    }
}

fn scrub_all(text: String, secrets: &[String]) -> String {
    secrets.iter().fold(text, |t, s| scrub(t, Some(s)))
}

/// byline's spellings of the TLS modes, in lettre's: `tls=starttls` is `required` (never fall
/// back to plain text), `tls=none` is plain.
fn lettre_url(url: &str) -> String {
    url.replace("tls=starttls", "tls=required").replace("?tls=none", "").replace("&tls=none", "")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::config::{SmtpConfig, SmtpUrl};

    #[test]
    fn tls_spellings_map_to_lettre() {
        assert_eq!(lettre_url("smtp://h:587?tls=starttls"), "smtp://h:587?tls=required");
        assert_eq!(lettre_url("smtp://h:25?tls=none"), "smtp://h:25");
        assert_eq!(percent_decode("s3cr%40t"), "s3cr@t");
    }

    #[test]
    fn a_refused_connection_is_temporary_and_never_shows_the_password() {
        // A port nothing listens on: bind, note the port, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = SmtpConfig {
            url: Some(SmtpUrl::new(format!("smtp://ann:hunter%322@127.0.0.1:{port}"))),
            from: Some("Blog <news@example.org>".into()),
            ..Default::default()
        };
        let mailer = Mailer::new(&crate::SmtpSettings::resolve(&config, None).unwrap()).unwrap();
        assert!(!format!("{mailer:?}").contains("hunter"));
        let out = crate::Outgoing {
            to_email: "bob@example.com".into(),
            to_name: None,
            subject: "s".into(),
            text: "t".into(),
            html: None,
            message_id: "m@example.org".into(),
            list: None,
        };
        let err = mailer.send(&out).unwrap_err();
        assert!(err.is_temporary(), "{err:?}");
        assert!(!err.to_string().contains("hunter"), "{err}");
    }
}
