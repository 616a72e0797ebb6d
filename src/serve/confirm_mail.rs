//! The confirmation mail of a web sign-up: its link (`{base}confirm?token=T`, which opens a
//! page with a button: the link alone confirms nothing), its text, and the thread that sends
//! them one after another through byline-mail's `Mailer`.

use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use byline_mail::{Mailer, Outgoing, SendError};

/// A confirmation due: `token` goes to `email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmMail {
    pub email: String,
    pub token: String,
}

/// `base` with exactly one `/` before `path`.
pub fn link(base: &str, path: &str, token: &str) -> String {
    format!("{}/{path}?token={token}", base.trim_end_matches('/'))
}

/// The subject and plain text of the mail.
pub fn message(blog_title: &str, base: &str, mail: &ConfirmMail) -> (String, String) {
    let blog = if blog_title.trim().is_empty() { "the blog" } else { blog_title.trim() };
    let subject = format!("Confirm your email alerts from {blog}");
    // Short lines: no mail client or transfer encoding ever breaks the link.
    let text = format!(
        "Someone, probably you, signed up {email}\n\
         for email alerts from {blog}.\n\n\
         To confirm, open this link and press the button on the page:\n\n\
         {url}\n\n\
         If it was not you, ignore this message: nothing more is sent,\n\
         and the sign-up is forgotten in a few days.\n",
        email = mail.email,
        url = link(base, "confirm", &mail.token),
    );
    (subject, text)
}

/// Sends confirmations through `mailer`, naming the blog `title` and building links on `base`.
pub struct Confirmations {
    pub mailer: Mailer,
    pub title: String,
    pub base: String,
    sent: u64,
}

/// Waits between tries of a temporarily refused mail (a 4xx, a dropped connection).
const RETRY_WAITS: [Duration; 2] = [Duration::from_secs(2), Duration::from_secs(10)];

impl Confirmations {
    pub fn new(mailer: Mailer, title: &str, base: &str) -> Confirmations {
        Confirmations { mailer, title: title.to_string(), base: base.to_string(), sent: 0 }
    }

    /// Sends one confirmation, trying again after temporary failures.
    pub fn send(&mut self, mail: &ConfirmMail) -> Result<(), SendError> {
        let (subject, text) = message(&self.title, &self.base, mail);
        self.sent += 1;
        // Unique per message; the token stays out of it (Message-IDs end up in logs).
        let stamp = jiff::Timestamp::now().as_nanosecond();
        let domain = self.mailer.from().email.domain().to_string();
        let out = Outgoing {
            to_email: mail.email.clone(),
            to_name: None,
            subject,
            text,
            html: None,
            message_id: format!("confirm.{stamp}.{}@{domain}", self.sent),
            list: None,
        };
        let mut result = self.mailer.send(&out);
        for wait in RETRY_WAITS {
            match &result {
                Err(e) if e.is_temporary() => std::thread::sleep(wait),
                _ => break,
            }
            result = self.mailer.send(&out);
        }
        result
    }
}

/// Starts the thread that hands each mail to `deliver`, in order; it ends when every sender
/// is dropped.
pub fn spawn(mut deliver: impl FnMut(ConfirmMail) + Send + 'static) -> Sender<ConfirmMail> {
    let (tx, rx) = channel::<ConfirmMail>();
    std::thread::spawn(move || {
        for mail in rx {
            deliver(mail);
        }
    });
    tx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_joins_the_base_and_the_text_names_the_address() {
        assert_eq!(link("http://127.0.0.1:9/", "confirm", "ab"), "http://127.0.0.1:9/confirm?token=ab");
        assert_eq!(link("https://x.org/blog", "confirm", "ab"), "https://x.org/blog/confirm?token=ab");
        let mail = ConfirmMail { email: "a@example.com".into(), token: "ab".into() };
        let (subject, text) = message("My Blog", "https://x.org/", &mail);
        assert_eq!(subject, "Confirm your email alerts from My Blog");
        assert!(text.contains("a@example.com") && text.contains("https://x.org/confirm?token=ab"), "{text}");
    }
}
