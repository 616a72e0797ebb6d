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

/// Bytes that would drive a terminal: ESC, BEL, the 8-bit CSI, DEL, and the bidi marks.
fn has_terminal_controls(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202e}')
    })
}

#[test]
fn a_hostile_argument_in_a_usage_error_never_reaches_the_terminal_raw() {
    let db = Db::new();
    // An OSC 52 clipboard write and a screen clear, as an unknown subcommand and as an unknown flag.
    let osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07";
    // ...and 8-bit CSI and bidi overrides, which ANSI strippers do not know.
    for args in [vec!["post", osc52], vec!["post", "list", "--\x1b[2Jwhat"], vec!["post", "\u{9b}2J\u{202e}x"]] {
        for json in [false, true] {
            let mut cmd = db.cmd();
            if json {
                cmd.arg("--json");
            }
            let out = cmd.args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(
                !has_terminal_controls(&out.stderr),
                "{args:?} (json {json}): {:?}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Still says what was wrong.
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(said.contains("unrecognized subcommand") || said.contains("unexpected argument"), "{said:?}");
        }
    }
}

#[test]
fn json_output_escapes_del_c1_and_bidi_controls_and_decodes_to_the_stored_text() {
    let db = Db::new();
    let title = "Plain \u{7f} c1\u{9b}31m rlm\u{200f} rlo\u{202e} end";
    db.add_post(title, &[]);
    let out = db.cmd().args(["--json", "post", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(!has_terminal_controls(&out.stdout), "{:?}", String::from_utf8_lossy(&out.stdout));
    let posts: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(posts[0]["title"], title, "scripts read exactly what the store holds");
}
