//! GET and HEAD answered from the site folder: the file with its type and cache headers (text
//! gzipped for clients that take it), a 304 when the client's copy is current, a redirect for a
//! directory without its slash, and the theme's `404.html` for anything else.

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
    let text = files::is_text(path);
    if text {
        // The answer depends on Accept-Encoding: caches must keep the two apart.
        headers.push(("Vary", "Accept-Encoding"));
    }
    if modified.is_some() && request.header("If-Modified-Since") == modified.as_deref() {
        return reply(304, Vec::new(), &headers);
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        // Gone between the look and the read (an export replacing it): as if never there.
        Err(_) => return not_found(root),
    };
    if text && bytes.len() >= GZIP_FROM && accepts_gzip(request) {
        if let Some(packed) = gzip(path, &bytes) {
            headers.push(("Content-Encoding", "gzip"));
            return reply(200, packed, &headers);
        }
    }
    reply(200, bytes, &headers)
}

/// Smaller answers are sent as they are: gzip's header and the work would outweigh the saving.
const GZIP_FROM: usize = 1024;

/// Whether the client takes gzip (`Accept-Encoding: gzip, br` and the like; `gzip;q=0` refuses).
fn accepts_gzip(request: &Request) -> bool {
    request.headers.get_all("accept-encoding").iter().filter_map(|v| v.to_str().ok()).any(|value| {
        value.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    })
}

/// The file gzipped: the export's own `.gz` beside it when that is at least as new (an export
/// with `--precompress`), else compressed now at a fast level.
fn gzip(path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut packed_path = path.as_os_str().to_owned();
    packed_path.push(".gz");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(packed), Some(plain)) = (modified(Path::new(&packed_path)), modified(path)) {
        if packed >= plain {
            if let Ok(packed) = std::fs::read(&packed_path) {
                return Some(packed);
            }
        }
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
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
    fn pages_go_gzipped_to_clients_that_take_it_and_plain_to_others() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let page = "<p>a paragraph of a post</p>\n".repeat(100);
        std::fs::write(dir.path().join("index.html"), &page).unwrap();
        std::fs::write(dir.path().join("small.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.path().join("logo.png"), vec![7u8; 4096]).unwrap();
        let get = |url: &str, accept: Option<&str>| {
            let mut request = Request::new(Method::GET, url);
            if let Some(accept) = accept {
                request.headers.insert("accept-encoding", accept.parse().unwrap());
            }
            answer(dir.path(), &request)
        };
        let packed = get("/", Some("gzip, deflate, br"));
        assert_eq!(packed.headers().get("content-encoding").unwrap(), "gzip");
        assert_eq!(packed.headers().get("vary").unwrap(), "Accept-Encoding");
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(packed.body().as_slice()).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, page);
        assert!(packed.body().len() < page.len() / 4);
        for (url, accept) in
            [("/", None), ("/", Some("gzip;q=0, identity")), ("/small.html", Some("gzip")), ("/logo.png", Some("gzip"))]
        {
            let plain = get(url, accept);
            assert!(plain.headers().get("content-encoding").is_none(), "{url} {accept:?}");
            assert_eq!(plain.status(), 200);
        }
        // The export's own .gz, when it is at least as new as the page, is sent as it is.
        std::fs::write(dir.path().join("index.html.gz"), b"precompressed").unwrap();
        assert_eq!(get("/", Some("gzip")).body().as_slice(), b"precompressed");
    }

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
