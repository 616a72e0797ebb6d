//! Eight byline processes writing one database file at once (issue 13): the reader composing
//! posts in a pseudo-terminal, five command-line writers, `byline serve` taking sign-ups over
//! HTTP, and a `byline db backup` taken in the middle. Nobody sees "database is locked" or any
//! other error, every write is there afterwards, and the backup passes `db check`.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::common::pty::*;

/// Writes per command-line writer, and web sign-ups.
const EACH: usize = 30;
/// Posts the reader composes and saves.
const FROM_TUI: usize = 5;
/// The compose pane's body border at 100x30.
const BODY_BORDER_ROW: usize = 6;

/// The server, killed when dropped.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn cmd(db: &Db) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db")
        .arg(db.path())
        .env("HOME", db.dir())
        .env("XDG_CONFIG_HOME", db.dir().join("config"))
        .env("XDG_CACHE_HOME", db.dir().join("cache"))
        .env_remove("BYLINE_DB")
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_SMTP_URL");
    cmd
}

/// Runs one command that must succeed and say nothing on stderr (no lock error, no retry note).
fn ok(db: &Db, args: &[&str]) -> String {
    let out = cmd(db).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "byline {args:?} during the writes: {} {stderr}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

/// `byline serve` with sign-up limits high enough for one address to sign many people up.
fn serve(db: &Db, config: &Path) -> (Serving, String) {
    let mut child = cmd(db)
        .arg("--config")
        .arg(config)
        .args(["serve", "--listen", "127.0.0.1:0", "--dir"])
        .arg(db.dir().join("site"))
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
    // Whatever serve says afterwards must not be an error about the database.
    let said = thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<String>>());
    std::mem::forget(said);
    (Serving(child), addr)
}

