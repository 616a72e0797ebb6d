//! `byline subscriber edit`: the TUI's edit form on the command line, plus correcting an address.

use crate::common::Db;
use serde_json::{Value, json};

/// One subscriber's row as stored (id, email, token, dates), read with rusqlite.
fn row(db: &Db, email: &str) -> Option<Value> {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.query_row(
        "SELECT id, email, token, status, created_at, confirmed_at, unsubscribed_at FROM subscriber WHERE email = ?1",
        [email],
        |r| {
            Ok(json!([
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?
            ]))
        },
    )
    .ok()
}

fn one(db: &Db, email: &str) -> Value {
    db.subscribers().into_iter().find(|s| s["email"] == email).unwrap_or_else(|| panic!("{email} not listed"))
}

#[test]
fn edit_changes_only_what_is_given() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "ann@example.com", "--name", "Ann", "--tag", "rust", "--status", "pending"]);
    let s = db.json(&["subscriber", "edit", "ann@example.com", "--name", "Ann Lee"]);
    assert_eq!((&s["name"], &s["tags"], &s["status"]), (&json!("Ann Lee"), &json!(["rust"]), &json!("pending")));

    assert_eq!(
        db.ok(&["subscriber", "edit", "ann@example.com", "--tag", "web", "--tag", "go", "--status", "active"]),
        "saved ann@example.com\n"
    );
    let s = one(&db, "ann@example.com");
    assert_eq!((&s["name"], &s["tags"], &s["status"]), (&json!("Ann Lee"), &json!(["go", "web"]), &json!("active")));
    assert!(s["confirmed_at"].is_string(), "activating confirms: {s}");

    db.ok(&["subscriber", "edit", "ann@example.com", "--all-posts", "--name", ""]);
    let s = one(&db, "ann@example.com");
    assert_eq!((&s["name"], &s["tags"]), (&Value::Null, &json!([])), "every post, no name: {s}");
}

#[test]
fn a_typo_in_the_address_is_corrected_and_everything_else_kept() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "ann@exmaple.com", "--name", "Ann", "--tag", "rust"]);
    let before = row(&db, "ann@exmaple.com").expect("stored");
    assert_eq!(
        db.ok(&["subscriber", "edit", "ann@exmaple.com", "--email", "Ann@Example.COM"]),
        "saved Ann@example.com (was ann@exmaple.com)\n"
    );
    assert_eq!(row(&db, "ann@exmaple.com"), None, "the old address is gone");
    let after = row(&db, "Ann@example.com").expect("the new address");
    // Same id, token (unsubscribe links keep working), status and dates.
    for i in [0, 2, 3, 4, 5, 6] {
        assert_eq!(after[i], before[i], "column {i}: {before} -> {after}");
    }
    let s = one(&db, "Ann@example.com");
    assert_eq!((&s["name"], &s["tags"]), (&json!("Ann"), &json!(["rust"])));
    assert_eq!(db.emails().len(), 1);

    // A change of case only is the same address.
    db.ok(&["subscriber", "edit", "ann@example.com", "--email", "ann@example.com"]);
    assert_eq!(db.emails(), ["ann@example.com"]);
}

#[test]
fn edits_that_break_a_rule_are_refused_and_change_nothing() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "ann@example.com"]);
    db.ok(&["subscriber", "add", "bob@example.com", "--status", "unsubscribed"]);
    db.fails_unchanged(&["subscriber", "edit", "ann@example.com", "--email", "BOB@example.com"], "already subscribed");
    db.fails_unchanged(&["subscriber", "edit", "ann@example.com", "--email", "ann@"], "invalid email address");
    db.fails_unchanged(
        &["subscriber", "edit", "nobody@example.com", "--name", "X"],
        "no subscriber 'nobody@example.com'",
    );
    db.fails_unchanged(&["subscriber", "edit", "bob@example.com", "--status", "active"], "only a new sign-up");
    db.fails_unchanged(&["subscriber", "edit", "ann@example.com", "--status", "gone"], "gone");
    // Nothing to change, or a tag list and "every post" at once: a malformed command line.
    for args in [
        &["subscriber", "edit", "ann@example.com"][..],
        &["subscriber", "edit", "ann@example.com", "--tag", "a", "--all-posts"],
    ] {
        let out = db.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
