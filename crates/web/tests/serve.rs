//! The server over a real socket on 127.0.0.1: status codes, headers and bodies as a browser or
//! a feed reader gets them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use byline_web::Server;

/// A site folder with a home page, a post, a feed, a stylesheet and a 404 page.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("posts/hello")).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><title>home</title>").unwrap();
    std::fs::write(root.join("posts/hello/index.html"), "<!doctype html><title>hello</title>").unwrap();
    std::fs::write(root.join("feed.xml"), "<rss version=\"2.0\"></rss>").unwrap();
    std::fs::write(root.join("style.css"), "body{}").unwrap();
    std::fs::write(root.join("404.html"), "<!doctype html><title>lost</title>").unwrap();
    dir
}

/// One request, answered whole: (status, headers lowercased, body).
fn request(addr: SocketAddr, head: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(format!("{head}\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (top, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = top.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn serving(dir: &std::path::Path, test: impl FnOnce(SocketAddr)) {
    let server = Server::bind("127.0.0.1:0", dir.to_path_buf()).unwrap();
    let addr = server.local_addr().unwrap();
    let stopper = server.stopper();
    std::thread::scope(|s| {
        s.spawn(|| server.run());
        test(addr);
        stopper.stop();
    });
}

#[test]
fn pages_feeds_and_styles_come_with_their_types_and_cache_headers() {
    let dir = site();
    serving(dir.path(), |addr| {
        let (status, headers, body) = request(addr, "GET / HTTP/1.1");
        assert_eq!(status, 200);
        assert_eq!(body, "<!doctype html><title>home</title>");
        assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
        assert!(header(&headers, "last-modified").is_some_and(|m| m.ends_with(" GMT")));

        let (status, headers, _) = request(addr, "GET /feed.xml HTTP/1.1");
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-type"), Some("application/rss+xml; charset=utf-8"));
        let (_, headers, _) = request(addr, "GET /style.css HTTP/1.1");
        assert_eq!(header(&headers, "cache-control"), Some("public, max-age=86400"));

        let (status, _, body) = request(addr, "GET /posts/hello/ HTTP/1.1");
        assert_eq!((status, body.as_str()), (200, "<!doctype html><title>hello</title>"));
    });
}

#[test]
fn a_directory_without_its_slash_is_redirected_and_unknown_paths_get_the_404_page() {
    let dir = site();
    serving(dir.path(), |addr| {
        let (status, headers, _) = request(addr, "GET /posts/hello HTTP/1.1");
        assert_eq!(status, 301);
        assert_eq!(header(&headers, "location"), Some("/posts/hello/"));
        for path in ["/nothing-here", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/posts/%00"] {
            let (status, headers, body) = request(addr, &format!("GET {path} HTTP/1.1"));
            assert_eq!(status, 404, "{path}");
            assert_eq!(body, "<!doctype html><title>lost</title>", "{path}");
            assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"));
        }
    });
}

#[test]
fn a_conditional_request_for_an_unchanged_page_gets_304_and_head_no_body() {
    let dir = site();
    serving(dir.path(), |addr| {
        let (_, headers, _) = request(addr, "GET / HTTP/1.1");
        let modified = header(&headers, "last-modified").unwrap().to_string();
        let (status, _, body) = request(addr, &format!("GET / HTTP/1.1\r\nIf-Modified-Since: {modified}"));
        assert_eq!((status, body.as_str()), (304, ""));
        let (status, headers, body) = request(addr, "HEAD / HTTP/1.1");
        assert_eq!((status, body.as_str()), (200, ""));
        assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"));
    });
}

#[test]
fn other_methods_are_refused_and_change_nothing() {
    let dir = site();
    serving(dir.path(), |addr| {
        let (status, headers, _) = request(addr, "DELETE / HTTP/1.1");
        assert_eq!(status, 405);
        assert_eq!(header(&headers, "allow"), Some("GET, HEAD"));
    });
    assert!(dir.path().join("index.html").exists());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let first = Server::bind("127.0.0.1:0", std::env::temp_dir()).unwrap();
    let addr = first.local_addr().unwrap();
    let err = Server::bind(&addr.to_string(), std::env::temp_dir()).err().expect("the port is taken");
    assert!(err.to_string().starts_with(&format!("cannot listen on {addr}: ")), "{err}");
}

#[test]
fn a_client_that_never_reads_its_answer_is_cut_off_after_the_write_deadline() {
    use std::time::Duration;
    let dir = site();
    let size = 64 << 20;
    std::fs::write(dir.path().join("big.bin"), vec![b'x'; size]).unwrap();
    let server =
        Server::bind("127.0.0.1:0", dir.path().to_path_buf()).unwrap().with_write_deadline(Duration::from_secs(1));
    let addr = server.local_addr().unwrap();
    let stopper = server.stopper();
    let (others, got) = std::thread::scope(|s| {
        s.spawn(|| server.run());
        let mut stalled = TcpStream::connect(addr).unwrap();
        stalled.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        // Reads nothing while the socket buffers fill and the server's write waits.
        std::thread::sleep(Duration::from_secs(3));
        let others = request(addr, "GET / HTTP/1.1").0;
        stalled.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = 0;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match stalled.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        stopper.stop();
        (others, got)
    });
    assert_eq!(others, 200, "others are answered meanwhile");
    assert!(got < size, "the whole {size} bytes arrived: the stalled answer was never cut off");
}
