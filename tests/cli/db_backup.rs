//! `byline db backup` under stress: it finishes while another connection commits in a loop, and a
//! backup killed at any point leaves either nothing or a whole, sound copy at the destination.

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use byline::domain::{NewPost, Title};
use byline::store::{self, Store};

use crate::common::{BIN, Db};

/// A blog of `posts` posts with 10 KB bodies, written in one transaction.
fn big_blog(posts: usize) -> Db {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(180);
    store
        .write(|tx, now| {
            for i in 0..posts {
                let new = NewPost {
                    title: Title::parse(&format!("Post number {i}")).unwrap(),
                    slug: None,
                    author: None,
                    tags: Vec::new(),
                    summary: String::new(),
                    body: format!("{i} {body}"),
                    publish_at: None,
                    created_at: None,
                };
                store::add_post(tx, &new, now)?;
            }
            Ok(())
        })
        .unwrap();
    db
}

fn backup_process(db: &Db, dest: &Path) -> Child {
    let dir = db.dir.path();
    std::process::Command::new(BIN)
        .env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_DB")
        .arg("--db")
        .arg(&db.path)
        .arg("db")
        .arg("backup")
        .arg(dest)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn post_count(path: &Path) -> rusqlite::Result<i64> {
    let conn = rusqlite::Connection::open(path)?;
    conn.query_row("SELECT count(*) FROM post", [], |r| r.get(0))
}

#[test]
fn a_backup_finishes_while_another_connection_writes_in_a_loop() {
    let db = big_blog(2_000);
    let stop = Arc::new(AtomicBool::new(false));
    let writes = Arc::new(AtomicU64::new(0));
    let writer = {
        let (path, stop, writes) = (db.path.clone(), Arc::clone(&stop), Arc::clone(&writes));
        std::thread::spawn(move || {
            // A fast writer: without fsync it commits far more often than a backup pass takes.
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.busy_timeout(Duration::from_secs(30)).unwrap();
            conn.pragma_update(None, "synchronous", "OFF").unwrap();
            while !stop.load(Ordering::Relaxed) {
                let n = writes.fetch_add(1, Ordering::Relaxed);
                store::set_setting(&conn, "writer", &n.to_string()).unwrap();
            }
        })
    };
    // Let the writer get going, so the backup starts under it.
    while writes.load(Ordering::Relaxed) < 20 {
        std::thread::yield_now();
    }
    let dest = db.dir.path().join("copy.db");
    let mut backup = backup_process(&db, &dest);
    let started_at = writes.load(Ordering::Relaxed);
    // Not a timing assertion: a guard so that a backup that never finishes fails the test
    // instead of hanging it (SQLite's online backup restarts after every foreign commit).
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = backup.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = backup.kill();
            stop.store(true, Ordering::Relaxed);
            panic!(
                "db backup did not finish in 2 minutes under {} writes",
                writes.load(Ordering::Relaxed) - started_at
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let during = writes.load(Ordering::Relaxed) - started_at;
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut backup.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "db backup failed: {stderr}");
    eprintln!("backup finished while {during} writes were committed");
    assert_eq!(post_count(&dest).unwrap(), 2_000);
    #[cfg(unix)]
    assert_eq!(crate::common::mode(&dest), 0o600);
    let copy = Db { dir: tempfile::tempdir().unwrap(), path: dest };
    copy.ok(&["db", "check"]);
}

#[test]
fn a_backup_killed_at_any_point_leaves_nothing_or_a_whole_copy() {
    let db = big_blog(1_500);
    let (mut absent, mut whole) = (0, 0);
    for point in 0..30u64 {
        let dest = db.dir.path().join(format!("copy-{point}.db"));
        let mut backup = backup_process(&db, &dest);
        // Kill points spread from the process's start to past a typical finish.
        std::thread::sleep(Duration::from_millis(point * 15));
        let _ = backup.kill();
        let _ = backup.wait();
        if dest.exists() {
            // Whatever is at the destination must be the blog, whole.
            let posts = post_count(&dest);
            assert_eq!(
                posts.as_ref().ok(),
                Some(&1_500),
                "kill point {point}: a partial copy at the destination ({posts:?})"
            );
            let copy = Db { dir: tempfile::tempdir().unwrap(), path: dest };
            copy.ok(&["db", "check"]);
            whole += 1;
        } else {
            absent += 1;
        }
    }
    eprintln!("30 kill points: {absent} left nothing at the destination, {whole} a whole copy");
    // The source is untouched and sound.
    db.ok(&["db", "check"]);
    assert_eq!(post_count(&db.path).unwrap(), 1_500);
}
