//! A database byline may read but not write (a read-only file, or a read-only folder with no
//! -wal and -shm files yet): reading works, `db check` reports no false problem, and a write is
//! refused with a message that says what is read-only, leaving everything as it was.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{BIN, Db};

/// Who runs byline: as root, chmod stops nobody, so byline runs as the unprivileged `nobody`
/// (uid 65534) and the files are given to that user; otherwise as ourselves.
struct Reader {
    uid: Option<u32>,
}

impl Reader {
    fn for_dir(dir: &Path) -> Reader {
        let root = std::fs::metadata(dir).unwrap().uid() == 0;
        let reader = Reader { uid: root.then_some(65534) };
        if let Some(uid) = reader.uid {
            for entry in walk(dir) {
                std::os::unix::fs::chown(&entry, Some(uid), Some(uid)).unwrap();
            }
        }
        reader
    }

    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("HOME", dir.join("home"))
            .env("XDG_DATA_HOME", dir.join("xdg"))
            .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
            .env_remove("BYLINE_CONFIG")
            .env_remove("BYLINE_DB")
            .env("TZ", "UTC");
        if let Some(uid) = self.uid {
            cmd.uid(uid).gid(uid);
        }
        cmd
    }

    fn byline(&self, db: &Db, args: &[&str]) -> Output {
        self.command(BIN, db.dir.path()).arg("--db").arg(&db.path).args(args).output().unwrap()
    }

    /// Whether this user can still create a file in `dir` (chmod has no effect on root, or on
    /// some file systems): then the test cannot check what it means to, and says so.
    fn can_write_in(&self, dir: &Path) -> bool {
        let probe = dir.join("probe");
        let made = self.command("touch", dir).arg(&probe).output().unwrap().status.success();
        let _ = std::fs::remove_file(&probe);
        made
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).unwrap() {
        all.push(entry.unwrap().path());
    }
    all
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    names.sort();
    names
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// Reads work and a write is refused with `expect` in its one-line message; nothing changes.
fn assert_reads_work_and_writes_are_refused(reader: &Reader, db: &Db, expect: &str) {
    let bytes = std::fs::read(&db.path).unwrap();
    let out = reader.byline(db, &["post", "list"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "post list failed: {stderr}");
    assert!(stdout.contains("Caches All the Way Down"), "{stdout}");

    let out = reader.byline(db, &["db", "check"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "db check reported a problem that is not there: {stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");

    let out = reader.byline(db, &["search", "cache"]);
    assert!(out.status.success(), "search failed: {}", text(&out).1);

    let before = listing(db.dir.path());
    for args in [
        &["post", "add", "--title", "New"][..],
        &["subscriber", "add", "a@example.com"],
        &["tag", "rename", "rust", "rustlang"],
    ] {
        let out = reader.byline(db, args);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(stderr.contains(expect) && stderr.contains("read-only"), "{args:?}: expected {expect:?} in {stderr}");
        assert!(!stderr.contains("attempt to write"), "{args:?}: SQLite's words, not the person's: {stderr}");

        let out = reader.byline(db, &[&["--json"][..], args].concat());
        let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["error"], "read_only", "{err}");
    }
    assert_eq!(std::fs::read(&db.path).unwrap(), bytes, "the database changed");
    assert_eq!(listing(db.dir.path()), before, "files appeared or went");
}

#[test]
fn a_read_only_database_file_is_read_checked_and_never_written() {
    let db = Db::seeded();
    let reader = Reader::for_dir(db.dir.path());
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o400)).unwrap();
    // Whether the file refuses writes: opening it for writing as the reader.
    let writable = reader.command("sh", db.dir.path()).arg("-c").arg(": >> \"$0\"").arg(&db.path).output().unwrap();
    if writable.status.success() {
        eprintln!("cannot check read-only files here: a 0400 file is still writable by this user");
        return;
    }
    assert_reads_work_and_writes_are_refused(&reader, &db, "the database file is read-only");
}

#[test]
fn a_database_in_a_read_only_folder_is_read_checked_and_never_written() {
    let db = Db::seeded();
    // A closed database has no -wal or -shm file, and none can be made in a read-only folder.
    assert_eq!(listing(db.dir.path()), ["blog.db"]);
    let reader = Reader::for_dir(db.dir.path());
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
    if reader.can_write_in(db.dir.path()) {
        eprintln!("cannot check read-only folders here: a 0500 folder still takes new files from this user");
        std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        return;
    }
    assert_reads_work_and_writes_are_refused(&reader, &db, "is read-only (SQLite keeps its -wal and -shm files there)");
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// A small tmpfs mounted for one test and unmounted when it ends, however it ends.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` (said on stderr) where this process may not mount file systems.
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("cannot check a full disk here: mounting a small tmpfs needs root (CAP_SYS_ADMIN)");
            return None;
        }
        Some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_database_on_a_full_disk_is_read_checked_and_never_written() {
    let Some(disk) = SmallDisk::mount("2m") else { return };
    let db = Db { dir: tempfile::tempdir().unwrap(), path: disk.dir.path().join("blog.db") };
    db.ok(&["--seed", "db", "init"]);
    // A closed database has no -shm file: opening it needs room for one.
    assert_eq!(listing(disk.dir.path()), ["blog.db"]);
    let fill = disk.dir.path().join("fill");
    let mut file = std::fs::File::create(&fill).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
    drop(file);
    let reader = Reader { uid: None };
    let bytes = std::fs::read(&db.path).unwrap();
    let out = reader.byline(&db, &["post", "list"]);
    assert!(out.status.success(), "post list on a full disk: {}", text(&out).1);
    let out = reader.byline(&db, &["db", "check"]);
    assert!(out.status.success(), "db check on a full disk: {}", text(&out).1);
    let out = reader.byline(&db, &["post", "add", "--title", "No room"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the disk is full") && stderr.lines().count() == 1, "{stderr}");
    assert_eq!(std::fs::read(&db.path).unwrap(), bytes, "the database changed");

    // With room again, writing works.
    std::fs::remove_file(&fill).unwrap();
    db.ok(&["post", "add", "--title", "Room again"]);
    db.ok(&["db", "check"]);
}
