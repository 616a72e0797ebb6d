//! Sending through a faulty SMTP server and a sender killed at random points: afterwards every
//! subscriber has the post exactly once, except messages reported unknown (at most once).

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Db;
use crate::common::smtp::SmtpServer;
use crate::newsletter::{SLUG, audience, config, newsletter};

/// Rows of the send by state, read from the file.
fn rows(db: &Db) -> HashMap<String, String> {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let mut stmt =
        conn.prepare("SELECT s.email, o.status FROM outbox o JOIN subscriber s ON s.id = o.subscriber_id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// How many messages each address received.
fn received(server: &SmtpServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for r in server.recipients() {
        *n.entry(r).or_default() += 1;
    }
    n
}

#[test]
fn a_temporary_refusal_is_retried_and_delivered_once() {
    let server = SmtpServer::start(&["--tempfail", "1"]);
    let db = audience();
    let config = config(&db, &server.url());
    let report = newsletter(&db, &config, &["send", SLUG]);
    assert_eq!(report["sent"].as_u64(), Some(2), "{report}");
    assert_eq!(server.recipients(), ["all@example.com", "rust@example.com"]);
}

#[test]
fn a_permanent_refusal_is_recorded_with_the_reply_and_the_others_are_sent() {
    let server = SmtpServer::start(&["--reject", "rust@example.com"]);
    let db = audience();
    let config = config(&db, &server.url());
    let out =
        db.cmd().args(["--json", "--config", config.to_str().unwrap(), "newsletter", "send", SLUG]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["sent"].as_u64(), report["failed"].as_u64()), (Some(1), Some(1)), "{report}");
    assert_eq!(server.recipients(), ["all@example.com"]);
    let status = newsletter(&db, &config, &["status", SLUG]);
    let problem = &status[0]["problems"][0];
    assert_eq!(problem["email"], "rust@example.com");
    assert_eq!(problem["status"], "failed");
    assert!(problem["error"].as_str().unwrap().contains("550"), "{problem}");
    assert!(problem["error"].as_str().unwrap().contains("no such user"), "{problem}");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let bounces: i64 = conn
        .query_row(
            "SELECT b.bounces FROM subscriber_bounce b JOIN subscriber s ON s.id = b.subscriber_id WHERE s.email = 'rust@example.com'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bounces, 1);
    // Running again does not try the failed address again, nor the sent one.
    assert_eq!(newsletter(&db, &config, &["send", SLUG])["sent"].as_u64(), Some(0));
    assert_eq!(server.recipients(), ["all@example.com"]);
}

#[test]
fn a_connection_dropped_half_way_is_retried_and_nobody_gets_two() {
    let server = SmtpServer::start(&["--drop-after", "1"]);
    let db = audience();
    let config = config(&db, &server.url());
    let report = newsletter(&db, &config, &["send", SLUG]);
    assert_eq!(report["sent"].as_u64(), Some(2), "{report}");
    assert_eq!(server.recipients(), ["all@example.com", "rust@example.com"]);
}

/// A small xorshift, seeded from the clock and printed: kill points differ run to run, and a
/// failing run can be told apart by its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn killing_the_sender_at_random_points_never_sends_twice_nor_skips_anyone() {
    const PEOPLE: usize = 300;
    const KILLS: usize = 6;
    let server = SmtpServer::start(&["--delay-ms", "8"]);
    let db = audience();
    let csv = db.dir.path().join("people.csv");
    let mut text = String::from("email,name,status,tags\n");
    for i in 0..PEOPLE {
        text += &format!("reader{i}@example.net,Reader {i},active,{}\n", if i % 3 == 0 { "rust" } else { "" });
    }
    std::fs::write(&csv, text).unwrap();
    db.ok(&["subscriber", "import", csv.to_str().unwrap()]);
    let config = config(&db, &server.url());
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut dice = Dice(seed);
    eprintln!("kill points seeded with {seed}");

    let home = db.dir.path();
    let mut interrupted = 0;
    for round in 0..KILLS {
        let mut child = Command::new(crate::common::BIN)
            .env("HOME", home.join("home"))
            .env("XDG_DATA_HOME", home.join("xdg"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env_remove("BYLINE_DB")
            .env_remove("BYLINE_SMTP_URL")
            .args(["--db", db.path.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .args(["newsletter", "send", SLUG])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_millis(50 + dice.below(700));
        let start = Instant::now();
        while start.elapsed() < at {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // SIGKILL: no destructor, no last write.
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        // At no point has anyone two copies.
        let twice: Vec<_> = received(&server).into_iter().filter(|(_, n)| *n > 1).collect();
        assert!(twice.is_empty(), "round {round} (seed {seed}): sent twice to {twice:?}");
    }

    eprintln!("{interrupted} of {KILLS} runs killed mid-way; {} received", server.recipients().len());
    assert!(interrupted >= 2, "the kills must land during sends (seed {seed})");

    // A last run to the end: it reports what earlier runs left in flight, and sends the rest.
    let report = newsletter(&db, &config, &["send", SLUG]);
    let unknown = report["totals"]["unknown"].as_u64().unwrap();
    eprintln!("last run: {report}");
    assert_eq!(report["totals"]["queued"].as_u64(), Some(0), "{report}");
    // Rows in flight at a kill: at most one per connection (8 by default) each time.
    assert!(unknown <= (KILLS * 8) as u64, "seed {seed}: {unknown} unknown");

    let got = received(&server);
    let rows = rows(&db);
    assert_eq!(rows.len(), PEOPLE + 2, "everyone active who follows rust or everything is in the outbox");
    for (email, status) in &rows {
        let n = got.get(email).copied().unwrap_or(0);
        match status.as_str() {
            "sent" => assert_eq!(n, 1, "seed {seed}: {email} is sent but received {n}"),
            "unknown" => assert!(n <= 1, "seed {seed}: {email} is unknown and received {n}"),
            other => panic!("seed {seed}: {email} ended {other}"),
        }
    }
    assert!(got.keys().all(|e| rows.contains_key(e)), "nobody outside the list got it");

    // --retry-unknown sends those again, and only those.
    let retried = newsletter(&db, &config, &["send", SLUG, "--retry-unknown"]);
    assert_eq!(retried["sent"].as_u64(), Some(unknown), "{retried}");
    assert_eq!(retried["totals"]["sent"].as_u64(), Some((PEOPLE + 2) as u64));
}
