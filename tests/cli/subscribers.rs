//! `byline subscriber ...`: sign-ups, status changes, listing, and CSV import and export.

use crate::common::{Db, assert_one_line_error, field, keys};
use serde_json::{Value, json};

/// A subscriber without its timestamps, for comparing across databases.
fn without_times(s: &Value) -> Value {
    let mut s = s.clone();
    for k in ["created_at", "confirmed_at", "unsubscribed_at"] {
        s.as_object_mut().unwrap().remove(k);
    }
    s
}

/// Runs `subscriber import` (extra flags allowed) and returns (status code, stdout, stderr).
fn import(db: &Db, args: &[&str]) -> (Option<i32>, String, String) {
    let out = db.cmd().args(["subscriber", "import"]).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn add_for_people_and_scripts() {
    let db = Db::new();
    assert_eq!(
        db.ok(&["subscriber", "add", " Ann.Lee+news@Example.COM "]),
        "added Ann.Lee+news@example.com (active)\n"
    );
    let s = db.json(&["subscriber", "add", "bo@example.org", "--name", "  Bo Lee ", "--tag", "rust", "--tag", "Web"]);
    assert_eq!(keys(&s), ["confirmed_at", "created_at", "email", "name", "status", "tags", "unsubscribed_at"]);
    assert_eq!(
        without_times(&s),
        json!({"email": "bo@example.org", "name": "Bo Lee", "status": "active", "tags": ["rust", "Web"]})
    );
    assert!(s["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(s["confirmed_at"], s["created_at"]);
    assert_eq!(s["unsubscribed_at"], Value::Null);

    let s = db.json(&["subscriber", "add", "p@example.net", "--status", "pending"]);
    assert_eq!((&s["status"], &s["confirmed_at"], &s["name"]), (&json!("pending"), &Value::Null, &Value::Null));
    let s = db.json(&["subscriber", "add", "gone@example.net", "--status", "Unsubscribed"]);
    assert_eq!(s["status"], "unsubscribed");
    assert_eq!(s["unsubscribed_at"], s["created_at"]);

    assert_eq!(db.emails(), ["gone@example.net", "p@example.net", "bo@example.org", "Ann.Lee+news@example.com"]);
    // Following a tag creates it, without posts.
    assert_eq!(
        db.json(&["tag", "list"]),
        json!([{"name": "rust", "slug": "rust", "posts": 0}, {"name": "Web", "slug": "web", "posts": 0}])
    );
}

#[test]
fn invalid_addresses_are_refused() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    for (email, why) in [
        ("foo@", "Domain is empty"),
        ("a b@example.com", "spaces"),
        ("ann @example.com", "spaces"),
        ("foo@bar", "the domain needs a dot"),
        ("nodomain", "Missing separator"),
        ("@example.com", "invalid email address"),
        ("x@localhost", "the domain needs a dot"),
        ("x@[127.0.0.1]", "the domain needs a dot"),
        ("a@b@c.com", "invalid email address"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("tab\t@example.com", "spaces or control characters"),
    ] {
        let msg = db.fails_unchanged(&["subscriber", "add", email], "invalid email address");
        assert!(msg.contains(why), "{email:?}: {msg}");
    }
}

#[test]
fn a_duplicate_address_is_refused_whatever_its_case() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "Ann@Example.com", "--name", "Ann"]);
    for dup in ["Ann@example.com", "ann@example.com", "ANN@EXAMPLE.COM", " ann@example.com "] {
        let msg = db.fails_unchanged(&["subscriber", "add", dup, "--name", "Other"], "already subscribed");
        assert!(msg.ends_with("is already subscribed"), "{msg}");
    }
    assert_eq!(db.emails(), ["Ann@example.com"]);
}

#[test]
fn bad_status_and_tags_are_refused() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    let msg = db.fails_unchanged(&["subscriber", "add", "new@example.com", "--status", "sleeping"], "unknown status");
    assert_eq!(msg, "byline: unknown status 'sleeping': expected one of pending, active, unsubscribed");
    db.fails_unchanged(&["subscriber", "add", "new@example.com", "--tag", "a,b"], "invalid tag");
    db.fails_unchanged(&["subscriber", "list", "--status", "gone"], "unknown status 'gone'");
}

