//! Errors under `--json`: one JSON object on stderr with a stable `error` code and a message,
//! nothing on stdout, and the exit status of the same error without `--json`.

use serde_json::{Value, json};

use crate::common::Db;

/// Runs `byline --json ARGS` and returns (status, the error object).
fn json_error(db: &Db, args: &[&str]) -> (Option<i32>, Value) {
    let out = db.cmd().arg("--json").args(args).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?} printed to stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
    let v: Value = serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stderr}"));
    (out.status.code(), v)
}

#[test]
fn each_kind_of_failure_has_its_code() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "ann@example.com"]);
    db.add_post("Mine", &[]);
    for (args, code, words) in [
        (&["post", "show", "404"][..], "not_found", "no post '404'"),
        (&["subscriber", "remove", "bob@example.com"], "not_found", "no subscriber"),
        (&["subscriber", "add", "foo@"], "invalid_input", "invalid email address"),
        (&["post", "add", "--title", "  "], "invalid_input", "title"),
        (&["subscriber", "add", "ANN@example.com"], "conflict", "already subscribed"),
        (&["--seed", "post", "list"], "invalid_input", "--seed"),
    ] {
        let (status, v) = json_error(&db, args);
        assert_eq!(status, Some(1), "{args:?}");
        assert_eq!(v["error"], code, "{args:?}: {v}");
        assert!(v["message"].as_str().unwrap().contains(words), "{args:?}: {v}");
        assert_eq!(v.as_object().unwrap().len(), 2, "{v}");
    }

    let missing = Db::uncreated();
    let (status, v) = json_error(&missing, &["post", "list"]);
    assert_eq!((status, &v["error"]), (Some(1), &json!("no_database")), "{v}");
    let (status, v) = json_error(&db, &["db", "init"]);
    assert_eq!((status, &v["error"]), (Some(1), &json!("conflict")), "{v}");
}

#[test]
fn a_malformed_command_line_under_json_is_json_with_status_2() {
    let db = Db::new();
    let (status, v) = json_error(&db, &["post", "add"]);
    assert_eq!(status, Some(2));
    assert_eq!(v["error"], "usage", "{v}");
    assert!(v["message"].as_str().unwrap().contains("--title"), "{v}");
}
