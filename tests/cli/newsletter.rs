//! `byline newsletter`: the real binary sends a post through a real SMTP server on 127.0.0.1
//! (aiosmtpd), to the right people, once, with both parts and the list headers.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::Db;
use crate::common::smtp::{SmtpServer, header};

pub const SLUG: &str = "borrowing-in-rust";

/// A blog with one published post tagged rust and tips, and a subscriber of every kind.
pub fn audience() -> Db {
    let db = Db::new();
    let body = db.dir.path().join("body.md");
    std::fs::write(&body, "Borrowing is *checked* at compile time.\n\n- one\n- two\n").unwrap();
    db.ok(&[
        "post",
        "add",
        "--title",
        "Borrowing in Rust",
        "--tag",
        "rust",
        "--tag",
        "tips",
        "--publish",
        "--body-file",
    ]
    .into_iter()
    .chain([body.to_str().unwrap()])
    .collect::<Vec<_>>());
    db.ok(&["blog", "--title", "Field Notes"]);
    db.ok(&["subscriber", "add", "rust@example.com", "--name", "Rita Rust", "--tag", "rust"]);
    db.ok(&["subscriber", "add", "all@example.com"]);
    db.ok(&["subscriber", "add", "cook@example.com", "--tag", "cooking"]);
    db.ok(&["subscriber", "add", "pending@example.com", "--tag", "rust", "--status", "pending"]);
    db.ok(&["subscriber", "add", "gone@example.com"]);
    db.ok(&["subscriber", "unsubscribe", "gone@example.com"]);
    db
}

/// A config file sending through `url`, with the site on https://blog.example.org/.
pub fn config(db: &Db, url: &str) -> PathBuf {
    let path = db.dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[smtp]\nurl = \"{url}\"\nfrom = \"Field Notes <news@notes.example.org>\"\n\n[site]\nbase_url = \"https://blog.example.org/\"\n"
        ),
    )
    .unwrap();
    // Private, as a file that may hold the SMTP password should be (byline warns otherwise).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

/// `byline --config CONFIG --json newsletter ARGS`, which must succeed; its JSON.
pub fn newsletter(db: &Db, config: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--config", config.to_str().unwrap(), "newsletter"];
    all.extend_from_slice(args);
    db.json(&all)
}

/// The subscriber's unsubscribe token, read from the file (no command prints it).
pub fn token(db: &Db, email: &str) -> String {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.query_row("SELECT token FROM subscriber WHERE email = ?1", [email], |r| r.get(0)).unwrap()
}