#[test]
fn list_newest_first_filtered_by_status() {
    let db = Db::new();
    assert_eq!(db.ok(&["subscriber", "list"]), "no subscribers\n");
    db.ok(&["subscriber", "add", "a@example.com", "--name", "Ann", "--tag", "web"]);
    db.ok(&["subscriber", "add", "b@example.com", "--status", "pending"]);
    db.ok(&["subscriber", "add", "c@example.com", "--name", "Cy", "--tag", "rust", "--tag", "cli"]);
    db.ok(&["subscriber", "unsubscribe", "a@example.com"]);

    assert_eq!(db.emails(), ["c@example.com", "b@example.com", "a@example.com"]);
    let only = |status: &str| field(db.json(&["subscriber", "list", "--status", status]).as_array().unwrap(), "email");
    assert_eq!(only("active"), ["c@example.com"]);
    assert_eq!(only("pending"), ["b@example.com"]);
    assert_eq!(only("unsubscribed"), ["a@example.com"]);

    let today = db.subscribers()[0]["created_at"].as_str().unwrap()[..10].to_string();
    assert_eq!(
        db.ok(&["subscriber", "list"]),
        format!(
            "EMAIL          NAME  STATUS        TAGS         SINCE\n\
             c@example.com  Cy    active        cli, rust    {today}\n\
             b@example.com  -     pending       (all posts)  {today}\n\
             a@example.com  Ann   unsubscribed  web          {today}\n"
        )
    );
    assert_eq!(db.ok(&["subscriber", "list", "--status", "pending"]).lines().count(), 2);
}

#[test]
fn confirm_unsubscribe_and_remove() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "p@example.com", "--status", "pending"]);
    assert_eq!(db.ok(&["subscriber", "confirm", "P@EXAMPLE.COM"]), "p@example.com is now active\n");
    let s = db.subscribers()[0].clone();
    assert_eq!(s["status"], "active");
    assert!(s["confirmed_at"].is_string());
    assert_eq!(db.ok(&["subscriber", "confirm", "p@example.com"]), "p@example.com was already active\n");
    db.ok(&["subscriber", "add", "q@example.com", "--status", "pending"]);
    let s = db.json(&["subscriber", "confirm", "q@example.com"]);
    assert_eq!(without_times(&s), json!({"email": "q@example.com", "name": null, "status": "active", "tags": []}));
    assert!(s["confirmed_at"].is_string());
    db.ok(&["subscriber", "remove", "q@example.com"]);

    let s = db.json(&["subscriber", "unsubscribe", "p@example.com"]);
    assert_eq!(s["status"], "unsubscribed");
    assert!(s["unsubscribed_at"].is_string());
    assert_eq!(db.ok(&["subscriber", "unsubscribe", "p@example.com"]), "p@example.com had already unsubscribed\n");

    // Only its owner may come back: confirm does not re-activate an unsubscribed address.
    let msg = db.fails_unchanged(&["subscriber", "confirm", "p@example.com"], "unsubscribed");
    assert!(msg.contains("remove and add it again"), "{msg}");

    assert_eq!(db.ok(&["subscriber", "remove", "P@example.com"]), "removed p@example.com\n");
    assert_eq!(db.subscribers(), Vec::<Value>::new());
    db.ok(&["subscriber", "add", "p@example.com", "--status", "pending"]);
    let s = db.json(&["subscriber", "remove", "p@example.com"]);
    assert_eq!(s["email"], "p@example.com");
    assert_eq!(db.subscribers(), Vec::<Value>::new());
}

#[test]
fn an_unknown_subscriber_is_refused() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    for cmd in ["remove", "confirm", "unsubscribe"] {
        let msg = db.fails_unchanged(&["subscriber", cmd, "nobody@example.com"], "no subscriber");
        assert_eq!(msg, "byline: no subscriber 'nobody@example.com': see `byline subscriber list`");
    }
}

