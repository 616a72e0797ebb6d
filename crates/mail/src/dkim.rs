//! DKIM signing: the key from the configured file, and the headers the signature covers
//! (the list headers too, so a relay cannot swap the unsubscribe link).

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm, DkimSigningKey,
};
use lettre::message::header::HeaderName;

use crate::error::SettingsError;
use crate::settings::DkimSettings;

/// The headers signed: the ones a reader sees and the ones a mail client acts on.
pub const SIGNED_HEADERS: [&str; 9] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// Reads the key: a PEM RSA key (PKCS#1, `BEGIN RSA PRIVATE KEY`) or a base64 Ed25519 seed.
pub(crate) fn load(settings: &DkimSettings, domain: &str) -> Result<DkimConfig, SettingsError> {
    let path = settings.key.display().to_string();
    let text = std::fs::read_to_string(&settings.key)
        .map_err(|e| SettingsError::DkimKey { path: path.clone(), why: e.to_string() })?;
    let algorithm = if text.contains("-----BEGIN") { DkimSigningAlgorithm::Rsa } else { DkimSigningAlgorithm::Ed25519 };
    let key = DkimSigningKey::new(text.trim(), algorithm).map_err(|e| SettingsError::DkimKey {
        path,
        why: format!("{e} (an RSA key in PKCS#1 PEM, \"BEGIN RSA PRIVATE KEY\", or a base64 Ed25519 key)"),
    })?;
    let headers = SIGNED_HEADERS.iter().map(|h| HeaderName::new_from_ascii_str(h)).collect();
    // Relaxed both ways: relays re-fold headers and trailing spaces, which would break "simple".
    let canonicalization =
        DkimCanonicalization { header: DkimCanonicalizationType::Relaxed, body: DkimCanonicalizationType::Relaxed };
    Ok(DkimConfig::new(settings.selector.clone(), domain.to_string(), key, headers, canonicalization))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outgoing::{ListHeaders, Outgoing};

    #[test]
    fn signs_the_list_unsubscribe_headers() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("dkim.key");
        // An Ed25519 key is any 32 bytes, base64.
        std::fs::write(&key, "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n").unwrap();
        let config = load(&DkimSettings { key, selector: "s1".into() }, "example.org").unwrap();
        let out = Outgoing {
            to_email: "ann@example.com".into(),
            to_name: None,
            subject: "Hi".into(),
            text: "Hello".into(),
            html: None,
            message_id: "m1@example.org".into(),
            list: Some(ListHeaders {
                list_id: "newsletter.example.org".into(),
                list_name: None,
                unsubscribe_url: "https://example.org/unsubscribe?token=t".into(),
                unsubscribe_mailto: "unsubscribe@example.org".into(),
            }),
        };
        let mut message = out.to_message(&"Blog <news@example.org>".parse().unwrap()).unwrap();
        message.sign(&config);
        let text = String::from_utf8(message.formatted()).unwrap().replace("\r\n ", " ").replace("\r\n\t", " ");
        let signature = text.lines().find(|l| l.starts_with("DKIM-Signature:")).unwrap();
        assert!(signature.contains("d=example.org"), "{signature}");
        assert!(signature.contains("s=s1"), "{signature}");
        for h in ["list-unsubscribe", "list-unsubscribe-post", "list-id", "from", "subject"] {
            assert!(signature.to_ascii_lowercase().contains(h), "{h} not in {signature}");
        }
    }

    #[test]
    fn a_broken_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("dkim.key");
        std::fs::write(&key, "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n").unwrap();
        let err = load(&DkimSettings { key, selector: "s1".into() }, "example.org").unwrap_err();
        assert!(matches!(err, SettingsError::DkimKey { .. }), "{err:?}");
    }
}
