//! One newsletter message as byline means it (recipient, subject, parts, list headers, a given
//! Message-ID), built into a lettre `Message` whose headers nothing in the text can add to.

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue, MessageId};
use lettre::message::{Mailbox, MultiPart, SinglePart};

use crate::error::SendError;

/// A message to one subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to_email: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// Without angle brackets, as `post-3.sub-9.1f2e@example.org`: the same for every try, so a
    /// resend after a crash is recognisable as the same message.
    pub message_id: String,
    pub list: Option<ListHeaders>,
}

/// The list headers that let mail clients show an unsubscribe button (RFC 2369, RFC 8058).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeaders {
    /// `newsletter.example.org`; the header is `List-Id: NAME <newsletter.example.org>`.
    pub list_id: String,
    pub list_name: Option<String>,
    /// The personal https URL a one-click POST unsubscribes.
    pub unsubscribe_url: String,
    /// The address a `mailto:` unsubscribe goes to.
    pub unsubscribe_mailto: String,
}

pub(crate) const LIST_ID: HeaderName = HeaderName::new_from_ascii_str("List-Id");
pub(crate) const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
pub(crate) const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// Text that goes into a header on one line: control characters (CR, LF, tabs, NUL) become
/// spaces. lettre encodes header values, this is the second lock on the same door.
pub(crate) fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
}

impl Outgoing {
    /// The message from `from`, with a Date of now.
    pub(crate) fn to_message(&self, from: &Mailbox) -> Result<Message, SendError> {
        let address =
            self.to_email.trim().parse().map_err(|e| SendError::Message(format!("{}: {e}", self.to_email)))?;
        let to = Mailbox::new(self.to_name.as_deref().map(one_line).filter(|n| !n.is_empty()), address);
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(one_line(&self.subject))
            .header(MessageId::from(format!("<{}>", one_line(&self.message_id).replace(['<', '>', ' '], ""))));
        if let Some(list) = &self.list {
            let id = one_line(&list.list_id).replace(['<', '>'], "");
            let id = match list.list_name.as_deref().map(one_line).filter(|n| !n.is_empty()) {
                Some(name) => format!("{} <{id}>", name.replace(['<', '>', '"'], "")),
                None => format!("<{id}>"),
            };
            let unsubscribe = format!(
                "<{}>, <mailto:{}?subject=unsubscribe>",
                one_line(&list.unsubscribe_url).replace(['<', '>', ' '], ""),
                one_line(&list.unsubscribe_mailto).replace(['<', '>', ' ', '?'], "")
            );
            builder = builder
                .raw_header(HeaderValue::new(LIST_ID, id))
                .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, unsubscribe))
                .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click".into()));
        }
        let built = match &self.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(self.text.clone(), html.clone())),
            None => builder.singlepart(SinglePart::plain(self.text.clone())),
        };
        built.map_err(|e| SendError::Message(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing() -> Outgoing {
        Outgoing {
            to_email: "ann@example.com".into(),
            to_name: Some("Ann Lee".into()),
            subject: "Caching, part 2".into(),
            text: "Hello\n".into(),
            html: Some("<p>Hello</p>".into()),
            message_id: "post-1.sub-2.abc@example.org".into(),
            list: Some(ListHeaders {
                list_id: "newsletter.example.org".into(),
                list_name: Some("Ann's blog".into()),
                unsubscribe_url: "https://example.org/unsubscribe?token=t0k".into(),
                unsubscribe_mailto: "unsubscribe@example.org".into(),
            }),
        }
    }

    fn from() -> Mailbox {
        "Blog <news@example.org>".parse().unwrap()
    }

    /// The header block of a formatted message, unfolded, one header per entry.
    fn headers(msg: &Message) -> Vec<String> {
        let text = String::from_utf8(msg.formatted()).unwrap();
        let head = text.split("\r\n\r\n").next().unwrap().to_string();
        let mut out: Vec<String> = Vec::new();
        for line in head.split("\r\n") {
            match out.last_mut() {
                Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
                _ => out.push(line.to_string()),
            }
        }
        out
    }

    #[test]
    fn carries_the_list_headers_and_the_given_message_id() {
        let h = headers(&outgoing().to_message(&from()).unwrap());
        assert!(h.contains(&"List-Id: Ann's blog <newsletter.example.org>".to_string()), "{h:?}");
        assert!(
            h.contains(&"List-Unsubscribe: <https://example.org/unsubscribe?token=t0k>, <mailto:unsubscribe@example.org?subject=unsubscribe>".to_string()),
            "{h:?}"
        );
        assert!(h.contains(&"List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string()), "{h:?}");
        assert!(h.contains(&"Message-ID: <post-1.sub-2.abc@example.org>".to_string()), "{h:?}");
        assert!(h.iter().any(|l| l.starts_with("Content-Type: multipart/alternative")), "{h:?}");
    }

    #[test]
    fn line_breaks_in_titles_and_names_cannot_add_headers() {
        let mut out = outgoing();
        out.subject = "Hello\r\nBcc: victim@example.net\r\nX-Evil: 1".into();
        out.to_name = Some("Ann\r\nBcc: other@example.net".into());
        out.list.as_mut().unwrap().list_name = Some("Blog\nX-Evil: 2".into());
        out.message_id = "id@x\r\nX-Evil: 3".into();
        let h = headers(&out.to_message(&from()).unwrap());
        for line in &h {
            assert!(!line.to_ascii_lowercase().starts_with("bcc:"), "{h:?}");
            assert!(!line.to_ascii_lowercase().starts_with("x-evil"), "{h:?}");
        }
        assert_eq!(h.iter().filter(|l| l.starts_with("Subject:")).count(), 1);
        assert_eq!(h.iter().filter(|l| l.starts_with("To:")).count(), 1);
    }

    #[test]
    fn a_text_only_message_is_one_plain_part() {
        let mut out = outgoing();
        out.html = None;
        out.list = None;
        let h = headers(&out.to_message(&from()).unwrap());
        assert!(h.iter().any(|l| l.starts_with("Content-Type: text/plain")), "{h:?}");
        assert!(!h.iter().any(|l| l.starts_with("List-")), "{h:?}");
    }

    #[test]
    fn a_bad_address_is_a_message_error() {
        let mut out = outgoing();
        out.to_email = "not an address".into();
        assert!(matches!(out.to_message(&from()), Err(SendError::Message(_))));
    }
}