#[test]
fn export_writes_csv_to_stdout_or_a_private_file() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "a@example.com", "--name", "Lee, Ann", "--tag", "rust", "--tag", "web"]);
    db.ok(&["subscriber", "add", "b@example.com", "--name", "Bo \"the\" Builder", "--status", "pending"]);
    let csv = "email,name,status,tags\n\
               b@example.com,\"Bo \"\"the\"\" Builder\",pending,\n\
               a@example.com,\"Lee, Ann\",active,rust;web\n";
    assert_eq!(db.ok(&["subscriber", "export"]), csv);
    assert_eq!(db.ok(&["--json", "subscriber", "export"]), csv, "CSV is CSV, --json or not");

    let file = db.arg("subs.csv");
    let out = db.cmd().args(["subscriber", "export", &file]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(String::from_utf8_lossy(&out.stderr), format!("exported 2 subscriber(s) to {file}\n"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
    #[cfg(unix)]
    assert_eq!(crate::common::mode(std::path::Path::new(&file)), 0o600, "the addresses are personal data");

    let empty = Db::new();
    assert_eq!(empty.ok(&["subscriber", "export"]), "email,name,status,tags\n");
}

#[test]
fn export_then_import_into_a_fresh_db_round_trips() {
    let db = Db::seeded();
    db.ok(&[
        "subscriber",
        "add",
        "odd@example.com",
        "--name",
        "O'Brien, \"Pat\" ; Jr.",
        "--tag",
        "two words",
        "--tag",
        "ünï",
    ]);
    db.ok(&["subscriber", "add", "p@example.com", "--status", "pending", "--tag", "x"]);
    db.ok(&["subscriber", "add", "u@example.com", "--name", "Ulla", "--status", "unsubscribed"]);
    let file = db.arg("all.csv");
    db.cmd().args(["subscriber", "export", &file]).assert().success();

    let fresh = Db::new();
    let (code, stdout, stderr) = import(&fresh, &[&file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    let n = db.subscribers().len();
    assert_eq!(stdout, format!("added {n}, updated 0, unchanged 0, skipped 0\n"));

    let mut a: Vec<Value> = db.subscribers().iter().map(without_times).collect();
    let mut b: Vec<Value> = fresh.subscribers().iter().map(without_times).collect();
    let key = |v: &Value| v["email"].as_str().unwrap().to_string();
    a.sort_by_key(key);
    b.sort_by_key(key);
    assert_eq!(a, b);
    assert!(b.iter().any(|s| s["name"] == "O'Brien, \"Pat\" ; Jr." && s["tags"] == json!(["two words", "ünï"])));

    // Importing the same file again changes nothing.
    let before = fresh.snapshot();
    let (code, stdout, _) = import(&fresh, &[&file]);
    assert_eq!((code, stdout), (Some(0), format!("added 0, updated 0, unchanged {n}, skipped 0\n")));
    assert_eq!(fresh.snapshot(), before);
    // And exporting the fresh db gives the same file back.
    let file2 = fresh.arg("again.csv");
    fresh.cmd().args(["subscriber", "export", &file2]).assert().success();
    let sorted = |p: &str| {
        let text = std::fs::read_to_string(p).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(&file), sorted(&file2));
}

const MIXED: &str = "email,name,status,tags\n\
                     ok1@example.com,One,,a;b\n\
                     foo@,Bad,,\n\
                     ok2@example.com,\"Two, Jr\",pending,\n\
                     ok3@example.com,Three,sleeping,\n\
                     ok4@example.com\n\
                     OK1@example.com,Dup,,\n\
                     spaced @example.com,Space,,\n\
                     ok5@example.com,Five,active,bad,tag\n";

#[test]
fn import_applies_good_rows_and_names_each_bad_line() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    let file = db.file("mixed.csv", MIXED);
    let name = file.display().to_string();
    let (code, stdout, stderr) = import(&db, &[&name]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "added 2, updated 0, unchanged 0, skipped 6\n");
    let expected: Vec<String> = [
        "line 3: skipped: invalid email address 'foo@': Domain is empty.",
        "line 5: skipped: unknown status 'sleeping': expected one of pending, active, unsubscribed",
        "line 6: skipped: has 1 fields where the header has 4",
        "line 7: skipped: OK1@example.com repeats line 2",
        "line 8: skipped: invalid email address 'spaced @example.com': it contains spaces or control characters",
        "line 9: skipped: has 5 fields where the header has 4: put a name or tags containing the separator in double quotes",
    ]
    .iter()
    .map(|l| format!("{name}: {l}"))
    .collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);

    assert_eq!(db.emails(), ["ok2@example.com", "ok1@example.com", "keep@example.com"]);
    let subs = db.subscribers();
    assert_eq!(
        without_times(&subs[0]),
        json!({"email": "ok2@example.com", "name": "Two, Jr", "status": "pending", "tags": []})
    );
    assert_eq!(
        without_times(&subs[1]),
        json!({"email": "ok1@example.com", "name": "One", "status": "active", "tags": ["a", "b"]})
    );

    let (code, stdout, stderr) = import(&db, &["--json", &name]);
    assert_eq!(code, Some(0));
    assert_eq!(stderr.lines().count(), 6, "bad lines are still reported on stderr under --json");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["added"], 0);
    assert_eq!(json["unchanged"], 2);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 6);
    assert_eq!(json["skipped"][0], json!({"line": 3, "reason": "invalid email address 'foo@': Domain is empty."}));
}

