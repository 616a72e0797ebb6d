//! `byline db ...`, opening files safely (modes, foreign and newer files), the sample blog, the
//! default database path, bad usage, and two processes writing one file.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;

use crate::common::{BIN, Db, assert_one_line_error, field, isolated_cmd, keys};

fn dir_listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect()
}

#[test]
fn db_path_prints_the_database_path() {
    let db = Db::new();
    assert_eq!(db.ok(&["db", "path"]), format!("{}\n", db.path.display()));
    let v = db.json(&["db", "path"]);
    assert_eq!(v, serde_json::json!({ "path": db.path }));
}

#[test]
fn a_new_db_is_an_empty_blog_created_private() {
    let db = Db::new();
    assert!(db.path.is_file());
    #[cfg(unix)]
    assert_eq!(crate::common::mode(&db.path), 0o600, "the database holds email addresses");
    assert_eq!(db.ok(&["post", "list"]), "no posts\n");
    assert_eq!(db.json(&["post", "list"]), serde_json::json!([]));
    assert_eq!(db.json(&["subscriber", "list"]), serde_json::json!([]));
    assert_eq!(db.ok(&["tag", "list"]), "no tags\n");
    assert_eq!(db.ok(&["author", "list"]), "no authors\n");
}

#[test]
fn a_new_db_in_a_missing_directory_is_created_with_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/blog.db");
    isolated_cmd(dir.path()).arg("--db").arg(&path).args(["db", "init"]).assert().success();
    isolated_cmd(dir.path()).arg("--db").arg(&path).args(["post", "list"]).assert().success().stdout("no posts\n");
    assert!(path.is_file());
    #[cfg(unix)]
    assert_eq!(crate::common::mode(&path), 0o600);
}

#[test]
fn db_check_passes_on_a_sound_file() {
    let db = Db::seeded();
    let out = db.ok(&["db", "check"]);
    assert_eq!(out, format!("ok: {} passed the integrity and search-index checks\n", db.path.display()));
    assert_eq!(db.json(&["db", "check"]), serde_json::json!({ "ok": true, "problems": [] }));
}

#[test]
fn db_check_reports_a_search_index_out_of_step() {
    let db = Db::seeded();
    {
        // Change a post behind byline's back, so the index no longer matches the text.
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute("UPDATE post SET title = 'zebra crossing' WHERE id = 1", []).unwrap();
    }
    let out = db.cmd().args(["db", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("search index"), "{stderr}");
    let last = stderr.lines().last().unwrap();
    assert!(last.starts_with("byline: 1 problem(s) found in "), "{stderr}");

    let out = db.cmd().args(["--json", "db", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 1, "{v}");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("stderr is the JSON error alone");
    assert_eq!(err["error"], "check_failed", "{err}");
}

#[test]
fn db_backup_copies_the_blog_into_a_private_file() {
    let db = Db::seeded();
    db.ok(&["subscriber", "add", "new@example.com", "--name", "New"]);
    let dest = db.arg("copy.db");
    assert_eq!(db.ok(&["db", "backup", &dest]), format!("backed up to {dest}\n"));
    #[cfg(unix)]
    assert_eq!(crate::common::mode(Path::new(&dest)), 0o600, "a backup holds the same addresses");

    let copy = Db { dir: tempfile::tempdir().unwrap(), path: dest.clone().into() };
    assert_eq!(copy.json(&["post", "list"]), db.json(&["post", "list"]));
    assert_eq!(copy.json(&["subscriber", "list"]), db.json(&["subscriber", "list"]));
    copy.ok(&["db", "check"]);

    let dest2 = db.arg("copy2.db");
    assert_eq!(db.json(&["db", "backup", &dest2]), serde_json::json!({ "backup": dest2 }));
    assert!(Path::new(&dest2).is_file());
}

#[test]
fn db_backup_refuses_to_overwrite_a_file() {
    let db = Db::seeded();
    let dest = db.file("precious.txt", "do not overwrite\n");
    let msg = db.fails_unchanged(&["db", "backup", dest.to_str().unwrap()], "already exists");
    assert!(msg.contains("precious.txt"), "{msg}");
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "do not overwrite\n");
}

#[test]
fn db_backup_into_a_missing_directory_fails_cleanly() {
    let db = Db::seeded();
    let dest = db.arg("no/such/dir/copy.db");
    db.fails_unchanged(&["db", "backup", &dest], "copy.db");
    assert!(!Path::new(&dest).exists());
}

/// Runs byline on a file that is not ours and checks: exit 1, one clear line, and the file and
/// its directory exactly as they were (no -wal or -shm left behind).
fn assert_refused_untouched(dir: &Path, file: &Path, expect: &[&str]) {
    let bytes = std::fs::read(file).unwrap();
    let listing = dir_listing(dir);
    for args in [&["post", "list"][..], &["post", "add", "--title", "Mine now"], &["db", "check"]] {
        let out = isolated_cmd(dir).arg("--db").arg(file).args(args).output().unwrap();
        let msg = assert_one_line_error(args, &out);
        for e in expect {
            assert!(msg.contains(e), "expected {e:?} in {msg:?}");
        }
        assert_eq!(std::fs::read(file).unwrap(), bytes, "byline changed {}", file.display());
        assert_eq!(dir_listing(dir), listing, "byline left files behind");
    }
}

#[test]
fn a_newer_schema_is_refused_and_the_file_left_alone() {
    let db = Db::seeded();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let name = db.path.display().to_string();
    let known = format!("up to {}", byline::store::SCHEMA_VERSION);
    assert_refused_untouched(db.dir.path(), &db.path, &[&name, "99", &known, "newer byline", "not changed"]);
}

#[test]
fn a_text_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "These are my notes, not a database.\n".repeat(200)).unwrap();
    assert_refused_untouched(dir.path(), &file, &["notes.txt", "not an SQLite file", "not changed"]);
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoice VALUES (1, 9.5);",
        )
        .unwrap();
    }
    assert_refused_untouched(dir.path(), &file, &["other.sqlite", "another program", "not changed"]);
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let listing = dir_listing(dir.path());
    let out = isolated_cmd(dir.path()).arg("--db").arg(dir.path()).args(["post", "list"]).output().unwrap();
    let msg = assert_one_line_error(&["--db", "DIR"], &out);
    assert!(msg.contains("cannot open") && msg.contains("not a regular file"), "{msg}");
    assert_eq!(dir_listing(dir.path()), listing);
}

