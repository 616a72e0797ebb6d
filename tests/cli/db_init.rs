//! `byline db init`, and a `--db` or `BYLINE_DB` path that does not exist: an error naming how
//! to create it, never a silently created empty blog.

use std::path::Path;

use crate::common::{Db, assert_one_line_error, isolated_cmd};

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    names.sort();
    names
}

#[test]
fn a_missing_db_path_is_an_error_that_names_db_init_and_creates_nothing() {
    let db = Db::uncreated();
    let before = listing(db.dir.path());
    for args in [
        &["post", "list"][..],
        &["post", "add", "--title", "Lost"],
        &["subscriber", "list"],
        &["--seed", "post", "list"],
        &["db", "path"],
        &[],
    ] {
        let out = db.cmd().args(args).output().unwrap();
        let msg = assert_one_line_error(args, &out);
        let path = db.path.display().to_string();
        assert_eq!(
            msg,
            format!(
                "byline: no database at {path}: create one with `byline --db {path} db init` (add --seed for the sample blog)"
            ),
            "{args:?}"
        );
        assert_eq!(listing(db.dir.path()), before, "{args:?} created files");
    }
    // BYLINE_DB is read like --db.
    let out = isolated_cmd(db.dir.path()).env("BYLINE_DB", &db.path).args(["post", "list"]).output().unwrap();
    assert!(assert_one_line_error(&["post", "list"], &out).contains("no database at"));
    assert!(!db.dir.path().join("xdg").exists(), "the default database was not made instead");
    assert_eq!(listing(db.dir.path()), before);
}

#[test]
fn db_init_makes_an_empty_or_a_sample_blog() {
    let db = Db::uncreated();
    assert_eq!(db.ok(&["db", "init"]), format!("created {} (an empty blog)\n", db.path.display()));
    assert_eq!(db.ok(&["post", "list"]), "no posts\n");
    #[cfg(unix)]
    assert_eq!(crate::common::mode(&db.path), 0o600, "the database holds email addresses");

    let seeded = Db::uncreated();
    let v = seeded.json(&["--seed", "db", "init"]);
    assert_eq!(v, serde_json::json!({ "path": seeded.path, "seeded": true }));
    assert_eq!(seeded.posts(&[]).len(), 10);
    seeded.ok(&["db", "check"]);
}

#[test]
fn db_init_never_overwrites_a_file() {
    let db = Db::seeded();
    let bytes = db.bytes();
    for args in [&["db", "init"][..], &["--seed", "db", "init"]] {
        let msg = db.fails(args);
        assert!(msg.contains("already exists") && msg.contains(&db.path.display().to_string()), "{msg}");
        assert_eq!(db.bytes(), bytes, "{args:?} changed the file");
    }
    let notes = db.file("notes.txt", "mine\n");
    let out = isolated_cmd(db.dir.path()).arg("--db").arg(&notes).args(["db", "init"]).output().unwrap();
    assert!(assert_one_line_error(&["db", "init"], &out).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine\n");
}

#[test]
fn a_zero_byte_file_is_never_silently_made_a_new_blog() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("truncated.db");
    std::fs::write(&empty, b"").unwrap();
    for args in [&["post", "list"][..], &["post", "add", "--title", "Mine now"], &["db", "check"], &["tag", "list"]] {
        let out = isolated_cmd(dir.path()).arg("--db").arg(&empty).args(args).output().unwrap();
        let msg = assert_one_line_error(args, &out);
        assert!(msg.contains("empty file") && msg.contains("db init"), "{args:?}: {msg}");
        assert_eq!(std::fs::read(&empty).unwrap(), b"", "{args:?} wrote into the file");
        assert_eq!(listing(dir.path()), ["truncated.db"], "{args:?} left files behind");
    }
    let out = isolated_cmd(dir.path()).arg("--json").arg("--db").arg(&empty).args(["post", "list"]).output().unwrap();
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"], "no_database", "{err}");
}
