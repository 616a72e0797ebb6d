//! Shared helpers for the CLI tests: a database in a temporary directory and ways to run the real
//! `byline` binary on it and read its answers.
#![allow(dead_code)]

pub mod app;
pub mod http;
pub mod pty;
pub mod smtp;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_byline");

/// A byline command with an environment that cannot reach the user's own files: HOME, the XDG
/// data and config dirs and TMPDIR point into `dir`, and no editor or `BYLINE_DB` leaks in from outside.
pub fn isolated_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env_remove("BYLINE_CONFIG")
        .env("TMPDIR", dir)
        .env("TZ", "UTC")
        .env_remove("BYLINE_DB")
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    cmd
}

/// One temporary database file, made with `byline db init` (a `--db` path must exist).
pub struct Db {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Db {
    /// A new, empty blog.
    pub fn new() -> Db {
        let db = Db::uncreated();
        db.ok(&["db", "init"]);
        db
    }

    /// A blog loaded with the sample content.
    pub fn seeded() -> Db {
        let db = Db::uncreated();
        db.ok(&["--seed", "db", "init"]);
        db
    }

    /// A temporary directory and the path of a database not created yet.
    pub fn uncreated() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("blog.db");
        Db { dir, path }
    }

    /// `byline --db PATH` in the isolated environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = isolated_cmd(self.dir.path());
        cmd.arg("--db").arg(&self.path);
        cmd
    }

    /// Runs a command that must succeed with nothing on stderr; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run byline");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "byline {args:?} failed ({:?}): {stderr}", out.status);
        assert_eq!(stderr, "", "byline {args:?} wrote to stderr");
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs a command with `--json` that must succeed; returns the parsed JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("byline {args:?} printed invalid JSON ({e}):\n{text}"))
    }

    /// Runs a command that must fail with exit status 1, nothing on stdout, and exactly one
    /// line on stderr starting with "byline: "; returns that line.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run byline");
        assert_one_line_error(args, &out)
    }

    /// Like `fails`, and also checks that the blog (posts, bodies, tags, authors, subscribers,
    /// every table row) is exactly as it was, and that the message contains `expect`.
    pub fn fails_unchanged(&self, args: &[&str], expect: &str) -> String {
        let before = self.snapshot();
        let msg = self.fails(args);
        assert!(msg.contains(expect), "byline {args:?}: expected {expect:?} in the error, got {msg:?}");
        assert_eq!(self.snapshot(), before, "byline {args:?} failed but changed the database");
        msg
    }

    /// Everything a user can see of the blog plus every row of every table, for "nothing changed" checks.
    pub fn snapshot(&self) -> Value {
        let posts = self.json(&["post", "list"]);
        let bodies: Vec<Value> = posts
            .as_array()
            .expect("post list is an array")
            .iter()
            .map(|p| self.json(&["post", "show", &p["id"].to_string()]))
            .collect();
        serde_json::json!({
            "posts": posts,
            "shown": bodies,
            "tags": self.json(&["tag", "list"]),
            "authors": self.json(&["author", "list"]),
            "subscribers": self.json(&["subscriber", "list"]),
            "rows": self.table_rows(),
        })
    }

    /// Every row of every table (and the schema version), read directly with rusqlite.
    pub fn table_rows(&self) -> Value {
        let conn = rusqlite::Connection::open(&self.path).expect("open db");
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("user_version");
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .expect("schema")
            .query_map([], |r| r.get(0))
            .expect("schema rows")
            .collect::<Result<_, _>>()
            .expect("names");
        let mut out = serde_json::Map::new();
        out.insert("user_version".into(), version.into());
        for table in tables {
            // One-column tables (the titles' search index) order by that column alone.
            let columns = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select").column_count();
            let order = if columns > 1 { "1, 2" } else { "1" };
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}")).expect("select");
            let n = stmt.column_count();
            let rows: Vec<Value> = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => Value::Null,
                                rusqlite::types::ValueRef::Integer(v) => v.into(),
                                rusqlite::types::ValueRef::Real(v) => v.into(),
                                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}").into(),
                            })
                        })
                        .collect::<rusqlite::Result<Vec<Value>>>()
                        .map(Value::from)
                })
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("row values");
            out.insert(table, rows.into());
        }
        Value::Object(out)
    }

    /// `post list --json`.
    pub fn posts(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["post", "list"];
        args.extend_from_slice(extra);
        self.json(&args).as_array().expect("array").clone()
    }

    /// The slugs of `post list --json` with extra filter flags, in list order.
    pub fn slugs(&self, extra: &[&str]) -> Vec<String> {
        self.posts(extra).iter().map(|p| p["slug"].as_str().expect("slug").to_string()).collect()
    }

    /// `subscriber list --json`.
    pub fn subscribers(&self) -> Vec<Value> {
        self.json(&["subscriber", "list"]).as_array().expect("array").clone()
    }

    /// The subscribers' emails, in list order.
    pub fn emails(&self) -> Vec<String> {
        self.subscribers().iter().map(|s| s["email"].as_str().expect("email").to_string()).collect()
    }

    /// Adds a post with `post add --title TITLE EXTRA... --json` and returns its JSON.
    pub fn add_post(&self, title: &str, extra: &[&str]) -> Value {
        let mut args = vec!["post", "add", "--title", title];
        args.extend_from_slice(extra);
        self.json(&args)
    }

    /// `post show --json POST`.
    pub fn show(&self, post: &str) -> Value {
        self.json(&["post", "show", post])
    }

    /// Writes a file into the temporary directory and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// A path in the temporary directory, as a string argument.
    pub fn arg(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// The database file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("read db")
    }
}

/// Checks a failed run: status 1, empty stdout, one stderr line "byline: ...". Returns the line.
pub fn assert_one_line_error(args: &[&str], out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "byline {args:?} should exit 1; stderr: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "byline {args:?} failed but printed to stdout");
    assert!(stderr.ends_with('\n'), "byline {args:?}: stderr should end with a newline: {stderr:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "byline {args:?}: expected one line on stderr, got {stderr:?}");
    assert!(lines[0].starts_with("byline: "), "byline {args:?}: {stderr:?}");
    lines[0].to_string()
}

/// The string values of a JSON array field of each object, e.g. every post's "slug".
pub fn field(items: &[Value], key: &str) -> Vec<String> {
    items.iter().map(|v| v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}")).to_string()).collect()
}

/// Keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap_or_else(|| panic!("not an object: {v}")).keys().cloned().collect();
    k.sort();
    k
}

/// The file's Unix permission bits.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}