#[test]
fn the_sample_blog() {
    let db = Db::seeded();
    let posts = db.posts(&[]);
    assert!((8..=12).contains(&posts.len()), "{} sample posts", posts.len());
    let authors = db.json(&["author", "list"]);
    let authors = authors.as_array().unwrap();
    assert!((3..=4).contains(&authors.len()), "{authors:?}");
    let total: i64 = authors.iter().map(|a| a["posts"].as_i64().unwrap()).sum();
    assert_eq!(total as usize, posts.len(), "every sample post has an author");
    assert_eq!(db.posts(&["--status", "draft"]).len(), 1, "one draft");
    assert_eq!(db.posts(&["--status", "scheduled"]).len(), 1, "one scheduled post (its date is in the future)");
    for p in &posts {
        assert!(!p["summary"].as_str().unwrap().is_empty(), "{p}");
        assert!(!p["tags"].as_array().unwrap().is_empty(), "{p}");
    }
    assert!(!db.subscribers().is_empty());
    assert!(db.json(&["tag", "list"]).as_array().unwrap().len() >= 5);
    db.ok(&["db", "check"]);
}

#[test]
fn seed_into_a_blog_with_posts_is_refused() {
    let db = Db::new();
    db.add_post("Mine", &[]);
    let msg = db.fails_unchanged(&["--seed", "post", "list"], "already has posts");
    assert!(msg.contains("--seed"), "{msg}");
    let seeded = Db::seeded();
    seeded.fails_unchanged(&["--seed", "db", "path"], "already has posts");
}

#[test]
fn seed_into_an_existing_empty_blog_works() {
    let db = Db::new();
    let out = db.ok(&["--seed", "post", "list", "--status", "published"]);
    assert!(out.starts_with("ID  DATE"), "{out}");
    assert_eq!(out.lines().count(), 1 + 8, "{out}");
}

