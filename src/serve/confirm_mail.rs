//! The confirmation mail of a web sign-up: its link (`{base}confirm?token=T`, which opens a
//! page with a button: the link alone confirms nothing), its text, and the thread that sends
//! them one after another.

use std::sync::mpsc::{Sender, channel};

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
    let text = format!(
        "Someone, probably you, signed up {email} for email alerts from {blog}.\n\n\
         To confirm, open this link and press the button on the page:\n\n{url}\n\n\
         If it was not you, ignore this message: nothing more will be sent, and the sign-up is \
         forgotten in a few days.\n",
        email = mail.email,
        url = link(base, "confirm", &mail.token),
    );
    (subject, text)
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
