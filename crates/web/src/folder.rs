//! GET and HEAD answered from the site folder: the file with its type and cache headers, a 304
//! when the client's copy is current, a redirect for a directory without its slash, and the
//! theme's `404.html` for anything else.

use std::path::Path;
use std::time::SystemTime;

use hyper::Method;

use crate::files::{self, Resolved};
use crate::request::{Reply, Request, reply};

/// The answer to `request` from the folder `root`.
pub fn answer(root: &Path, request: &Request) -> Reply {
    if !matches!(request.method, Method::GET | Method::HEAD) {
        return reply(405, b"only GET and HEAD here\n".to_vec(), &[("Allow", "GET, HEAD")]);
    }
    match files::resolve(root, &request.url) {
        Resolved::File(path) => send_file(request, &path, root),
        Resolved::Redirect(location) => {
            reply(301, format!("see {location}\n").into_bytes(), &[("Location", location.as_str())])
        }
        Resolved::NotFound => not_found(root),
    }
}

fn send_file(request: &Request, path: &Path, root: &Path) -> Reply {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok().map(http_date);
    let mut headers = vec![
        ("Content-Type", files::content_type(path)),
        ("Cache-Control", files::cache_control(path)),
        ("X-Content-Type-Options", "nosniff"),
    ];
    if let Some(m) = &modified {
        headers.push(("Last-Modified", m));
    }
    if modified.is_some() && request.header("If-Modified-Since") == modified.as_deref() {
        return reply(304, Vec::new(), &headers);
    }
    match std::fs::read(path) {
        Ok(bytes) => reply(200, bytes, &headers),
        // Gone between the look and the read (an export replacing it): as if never there.
        Err(_) => not_found(root),
    }
}

/// The theme's 404 page when the site has one, else a line of text; always status 404.
fn not_found(root: &Path) -> Reply {
    match std::fs::read(root.join("404.html")) {
        Ok(bytes) => reply(404, bytes, &[("Content-Type", "text/html; charset=utf-8")]),
        Err(_) => reply(404, b"not found\n".to_vec(), &[("Content-Type", "text/plain; charset=utf-8")]),
    }
}

/// An HTTP date (RFC 9110's IMF-fixdate), as `Last-Modified` and `If-Modified-Since` carry it.
fn http_date(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(ts) => ts.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_current_copy_gets_304_and_other_methods_405() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        let first = answer(dir.path(), &Request::new(Method::GET, "/"));
        assert_eq!((first.status().as_u16(), first.body().as_slice()), (200, b"home".as_slice()));
        let stamp = first.headers().get("last-modified").unwrap().to_str().unwrap().to_string();
        let mut again = Request::new(Method::GET, "/");
        again.headers.insert("if-modified-since", stamp.parse().unwrap());
        let second = answer(dir.path(), &again);
        assert_eq!(second.status(), 304);
        assert!(second.body().is_empty());
        let post = answer(dir.path(), &Request::new(Method::POST, "/"));
        assert_eq!(post.status(), 405);
        assert_eq!(post.headers().get("allow").unwrap(), "GET, HEAD");
    }
}
