//! A request as the answering code sees it, already read off the connection (its body too,
//! within the limits), and the answer it gives: plain values, so every page and refusal can be
//! worked out and tested without a socket.

use std::net::SocketAddr;

use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, StatusCode};

use crate::audience::form::FormError;

/// One request: method, target (path and query), headers, the peer, and the body as far as it
/// was read (only forms are read; anything else gets an empty body).
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: HeaderMap,
    pub peer: Option<SocketAddr>,
    pub body: Result<Vec<u8>, FormError>,
}

impl Request {
    /// A bodiless request, as tests and GETs make them.
    pub fn new(method: Method, url: &str) -> Request {
        Request { method, url: url.to_string(), headers: HeaderMap::new(), peer: None, body: Ok(Vec::new()) }
    }

    /// The value of header `name` when there is one and it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The path without query or fragment.
    pub fn path(&self) -> &str {
        self.url.split(['?', '#']).next().unwrap_or("")
    }
}

/// An answer: status, headers and the whole body (pages and site files are small).
pub type Reply = hyper::Response<Vec<u8>>;

/// An answer of `status` with `body` and these headers; a header that is not valid HTTP is
/// left out rather than sent broken.
pub fn reply(status: u16, body: Vec<u8>, headers: &[(&str, &str)]) -> Reply {
    let mut reply = hyper::Response::new(body);
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(*name), HeaderValue::try_from(*value)) {
            reply.headers_mut().append(name, value);
        }
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_that_are_not_http_are_left_out() {
        let r = reply(404, b"x".to_vec(), &[("Content-Type", "text/plain"), ("Location", "/a\r\nSet-Cookie: x=1")]);
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers().get("content-type").unwrap(), "text/plain");
        assert!(r.headers().get("location").is_none() && r.headers().get("set-cookie").is_none());
        let request = Request::new(Method::GET, "/confirm?token=1#x");
        assert_eq!(request.path(), "/confirm");
        assert_eq!(request.header("host"), None);
    }
}