#[test]
fn the_default_database_is_created_under_the_data_dir_with_the_sample_blog() {
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("xdg").join("byline").join("byline.db");
    assert!(!expected.exists());
    let out = isolated_cmd(dir.path()).args(["--json", "post", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let posts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((8..=12).contains(&posts.as_array().unwrap().len()), "first run loads the sample: {posts}");
    assert!(expected.is_file());
    #[cfg(unix)]
    assert_eq!(crate::common::mode(&expected), 0o600);

    isolated_cmd(dir.path()).args(["db", "path"]).assert().success().stdout(format!("{}\n", expected.display()));
    // The second run does not seed again.
    let out = isolated_cmd(dir.path()).args(["--json", "post", "list"]).output().unwrap();
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again, posts);
}

#[test]
fn byline_db_overrides_the_default_and_db_overrides_byline_db() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let from_flag = dir.path().join("flag.db");
    for path in [&from_env, &from_flag] {
        isolated_cmd(dir.path()).arg("--db").arg(path).args(["db", "init"]).assert().success();
    }
    isolated_cmd(dir.path())
        .env("BYLINE_DB", &from_env)
        .args(["db", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", from_env.display()));
    isolated_cmd(dir.path())
        .env("BYLINE_DB", &from_env)
        .arg("--db")
        .arg(&from_flag)
        .args(["db", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", from_flag.display()));
    // The file BYLINE_DB names is the blog, and the default one is never created.
    isolated_cmd(dir.path()).env("BYLINE_DB", &from_env).args(["post", "list"]).assert().success().stdout("no posts\n");
    assert!(!dir.path().join("xdg").exists(), "the default database was created although BYLINE_DB was set");
}

/// With no subcommand byline opens the reader, which needs a terminal: without one (as here,
/// stdin and stdout are pipes) it says so and points to the subcommands, changing nothing.
#[test]
fn no_subcommand_without_a_terminal_points_to_the_subcommands() {
    let db = Db::seeded();
    let before = db.snapshot();
    let out = db.cmd().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal") && err.contains("byline --help"), "{err}");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn bad_usage_exits_2() {
    let db = Db::new();
    let before = db.snapshot();
    for args in [
        &["frobnicate"][..],
        &["post"],
        &["post", "add"],
        &["post", "add", "--title", "T", "--at", "2030-01-01"],
        &["post", "list", "--limit", "many"],
        &["post", "tag", "1"],
        &["post", "show"],
        &["search"],
        &["subscriber", "add"],
        &["tag", "rename", "only-one"],
        &["db", "backup"],
        &["--db"],
    ] {
        let out = db.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "byline {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: ") || stderr.contains("\nUsage: byline"), "byline {args:?}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "byline {args:?}");
    }
    assert_eq!(db.snapshot(), before);
}

#[test]
fn errors_under_json_print_nothing_on_stdout_and_json_on_stderr() {
    let db = Db::new();
    let out = db.cmd().args(["--json", "post", "show", "404"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(
        err,
        serde_json::json!({"error": "not_found", "message": "no post '404': check the id or slug with `byline post list`"})
    );
}

/// Spawns `writers` processes at once, each running `per_writer` `post add`s one after another.
fn concurrent_adds(db: &Db, writers: usize, per_writer: usize) {
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let path = db.path.clone();
            let dir = db.dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..per_writer {
                    let child = std::process::Command::new(BIN)
                        .env("HOME", dir.join("home"))
                        .env("XDG_DATA_HOME", dir.join("xdg"))
                        .env_remove("BYLINE_DB")
                        .arg("--db")
                        .arg(&path)
                        .args(["post", "add", "--title", &format!("Writer {w} post {i}"), "--tag", &format!("w{w}")])
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("spawn byline");
                    let out = child.wait_with_output().expect("wait");
                    if !out.status.success() {
                        failures.push(format!("{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr)));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads.into_iter().flat_map(|t| t.join().expect("writer thread")).collect();
    assert!(failures.is_empty(), "concurrent writers failed: {failures:#?}");
}

#[test]
fn two_processes_writing_one_file_both_succeed() {
    let db = Db::new();
    concurrent_adds(&db, 2, 30);
    let posts = db.posts(&[]);
    assert_eq!(posts.len(), 60);
    assert_eq!(db.posts(&["--tag", "w0"]).len(), 30);
    assert_eq!(db.posts(&["--tag", "w1"]).len(), 30);
    let slugs: BTreeSet<String> = field(&posts, "slug").into_iter().collect();
    assert_eq!(slugs.len(), 60, "slugs stay unique under concurrency");
    db.ok(&["db", "check"]);
}

#[test]
fn processes_racing_to_init_a_new_file_make_it_once() {
    // The file does not exist yet: every process tries to create it at once; one does, the
    // others are told it exists, and the file is a sound byline database.
    for round in 0..5 {
        let db = Db::uncreated();
        let children: Vec<_> = (0..6)
            .map(|_| {
                std::process::Command::new(BIN)
                    .env("HOME", db.dir.path().join("home"))
                    .env_remove("BYLINE_DB")
                    .arg("--db")
                    .arg(&db.path)
                    .args(["--seed", "db", "init"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn byline")
            })
            .collect();
        let outs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let made = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(made, 1, "round {round}: exactly one init creates the file");
        for o in outs.iter().filter(|o| !o.status.success()) {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("already exists"), "round {round}: {err}");
        }
        assert_eq!(db.posts(&[]).len(), 10, "round {round}: the sample, once");
        db.ok(&["db", "check"]);
        concurrent_adds(&db, 3, 2);
        assert_eq!(db.posts(&[]).len(), 16, "round {round}");
    }
}

#[test]
fn json_post_list_has_the_documented_fields() {
    let db = Db::seeded();
    let posts = db.posts(&["--limit", "1"]);
    assert_eq!(posts.len(), 1);
    for key in [
        "id",
        "slug",
        "title",
        "author",
        "summary",
        "tags",
        "status",
        "created_at",
        "published_at",
        "first_published_at",
    ] {
        assert!(keys(&posts[0]).contains(&key.to_string()), "{key} missing in {}", posts[0]);
    }
}

#[test]
fn first_runs_racing_on_the_default_path_all_succeed_and_seed_once() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let children: Vec<_> = (0..6)
            .map(|_| {
                std::process::Command::new(BIN)
                    .env("HOME", dir.path().join("home"))
                    .env("XDG_DATA_HOME", dir.path().join("xdg"))
                    .env_remove("BYLINE_DB")
                    .args(["post", "list"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn byline")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let out = isolated_cmd(dir.path()).args(["--json", "post", "list"]).output().unwrap();
        let posts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let n = posts.as_array().unwrap().len();
        assert!((8..=12).contains(&n), "round {round}: the sample was loaded once, not {n} posts");
    }
}
