//! Warns when a secret the config points at (the SMTP password, the DKIM key) can be read by others.

use std::path::Path;

use super::LoadedConfig;

impl LoadedConfig {
    /// One line per secret that users other than the owner can read, saying how to fix it. ssh
    /// refuses such a key outright; byline only warns, since refusing would stop a newsletter
    /// that a shared machine's admin set up on purpose.
    pub fn exposed_secrets(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let smtp = &self.config.smtp;
        if let (Some(path), Some(_)) = (&self.path, smtp.url.as_ref().and_then(|u| u.password())) {
            if let Some(mode) = readable_by_others(path) {
                warnings.push(format!(
                    "{} holds the SMTP password and others can read it (mode {mode:o}): chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
        }
        if let Some(key) = &smtp.dkim_key {
            // The mailer opens the path as written (relative to the working folder), so it is
            // looked at the same way.
            if let Some(mode) = readable_by_others(key) {
                warnings.push(format!(
                    "the DKIM key {} can be read by others (mode {mode:o}): chmod 600 {}",
                    key.display(),
                    key.display()
                ));
            }
        }
        warnings
    }
}

/// The file's permission bits when group or others may read it; `None` when it is private or
/// cannot be looked at (a missing key is reported where it is used).
#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o044 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn config_at(dir: &Path, mode: u32, text: &str) -> LoadedConfig {
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        LoadedConfig::parse(&path, text.to_string()).unwrap()
    }

    #[test]
    fn a_password_in_a_file_others_can_read_is_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = config_at(dir.path(), 0o644, "[smtp]\nurl = \"smtp://me:s3cret@mail.example.com:587\"\n");
        let warnings = loaded.exposed_secrets();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("SMTP password") && warnings[0].contains("mode 644"), "{}", warnings[0]);
        assert!(warnings[0].contains("chmod 600"), "{}", warnings[0]);
        assert!(!warnings[0].contains("s3cret"), "the warning must not print the password");
    }

    #[test]
    fn a_private_file_or_one_without_a_password_gives_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        let private = config_at(dir.path(), 0o600, "[smtp]\nurl = \"smtp://me:s3cret@mail.example.com\"\n");
        assert!(private.exposed_secrets().is_empty());
        let no_password = config_at(dir.path(), 0o644, "[smtp]\nurl = \"smtp://mail.example.com:25\"\n");
        assert!(no_password.exposed_secrets().is_empty());
    }

    #[test]
    fn a_dkim_key_others_can_read_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("dkim.pem");
        std::fs::write(&key, "key").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
        let text = format!("[smtp]\ndkim_key = {:?}\n", key.display().to_string());
        let loaded = config_at(dir.path(), 0o600, &text);
        let warnings = loaded.exposed_secrets();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("dkim.pem") && warnings[0].contains("mode 640"), "{}", warnings[0]);
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(loaded.exposed_secrets().is_empty());
    }
}
