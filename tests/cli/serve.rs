//! `byline serve`: the real binary exports the blog, serves it on 127.0.0.1, and exports again
//! when another byline process saves a post, so a browser reload shows it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::Db;

/// The server, killed when dropped (a test that fails must not leave it listening).
pub struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A GET over a real socket: (status, body).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

/// `byline [extra] serve --listen 127.0.0.1:0 --dir SITE` on `db`: the running server and the
/// address it got.
pub fn start(db: &Db, site: &Path, extra: &[&str]) -> (Serving, String) {
    // A std Command (assert_cmd's cannot spawn), isolated as the helpers' are.
    let home = db.dir.path();
    let mut child = std::process::Command::new(crate::common::BIN)
        .env("HOME", home.join("home"))
        .env("XDG_DATA_HOME", home.join("xdg"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_DB")
        .arg("--db")
        .arg(&db.path)
        .args(extra)
        .args(["serve", "--listen", "127.0.0.1:0", "--dir"])
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let serving = Serving(child);
    // "byline: serving http://127.0.0.1:PORT/ (Ctrl-C stops)" names the port it got.
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve stopped before serving").unwrap();
        if let Some(rest) = line.strip_prefix("byline: serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading: a closed pipe would fail the server's next line (a re-export's report).
    std::thread::spawn(move || lines.for_each(drop));
    (serving, addr)
}

#[test]
fn serve_exports_serves_and_shows_a_post_saved_by_another_process() {
    let db = Db::seeded();
    let site = db.dir.path().join("preview");
    let (_serving, addr) = start(&db, &site, &[]);

    let (status, home) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Behind the Page"), "the blog's title on its home page:\n{home}");
    assert_eq!(get(&addr, "/feed.xml").0, 200);
    let (status, page) = get(&addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(page.contains("<html"), "the theme's 404 page");

    db.add_post("Fresh from the reader", &["--publish", "--slug", "fresh"]);
    let start = Instant::now();
    loop {
        let (status, body) = get(&addr, "/posts/fresh/");
        if status == 200 {
            assert!(body.contains("Fresh from the reader"));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the new post never appeared (last status {status})");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_on_a_port_in_use_says_so() {
    let db = Db::seeded();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = db.cmd().args(["serve", "--listen", &addr, "--dir"]).arg(db.dir.path().join("p")).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("cannot listen on {addr}")), "{stderr}");
}
