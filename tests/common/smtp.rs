//! A real SMTP server on 127.0.0.1 for the mail tests (newsletters, sign-up confirmations):
//! Python's aiosmtpd running `tests/smtp/server.py`, which writes every accepted message as a
//! JSON file numbered in the order accepted.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/server.py");

/// The server, killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: TempDir,
}

impl SmtpServer {
    /// Starts the server with fault flags (`--tempfail 1`, `--reject ADDR`, `--drop-after N`,
    /// `--delay-ms MS`). A missing aiosmtpd fails the test, saying how to install it.
    pub fn start(flags: &[&str]) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(SCRIPT)
            .arg(dir.path())
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("python3 could not be run for the test SMTP server: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = match line.trim().parse() {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the test SMTP server did not start: {}. The newsletter tests need Python's aiosmtpd \
                     (python3 -m pip install aiosmtpd, as .ci/run does)",
                    line.trim()
                );
            }
        };
        SmtpServer { child, port, dir }
    }

    /// The URL for `[smtp] url` or `BYLINE_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The folder the messages are written to (N.json), for a script that reads them.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The `n`th message accepted (from 1), waiting up to 30 s for it.
    pub fn message(&self, n: usize) -> Value {
        let path = self.dir.path().join(format!("{n}.json"));
        let start = Instant::now();
        while !path.exists() {
            assert!(start.elapsed() < Duration::from_secs(30), "message {n} never arrived");
            std::thread::sleep(Duration::from_millis(50));
        }
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// How many messages were accepted so far.
    pub fn count(&self) -> usize {
        self.messages().len()
    }

    /// Every message accepted so far, in no particular order.
    pub fn messages(&self) -> Vec<Value> {
        read_messages(self.dir.path())
    }

    /// The envelope recipients of every accepted message, sorted (repeats kept).
    pub fn recipients(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .messages()
            .iter()
            .flat_map(|m| m["rcpt_tos"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()))
            .collect();
        all.sort();
        all
    }
}

fn read_messages(dir: &Path) -> Vec<Value> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap())
        .collect()
}

/// A header of a received message, by name (the first of that name).
pub fn header<'a>(message: &'a Value, name: &str) -> Option<&'a str> {
    message["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .and_then(|h| h[1].as_str())
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