fn sign_up(addr: &str, email: &str) -> (u16, String) {
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
    (raw.split(' ').nth(1).unwrap().parse().unwrap(), raw)
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The reader composes and saves `FROM_TUI` posts, one after the other.
fn reader_writes(db: &Db) -> Vec<u8> {
    let mut tui = db.reader(100, 30);
    tui.wait_until("the first frame", |t| t.screen_text().contains("Posts 1/"));
    for i in 0..FROM_TUI {
        tui.send("n");
        tui.wait_until("the compose pane", |t| t.lines()[BODY_BORDER_ROW].contains("Body (markdown)"));
        tui.send(&format!("Reader post {i}"));
        tui.send(&TAB.repeat(5));
        tui.send(&format!("Written in the reader while seven others write, number {i}."));
        tui.send(CTRL_S);
        tui.wait_until_within(Duration::from_secs(20), "the post saved", |t| {
            t.lines().last().is_some_and(|l| l.contains("saved (draft)"))
        });
        tui.esc();
        tui.wait_until("back to the list", |t| !t.lines()[BODY_BORDER_ROW].contains("Body (markdown)"));
    }
    tui.send("q");
    tui.assert_clean_exit();
    tui.raw_output()
}

#[test]
fn eight_processes_write_one_file_and_nothing_is_lost() {
    let db = Db::seeded();
    let path = db.path();
    let posts_before = count(&path, "SELECT count(*) FROM post");
    let subscribers_before = count(&path, "SELECT count(*) FROM subscriber");
    let sample: Vec<i64> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM post ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let config = db.dir().join("serve.toml");
    std::fs::write(&config, "[signup]\nper_ip_per_hour = 100000\nper_address_per_hour = 100\n").unwrap();
    let (_server, addr) = serve(&db, &config);
    let backup: PathBuf = db.dir().join("backup.db");
    // Posts the command-line writers have added so far: the backup starts a third of the way in.
    let added = AtomicUsize::new(0);

    thread::scope(|s| {
        // 1: the reader in a pseudo-terminal.
        let reader = s.spawn(|| reader_writes(&db));
        // 2, 3: two writers adding posts.
        for w in 0..2 {
            let (db, added) = (&db, &added);
            s.spawn(move || {
                for i in 0..EACH {
                    ok(db, &["post", "add", "--title", &format!("Writer {w} post {i}"), "--tag", "concurrent"]);
                    added.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
        // 4: subscribers.
        s.spawn(|| {
            for i in 0..EACH {
                ok(&db, &["subscriber", "add", &format!("cli{i}@example.org"), "--tag", "concurrent"]);
            }
        });
        // 5: tags on the sample posts.
        s.spawn(|| {
            for i in 0..EACH {
                let post = sample[i % sample.len()].to_string();
                ok(&db, &["post", "tag", &post, &format!("wave{i}")]);
            }
        });
        // 6: read and unread marks, ending with every sample post read.
        s.spawn(|| {
            for i in 0..EACH {
                let post = sample[i % sample.len()].to_string();
                ok(&db, &["post", if i % 2 == 0 { "read" } else { "unread" }, &post]);
            }
            for post in &sample {
                ok(&db, &["post", "read", &post.to_string()]);
            }
        });
        // 7: web sign-ups through `byline serve`.
        let web = s.spawn(|| {
            for i in 0..EACH {
                let (status, raw) = sign_up(&addr, &format!("web{i}@example.org"));
                assert_eq!(status, 200, "sign-up {i}: {raw}");
            }
        });
        // 8: a backup taken while the others write.
        s.spawn(|| {
            while added.load(Ordering::SeqCst) < 2 * EACH / 3 {
                thread::sleep(Duration::from_millis(5));
            }
            ok(&db, &["db", "backup", backup.to_str().unwrap()]);
        });
        let raw = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
        for word in ["locked", "busy", "error", "not saved"] {
            assert!(!raw.contains(word), "the reader showed {word:?} during the writes");
        }
        web.join().unwrap();
    });

    // Every write is there.
    let each = EACH as i64;
    assert_eq!(count(&path, "SELECT count(*) FROM post"), posts_before + 2 * each + FROM_TUI as i64);
    assert_eq!(count(&path, "SELECT count(*) FROM post WHERE title LIKE 'Reader post %'"), FROM_TUI as i64);
    assert_eq!(count(&path, "SELECT count(*) FROM subscriber"), subscribers_before + 2 * each);
    assert_eq!(count(&path, "SELECT count(*) FROM subscriber WHERE email LIKE 'web%' AND status = 'pending'"), each);
    assert_eq!(
        count(&path, "SELECT count(*) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name LIKE 'wave%'"),
        each
    );
    assert_eq!(
        count(&path, "SELECT count(*) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = 'concurrent'"),
        2 * each
    );
    let read: i64 = count(
        &path,
        &format!(
            "SELECT count(*) FROM read_state WHERE post_id IN ({})",
            sample.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    );
    assert_eq!(read, sample.len() as i64, "every sample post ends read");
    ok(&db, &["db", "check"]);
    // The backup taken during the writes is a sound blog.
    let out = Command::new(bin())
        .arg("--db")
        .arg(&backup)
        .args(["db", "check"])
        .env("HOME", db.dir())
        .env("XDG_CONFIG_HOME", db.dir().join("config"))
        .env_remove("BYLINE_DB")
        .env_remove("BYLINE_CONFIG")
        .output()
        .unwrap();
    assert!(out.status.success(), "the backup fails db check: {}", String::from_utf8_lossy(&out.stdout));
    let in_backup = count(&backup, "SELECT count(*) FROM post");
    assert!(in_backup >= posts_before + 2 * each / 3, "the backup holds the posts added before it: {in_backup}");
    eprintln!(
        "8 writers: {} writes (reader {FROM_TUI}, 5 command-line writers {}, web sign-ups {EACH}) and a backup taken mid-way with {in_backup} posts",
        FROM_TUI + 5 * EACH + sample.len() + EACH,
        5 * EACH + sample.len()
    );
}
