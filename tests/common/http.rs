//! A small HTTP/1.1 server on 127.0.0.1 for the follow tests: answers set per path, conditional
//! requests honoured by ETag, delays for slow servers, and a log of every request received.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server answers on one path.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before answering (a slow server).
    pub delay: Duration,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn rss(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("application/rss+xml", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Vec::new(), delay: Duration::ZERO }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as received: its path and its headers (names lowercased).
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: HashMap<String, String>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

pub struct FeedServer {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    log: Arc<Mutex<Vec<Request>>>,
}

impl FeedServer {
    /// Listens on a free port of 127.0.0.1 until the test process ends; each connection is
    /// served on a thread of its own, so a slow answer holds up no other.
    pub fn start() -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || serve(stream, &r, &l));
            }
        });
        FeedServer { port, routes, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    /// Every request for `path` so far, oldest first.
    pub fn requests(&self, path: &str) -> Vec<Request> {
        self.log.lock().unwrap().iter().filter(|r| r.path == path).cloned().collect()
    }
}

fn serve(stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let request = Request { path: path.clone(), headers };
    log.lock().unwrap().push(request.clone());
    let reply = routes.lock().unwrap().get(&path).cloned().unwrap_or_else(|| Reply::status(404));
    std::thread::sleep(reply.delay);
    let etag = reply.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("etag")).map(|(_, v)| v.as_str());
    let not_modified = reply.status == 200 && etag.is_some() && request.header("if-none-match") == etag;
    let (status, body): (u16, &[u8]) = if not_modified { (304, b"") } else { (reply.status, &reply.body) };
    let mut head = format!("HTTP/1.1 {status} {}\r\nConnection: close\r\n", reason(status));
    for (k, v) in &reply.headers {
        if !(not_modified && k.eq_ignore_ascii_case("content-type")) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Other",
    }
}

/// An RSS 2.0 feed of `(guid, title, body)` items.
pub fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://site.example/</link>\n"
    );
    for (i, (guid, t, body)) in items.iter().enumerate() {
        out.push_str(&format!(
            "<item><guid>{guid}</guid><title>{t}</title><link>http://site.example/{guid}</link>\
             <pubDate>0{} Jun 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;{body}&lt;/p&gt;</description></item>\n",
            i + 1
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}
