//! Reading a request's form: a body limit checked before anything is read past it, the
//! `application/x-www-form-urlencoded` format, and the query string.

use std::time::{Duration, Instant};

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

/// Reads a request body of at most `BODY_LIMIT` bytes: a declared length over it is refused
/// before reading, and an undeclared one stops one byte past it.
pub fn read_body(request: &mut tiny_http::Request, check_type: bool) -> Result<String, FormError> {
    if request.body_length().is_some_and(|n| n > BODY_LIMIT) {
        return Err(FormError::TooLarge);
    }
    if check_type {
        let form_type = request.headers().iter().find(|h| h.field.equiv("Content-Type")).is_some_and(|h| {
            let value = h.value.as_str().to_ascii_lowercase();
            value.split(';').next().is_some_and(|t| t.trim() == "application/x-www-form-urlencoded")
        });
        if !form_type {
            return Err(FormError::WrongType);
        }
    }
    // The deadline is checked between reads: a client trickling its body is cut off once it
    // passes. (One that sends nothing at all still waits in `read`: tiny_http offers no way to
    // time a connection out, and a listener's timeout would stop its accept loop; nginx in
    // front, as the README shows, times such clients out before they reach serve.)
    let deadline = Instant::now() + BODY_DEADLINE;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    let reader = request.as_reader();
    loop {
        if Instant::now() > deadline {
            return Err(FormError::TooSlow);
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(FormError::TooSlow);
            }
            Err(_) => return Err(FormError::Unreadable),
        }
        if bytes.len() > BODY_LIMIT {
            return Err(FormError::TooLarge);
        }
    }
    String::from_utf8(bytes).map_err(|_| FormError::Malformed)
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