#[test]
fn strict_import_imports_nothing_when_a_row_is_bad() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com", "--name", "Keep"]);
    let file = db.file("mixed.csv", MIXED);
    let msg = db.fails_unchanged(&["subscriber", "import", "--strict", file.to_str().unwrap()], "line 3");
    assert!(msg.contains("5 bad row(s); --strict imported nothing"), "{msg}");

    // Rows that parse but would be skipped (a repeat, a re-subscription) also stop a strict import.
    let repeat =
        db.file("repeat.csv", "email,name\nnew@example.com,New\nKEEP@example.com,Changed\nnew@example.com,Again\n");
    let msg = db.fails_unchanged(&["subscriber", "import", "--strict", repeat.to_str().unwrap()], "--strict");
    assert!(msg.contains("nothing was imported"), "{msg}");
    db.ok(&["subscriber", "unsubscribe", "keep@example.com"]);
    let back = db.file("back.csv", "email,status\nnew@example.com,\nkeep@example.com,active\n");
    db.fails_unchanged(&["subscriber", "import", "--strict", back.to_str().unwrap()], "nothing was imported");

    // A clean file imports fully under --strict.
    let good = db.file("good.csv", "email,name,status,tags\nnew@example.com,New,pending,x\n");
    assert_eq!(
        db.ok(&["subscriber", "import", "--strict", good.to_str().unwrap()]),
        "added 1, updated 0, unchanged 0, skipped 0\n"
    );
    assert_eq!(db.emails(), ["new@example.com", "keep@example.com"]);
}

#[test]
fn import_never_reactivates_an_unsubscribed_address() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "gone@example.com", "--name", "Gone", "--tag", "a"]);
    db.ok(&["subscriber", "unsubscribe", "gone@example.com"]);
    for status in ["active", "pending", "Active"] {
        let file = db.file("back.csv", format!("email,status\nGONE@example.com,{status}\n"));
        let name = file.display().to_string();
        let before = db.snapshot();
        let (code, stdout, stderr) = import(&db, &[&name]);
        assert_eq!(code, Some(0));
        assert_eq!(stdout, "added 0, updated 0, unchanged 0, skipped 1\n");
        assert_eq!(
            stderr,
            format!("{name}: line 2: skipped: gone@example.com unsubscribed; an import does not re-subscribe it\n")
        );
        assert_eq!(db.snapshot(), before, "{status}");
    }
    // With the status column empty it stays unsubscribed and its other fields may change.
    let file = db.file("rename.csv", "email,name,status,tags\ngone@example.com,Still Gone,,b\n");
    assert_eq!(
        db.ok(&["subscriber", "import", file.to_str().unwrap()]),
        "added 0, updated 1, unchanged 0, skipped 0\n"
    );
    let s = db.subscribers()[0].clone();
    assert_eq!(
        without_times(&s),
        json!({"email": "gone@example.com", "name": "Still Gone", "status": "unsubscribed", "tags": ["b"]})
    );
}

