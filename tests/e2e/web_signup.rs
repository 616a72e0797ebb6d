//! A sign-up on `byline serve` shows in the subscribers view of a reader open on the same
//! database: the real binary twice, the server over 127.0.0.1 and the reader in a pty.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::common::pty::*;

/// The server, killed when dropped.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &Db) -> (Serving, String) {
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(db.path())
        .args(["serve", "--listen", "127.0.0.1:0", "--dir"])
        .arg(db.dir().join("site"))
        .env("HOME", db.dir())
        .env("XDG_CONFIG_HOME", db.dir().join("config"))
        .env("XDG_CACHE_HOME", db.dir().join("cache"))
        .env_remove("BYLINE_DB")
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_SMTP_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve stopped before serving").unwrap();
        if let Some(rest) = line.strip_prefix("byline: serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (Serving(child), addr)
}

fn sign_up(addr: &str, email: &str) -> u16 {
    let body = format!("email={}", email.replace('@', "%40"));
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /subscribe HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    raw.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_web_sign_up_appears_in_the_open_subscribers_view() {
    let db = Db::seeded();
    let mut tui = db.reader(130, 30);
    tui.wait_until("the first frame", |t| t.screen_text().contains("Posts 1/"));
    tui.send("3");
    tui.wait_until("the subscribers view", |t| t.screen_text().contains("Subscribers · 6 · active 3 · pending 2"));

    let (_server, addr) = serve(&db);
    assert_eq!(sign_up(&addr, "from.the.web@example.com"), 200);
    // The reader notices the other program's write (PRAGMA data_version, once a second).
    tui.wait_until("the sign-up in the list", |t| {
        let s = t.screen_text();
        s.contains("from.the.web@example.com") && s.contains("Subscribers · 7 · active 3 · pending 3")
    });
}