#[test]
fn a_post_goes_to_active_followers_once_with_both_parts_and_one_click_unsubscribe() {
    let server = SmtpServer::start(&[]);
    let db = audience();
    let config = config(&db, &server.url());
    let report = newsletter(&db, &config, &["send", SLUG]);
    assert_eq!((report["sent"].as_u64(), report["failed"].as_u64()), (Some(2), Some(0)), "{report}");
    assert_eq!(server.recipients(), ["all@example.com", "rust@example.com"]);

    let messages = server.messages();
    let rita = messages.iter().find(|m| m["rcpt_tos"][0] == "rust@example.com").unwrap();
    let t = token(&db, "rust@example.com");
    assert_eq!(header(rita, "Subject"), Some("Borrowing in Rust"));
    assert_eq!(header(rita, "To"), Some("Rita Rust <rust@example.com>"));
    assert_eq!(header(rita, "From"), Some("Field Notes <news@notes.example.org>"));
    assert_eq!(header(rita, "List-Id"), Some("Field Notes <newsletter.notes.example.org>"));
    assert_eq!(
        header(rita, "List-Unsubscribe"),
        Some(
            format!(
                "<https://blog.example.org/unsubscribe?token={t}>, <mailto:unsubscribe@notes.example.org?subject=unsubscribe>"
            )
            .as_str()
        )
    );
    assert_eq!(header(rita, "List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
    let text = rita["text"].as_str().unwrap();
    assert!(text.contains("Borrowing is *checked* at compile time."), "{text}");
    assert!(text.contains("https://blog.example.org/posts/borrowing-in-rust/"), "{text}");
    assert!(text.contains(&format!("https://blog.example.org/preferences?token={t}")), "{text}");
    let html = rita["html"].as_str().unwrap();
    assert!(html.contains("<em>checked</em>") && html.contains("<li>two</li>"), "{html}");
    assert!(html.contains(&format!("https://blog.example.org/unsubscribe?token={t}")), "{html}");
    let ids: Vec<&str> = messages.iter().map(|m| header(m, "Message-ID").unwrap()).collect();
    assert_ne!(ids[0], ids[1], "one Message-ID per subscriber");

    // Again: nothing more goes out, and the status says so.
    let again = newsletter(&db, &config, &["send", SLUG]);
    assert_eq!(again["sent"].as_u64(), Some(0), "{again}");
    assert_eq!(server.recipients().len(), 2);
    let status = newsletter(&db, &config, &["status", SLUG]);
    assert_eq!(status[0]["counts"]["sent"].as_u64(), Some(2), "{status}");
    assert_eq!(status[0]["counts"]["queued"].as_u64(), Some(0), "{status}");
}

#[test]
fn a_dry_run_sends_and_records_nothing_and_no_output_shows_the_password() {
    let server = SmtpServer::start(&[]);
    let db = audience();
    let config = config(&db, &format!("smtp://ann:hunter2@127.0.0.1:{}", server.port));
    let before = db.table_rows();
    let plan = newsletter(&db, &config, &["send", SLUG, "--dry-run"]);
    assert_eq!(plan["recipients"]["total"].as_u64(), Some(2), "{plan}");
    assert_eq!(plan["recipients"]["by_tag"][0], serde_json::json!(["rust", 1]), "{plan}");
    let said = db.ok(&["--config", config.to_str().unwrap(), "newsletter", "send", SLUG, "--dry-run"]);
    let shown = db.ok(&["--config", config.to_str().unwrap(), "config", "show"]);
    for out in [plan.to_string(), said, shown] {
        assert!(!out.contains("hunter2"), "{out}");
    }
    assert!(server.messages().is_empty());
    assert_eq!(db.table_rows(), before, "a dry run writes nothing");

    // The test server offers no login: the send stops before any row is spent, and the error
    // (which names the server) never shows the password, even given in BYLINE_SMTP_URL.
    let out = db
        .cmd()
        .env("BYLINE_SMTP_URL", format!("smtp://ann:hunter2@127.0.0.1:{}", server.port))
        .args(["--config", config.to_str().unwrap(), "newsletter", "send", SLUG])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("authentication"), "{stderr}");
    assert!(!stderr.contains("hunter2") && !String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    let status = newsletter(&db, &config, &["status", SLUG]);
    assert_eq!(status[0]["counts"]["queued"].as_u64(), Some(2), "nobody is marked failed: {status}");
}

#[test]
fn drafts_are_not_sent_and_check_names_what_to_fix() {
    let server = SmtpServer::start(&[]);
    let db = audience();
    let config = config(&db, &server.url());
    let body = db.dir.path().join("draft.md");
    std::fs::write(&body, "Not yet.").unwrap();
    db.ok(&["post", "add", "--title", "Draft", "--body-file", body.to_str().unwrap()]);
    let err = db.fails(&["--config", config.to_str().unwrap(), "newsletter", "send", "draft"]);
    assert!(err.contains("not published"), "{err}");
    let out = db.cmd().args(["--config", config.to_str().unwrap(), "newsletter", "check"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("dkim") && said.contains("not signed"), "{said}");
    assert!(said.contains("unsubscribe?") || said.contains("https://blog.example.org/unsubscribe"), "{said}");
}
