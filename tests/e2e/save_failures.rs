//! A save that cannot reach the database: another program holds its write lock, or the file is
//! read-only. Ctrl-S says why in the compose pane, Ctrl-C leaves at once, and the text is kept in
//! a recovery file that the exit names and the next start offers back (or, while the database
//! still cannot take it, mentions).
#![cfg(unix)]

use std::path::{Path, PathBuf};

use crate::common::pty::*;

/// Wide enough for the list and the article side by side, too narrow for the compose preview.
const SIZE: (u16, u16) = (100, 30);
/// The compose pane's body border: where the pane says why a save failed.
const BODY_BORDER_ROW: usize = 6;

/// Starts the reader, opens a new post and types a title and a body.
fn compose(db: &Db, title: &str, body: &str) -> Tui {
    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_until("the first frame", |t| t.screen_text().contains("Posts 1/"));
    tui.send("n");
    tui.wait_until("the compose pane", |t| t.lines()[BODY_BORDER_ROW].contains("Body (markdown)"));
    tui.send(title);
    tui.send(&TAB.repeat(5));
    tui.send(body);
    tui.wait_until("the title and body typed", |t| {
        let s = t.screen_text();
        s.contains(title) && s.contains(body)
    });
    tui
}

/// Ctrl-S, then the failure said in the compose pane (the body's border) and the status bar.
fn save_fails(tui: &mut Tui, why: &str) {
    tui.send(CTRL_S);
    tui.wait_until(&format!("'not saved' and {why:?} in the compose pane"), |t| {
        let lines = t.lines();
        let pane = &lines[BODY_BORDER_ROW];
        // The status bar's last lines (an error wraps upwards). While the lock is held, an
        // autosave may be the write waiting on it, and the bar then says so instead.
        let status = lines[lines.len().saturating_sub(3)..].join(" ");
        let said = status.contains("not saved") || status.contains("waiting");
        pane.contains("not saved") && pane.contains(why) && said
    });
}

/// The recovery directory inside the test's data directory (XDG_DATA_HOME is `<dir>/data`).
fn recovery_dir(db: &Db) -> PathBuf {
    db.dir().join("data").join("byline").join("recovery")
}

/// The one recovery file, checked: private, holding the title and body, named on exit.
fn recovered(db: &Db, tui: &Tui, title: &str, body: &str) -> PathBuf {
    let dir = recovery_dir(db);
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no recovery directory {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one recovery file, no temporary left: {files:?}");
    let file = files[0].clone();
    assert_eq!(file.extension().and_then(|e| e.to_str()), Some("md"), "{file:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("+++\n"), "front matter first:\n{text}");
    assert!(text.contains(&format!("title = \"{title}\"")), "{text}");
    assert!(text.ends_with(&format!("\n{body}")), "the body, whole:\n{text}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let out = String::from_utf8_lossy(&tui.raw_output()).into_owned();
    assert!(out.contains(&file.display().to_string()), "the exit names {}:\n{out}", file.display());
    file
}

/// The next start, with the database still unwritable, says the recovered text is there and
/// where (the directory, then the file); the file stays.
fn next_start_mentions(db: &Db, file: &Path) {
    let mut tui = db.reader(SIZE.0, SIZE.1);
    let dir = file.parent().unwrap().display().to_string();
    // A long message wraps upwards over the status bar's last lines.
    tui.wait_until("the status bar naming the recovery directory", |t| {
        let lines = t.lines();
        let status = lines[lines.len().saturating_sub(3)..].join(" ");
        status.contains("unsaved text from an earlier run") && status.contains(&dir)
    });
    tui.send("q");
    tui.assert_clean_exit();
    assert!(file.exists());
}

#[test]
fn a_save_while_another_program_holds_the_lock_says_so_and_quitting_keeps_the_text() {
    let db = Db::seeded();
    let (title, body) = ("Locked Out Notes", "Words that must survive the lock.");
    let mut tui = compose(&db, title, body);

    let holder = rusqlite::Connection::open(db.path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    save_fails(&mut tui, "busy");
    assert!(tui.screen_text().contains(body), "the text stays in the editor");

    tui.send(CTRL_C);
    let status = tui.wait_exit();
    assert!(!status.success(), "the text could not be saved: the exit says so ({status})");
    tui.assert_restored();
    tui.assert_no_panic();
    let file = recovered(&db, &tui, title, body);
    drop(tui);

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let list = db.cli(&["post", "list", "--json"]);
    assert!(!list.contains(title), "nothing was saved behind the lock\n{list}");

    // The lock is gone: the next start offers the text back, and it can be saved.
    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_for(&format!("Restore the unsaved draft '{title}'"));
    assert!(!file.exists(), "the recovery file moved into the autosave slot");
    tui.send("y");
    tui.wait_until("the compose pane with the recovered text", |t| {
        let s = t.screen_text();
        s.contains(title) && s.contains(body)
    });
    tui.send(CTRL_S);
    tui.wait_until("saved", |t| t.lines().last().is_some_and(|l| l.contains("saved (draft)")));
    let list = db.cli(&["post", "list", "--json"]);
    assert!(list.contains(title), "the recovered post was saved\n{list}");
    tui.esc();
    tui.send("q");
    tui.assert_clean_exit();
}

/// Makes a file read-only for everyone: mode 0444, and immutable for root (who ignores modes);
/// undone on drop so the temporary directory can be removed.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn make(path: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let _ = std::process::Command::new("chattr").arg("+i").arg(path).status();
        let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
        let guard = ReadOnly(path.to_path_buf());
        assert!(!writable, "cannot make {} read-only here (root without chattr?)", path.display());
        guard
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn a_save_to_a_read_only_database_says_so_and_quitting_keeps_the_text() {
    let db = Db::seeded();
    let _read_only = ReadOnly::make(&db.path());
    let (title, body) = ("Read Only Thoughts", "Nothing can be written here.");
    let mut tui = compose(&db, title, body);

    save_fails(&mut tui, "the database file is read-only");
    tui.send(CTRL_C);
    let status = tui.wait_exit();
    assert!(!status.success(), "the text could not be saved: the exit says so ({status})");
    tui.assert_restored();
    tui.assert_no_panic();
    let file = recovered(&db, &tui, title, body);
    drop(tui);
    next_start_mentions(&db, &file);
}

#[test]
fn a_read_only_database_opens_for_reading_and_says_so_once() {
    let db = Db::seeded();
    let _read_only = ReadOnly::make(&db.path());
    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_until("the status bar saying the database is read-only", |t| {
        let lines = t.lines();
        let status = lines[lines.len().saturating_sub(3)..].join(" ");
        status.contains("read-only: the database file is read-only") && status.contains("reading works")
    });
    // Reading works: the sample's posts are listed.
    assert!(tui.screen_text().contains("Caches All the Way Down"), "{}", tui.screen_text());
    tui.send("q");
    tui.assert_clean_exit();
}
