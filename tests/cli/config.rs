//! `byline config path | show`, `--config` and `BYLINE_CONFIG`, and a broken config file: it
//! stops every command with its line and key, before any database or terminal is touched.

use std::path::Path;

use crate::common::{Db, isolated_cmd};
use serde_json::json;

/// Runs byline in `dir`'s isolated environment; returns (success, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = isolated_cmd(dir).args(args).output().expect("run byline");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// The README's example config file.
fn readme_example() -> String {
    let readme = include_str!("../../README.md");
    let start = readme.find("## The config file").expect("the README has a config section");
    let block = &readme[start..];
    let open = block.find("```toml\n").expect("with a toml block") + "```toml\n".len();
    let close = block[open..].find("```").expect("the block ends") + open;
    block[open..close].to_string()
}

#[test]
fn config_path_names_the_default_file_and_whether_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xdg-config/byline/config.toml");
    let (ok, out, _) = run(dir.path(), &["config", "path"]);
    assert!(ok);
    assert_eq!(out, format!("{} (not there: byline uses the defaults)\n", file.display()));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "[reader]\nmouse = true\n").unwrap();
    let (_, out, _) = run(dir.path(), &["config", "path"]);
    assert_eq!(out, format!("{}\n", file.display()));
    let (_, out, _) = run(dir.path(), &["--json", "config", "path"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v, json!({"path": file, "exists": true}));
}

#[test]
fn config_show_prints_the_values_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "[reader]\nreading_width = 72\n\n[keys.posts]\nsearch_start = \"f\"\n").unwrap();
    let (ok, out, err) = run(dir.path(), &["--config", file.to_str().unwrap(), "config", "show"]);
    assert!(ok, "{err}");
    assert!(out.starts_with(&format!("# the values in force: {} over the defaults\n", file.display())), "{out}");
    for line in ["reading_width = 72", "mouse = false", "date_format = \"%Y-%m-%d\"", "search_start = [\"f\"]"] {
        assert!(out.lines().any(|l| l == line), "{line} in:\n{out}");
    }
    assert!(out.contains("[keys.tags]") && out.contains("rename = [\"r\"]"), "every view's keys:\n{out}");
    assert!(out.contains("selection = \"black on cyan\""), "the built-in colours:\n{out}");

    // What it prints is itself a valid config file, with the same values.
    let shown = dir.path().join("shown.toml");
    std::fs::write(&shown, &out).unwrap();
    let (ok, again, err) = run(dir.path(), &["--config", shown.to_str().unwrap(), "config", "show"]);
    assert!(ok, "{err}");
    assert_eq!(again.lines().skip(1).collect::<Vec<_>>(), out.lines().skip(1).collect::<Vec<_>>());

    // BYLINE_CONFIG names it too; --json gives the same values.
    let out = isolated_cmd(dir.path()).env("BYLINE_CONFIG", &file).args(["--json", "config", "show"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], json!(file));
    assert_eq!(v["config"]["reader"]["reading_width"], json!(72));
    assert_eq!(v["config"]["keys"]["posts"]["search_start"], json!(["f"]));
}

#[test]
fn with_no_file_show_prints_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, _) = run(dir.path(), &["config", "show"]);
    assert!(ok);
    assert!(out.starts_with("# the values in force: the defaults (no config file)\n"), "{out}");
    assert!(out.lines().any(|l| l == "reading_width = 88"), "{out}");
}

#[test]
fn a_broken_file_stops_every_command_with_its_line_and_key() {
    let db = Db::seeded();
    let file = db.dir.path().join("broken.toml");
    std::fs::write(&file, "[reader]\nreading_width = 80\nmosue = true\n").unwrap();
    let path = file.to_str().unwrap();
    let want = format!("byline: config file {path}, line 3, key reader.mosue: unknown field `mosue`");
    for args in [&["post", "list"][..], &["config", "show"], &[]] {
        let mut all = vec!["--config", path];
        all.extend_from_slice(args);
        let msg = db.fails(&all);
        assert!(msg.starts_with(&want), "byline {args:?}: {msg}");
    }
    // Not even a new database is made, and the reader never opens (it would say it needs a
    // terminal): the file is checked first.
    let dir = tempfile::tempdir().unwrap();
    let new_db = dir.path().join("new.db");
    let (ok, out, err) = run(dir.path(), &["--config", path, "--db", new_db.to_str().unwrap()]);
    assert!(!ok && out.is_empty(), "{out}");
    assert!(err.starts_with(&want), "{err}");
    assert!(!new_db.exists());
    // An unknown action is found by the TUI's own check, with its line all the same.
    std::fs::write(&file, "[keys.tags]\n\nrenmae = \"R\"\n").unwrap();
    let msg = db.fails(&["--config", path, "tag", "list"]);
    assert!(msg.contains("line 3, key keys.tags.renmae: no action 'renmae'"), "{msg}");
    // `config path` still answers, to find the file.
    let (ok, out, _) = run(db.dir.path(), &["--config", path, "config", "path"]);
    assert!(ok);
    assert_eq!(out, format!("{path}\n"));
}

#[test]
fn a_named_config_file_that_is_missing_is_an_error() {
    let db = Db::seeded();
    let missing = db.dir.path().join("nope.toml");
    let msg = db.fails(&["--config", missing.to_str().unwrap(), "post", "list"]);
    assert_eq!(msg, format!("byline: no config file at {} (named by --config or BYLINE_CONFIG)", missing.display()));
}

#[test]
fn the_readme_example_is_a_valid_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("readme.toml");
    std::fs::write(&file, readme_example()).unwrap();
    let (ok, out, err) = run(dir.path(), &["--config", file.to_str().unwrap(), "config", "show"]);
    assert!(ok, "the README's example: {err}");
    assert!(out.contains("search_start = [\"/\", \"F3\"]"), "{out}");
    assert!(out.contains("copy_slug = []"), "{out}");
    assert!(out.contains("help = [\"?\", \"F1\"]"), "global reaches the views:\n{out}");
}

/// A config file holding the SMTP password that other users can read is named, with the fix, on
/// every command's stderr, and the command still runs; the password itself is never printed.
#[cfg(unix)]
#[test]
fn a_password_others_can_read_is_warned_about_on_every_command() {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::seeded();
    let file = db.dir.path().join("mail.toml");
    std::fs::write(&file, "[smtp]\nurl = \"smtp://me:hunter2@mail.example.com:587\"\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let path = file.to_str().unwrap();
    let out = db.cmd().args(["--config", path, "post", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the command still runs: {err}");
    assert!(!out.stdout.is_empty(), "and prints its list");
    assert_eq!(
        err.trim_end(),
        format!("byline: warning: {path} holds the SMTP password and others can read it (mode 644): chmod 600 {path}")
    );
    assert!(!err.contains("hunter2"));

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = db.cmd().args(["--config", path, "post", "list"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "a private file gives no warning");
}
