//! Reading a request's form: a body limit checked before anything is read past it, the
//! `application/x-www-form-urlencoded` format, and the query string.

use std::time::Duration;

use crate::request::Request;

/// Forms here are an address and a few tag names: anything bigger is not one of ours.
pub const BODY_LIMIT: usize = 8 * 1024;

/// The longest a form's body may take to arrive. A sign-up form is a few hundred bytes, one
/// packet; a client still sending after this is holding one of the few workers on purpose.
pub const BODY_DEADLINE: Duration = Duration::from_secs(5);

/// Why a request's form was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    TooLarge,
    /// The body did not arrive within `BODY_DEADLINE` (a client trickling it to hold a worker).
    TooSlow,
    /// Not `application/x-www-form-urlencoded`.
    WrongType,
    /// Bad percent-encoding or not UTF-8.
    Malformed,
    /// The connection failed while reading.
    Unreadable,
}

/// A decoded form: pairs in order, a name may repeat (`tags`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }
}

/// Parses `a=1&b=x+y&b=%C3%A9`; None when an escape is malformed or the result is not UTF-8.
pub fn parse(text: &str) -> Option<Form> {
    let mut pairs = Vec::new();
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((decode(name)?, decode(value)?));
    }
    Some(Form(pairs))
}

fn decode(s: &str) -> Option<String> {
    crate::files::percent_decode(&s.replace('+', " "))
}

/// The query string of a request URL as a form.
pub fn query(url: &str) -> Option<Form> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    parse(query.split('#').next().unwrap_or(""))
}

/// The body of a form request: its read error (too large, too slow, cut off) first, then its
/// type when `check_type` (RFC 8058's one-click unsubscribe may come as any type), then UTF-8.
pub fn read_body(request: &Request, check_type: bool) -> Result<String, FormError> {
    let bytes = request.body.as_ref().map_err(|e| *e)?;
    if check_type {
        let form_type = request.header("Content-Type").is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.split(';').next().is_some_and(|t| t.trim() == "application/x-www-form-urlencoded")
        });
        if !form_type {
            return Err(FormError::WrongType);
        }
    }
    String::from_utf8(bytes.clone()).map_err(|_| FormError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_percent_and_repeated_names() {
        let form = parse("email=a%2Bb%40example.com&tags=rust&tags=open+source&website=").unwrap();
        assert_eq!(form.get("email"), Some("a+b@example.com"));
        assert_eq!(form.all("tags"), vec!["rust".to_string(), "open source".into()]);
        assert_eq!(form.get("website"), Some(""));
        assert_eq!(form.get("missing"), None);
        assert_eq!(query("/confirm?token=ab&x=1#frag").unwrap().get("token"), Some("ab"));
        assert_eq!(query("/confirm").unwrap(), Form::default());
    }

    #[test]
    fn malformed_escapes_and_non_utf8_are_refused() {
        for bad in ["email=%zz", "email=%", "email=%ff", "%c3=1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