#[test]
fn import_updates_known_addresses_and_skips_repeats_in_one_file() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "ann@example.com", "--name", "Ann", "--status", "pending"]);
    let file = db.file(
        "update.csv",
        "tags,email,extra,name,status\n\
         web;rust,ANN@example.com,ignored,,active\n\
         ,new@example.com,,New,\n\
         ,ann@example.com,,Second row,unsubscribed\n\
         ,New@Example.com,,Again,\n",
    );
    let name = file.display().to_string();
    let (code, stdout, stderr) = import(&db, &[&name]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "added 1, updated 1, unchanged 0, skipped 2\n");
    assert_eq!(
        stderr,
        format!(
            "{name}: line 4: skipped: ann@example.com repeats line 2\n{name}: line 5: skipped: New@example.com repeats line 3\n"
        )
    );
    let subs = db.subscribers();
    assert_eq!(
        without_times(&subs[0]),
        json!({"email": "new@example.com", "name": "New", "status": "active", "tags": []})
    );
    assert_eq!(
        without_times(&subs[1]),
        json!({"email": "ann@example.com", "name": "Ann", "status": "active", "tags": ["rust", "web"]})
    );
    assert!(subs[1]["confirmed_at"].is_string(), "an import that activates records the confirmation");
}

#[test]
fn import_file_problems_are_refused_whole() {
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    let missing = db.arg("missing.csv");
    let msg = db.fails_unchanged(&["subscriber", "import", &missing], "missing.csv");
    assert!(msg.contains("No such file"), "{msg}");
    let no_email = db.file("noemail.csv", "name,status\nAnn,active\n");
    db.fails_unchanged(&["subscriber", "import", no_email.to_str().unwrap()], "no 'email' column");
    let empty = db.file("empty.csv", "");
    db.fails_unchanged(&["subscriber", "import", empty.to_str().unwrap()], "no 'email' column");

    // A header with a byte-order mark still works; a row that is not UTF-8 is skipped by line.
    let bom = db.file("bom.csv", b"\xef\xbb\xbfemail,name\nbom@example.com,B\n\xff@example.com,X\n");
    let out = db.cmd().args(["subscriber", "import", bom.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "added 1, updated 0, unchanged 0, skipped 1\n");
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("bom.csv: line 3: skipped: is not valid UTF-8\n"));
    assert_eq!(db.emails(), ["bom@example.com", "keep@example.com"]);
}

#[test]
fn the_sample_subscribers() {
    let db = Db::seeded();
    let subs = db.subscribers();
    assert_eq!(subs.len(), 6);
    for s in &subs {
        assert_eq!(keys(s), ["confirmed_at", "created_at", "email", "name", "status", "tags", "unsubscribed_at"]);
    }
    let statuses: Vec<String> = field(&subs, "status");
    for st in ["active", "pending", "unsubscribed"] {
        assert!(statuses.contains(&st.to_string()), "{statuses:?}");
    }
    let out = db.cmd().args(["subscriber", "import", "/dev/null/x"]).output().unwrap();
    assert_one_line_error(&["import"], &out);
}

#[test]
fn a_name_with_control_characters_is_refused_as_on_import() {
    // Import refuses such names, so accepting them on add would make an export that cannot be imported back.
    let db = Db::new();
    db.ok(&["subscriber", "add", "keep@example.com"]);
    for name in ["Ann\nLee", "Bo\u{1b}[31mRed", "tab\there", "mid\rdle"] {
        let msg = db.fails_unchanged(&["subscriber", "add", "new@example.com", "--name", name], "control characters");
        assert!(!msg.contains('\u{1b}'), "the terminal never gets the raw escape: {msg:?}");
    }
    let file = db.arg("all.csv");
    db.cmd().args(["subscriber", "export", &file]).assert().success();
    let fresh = Db::new();
    assert_eq!(fresh.ok(&["subscriber", "import", &file]), "added 1, updated 0, unchanged 0, skipped 0\n");
}
