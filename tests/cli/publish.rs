//! `byline post publish`: idempotent, the first date offered back, time zones honoured.

use crate::common::Db;
use serde_json::{Value, json};

const PAST: &str = "2020-01-02T03:04:05Z";

fn published_at(db: &Db, post: &str) -> Value {
    db.show(post)["published_at"].clone()
}

fn is_recent(v: &Value) -> bool {
    let t: jiff::Timestamp = v.as_str().expect("timestamp").parse().expect("RFC 3339");
    (jiff::Timestamp::now().as_second() - t.as_second()).abs() < 120
}

#[test]
fn publishing_a_published_post_keeps_it_and_its_date() {
    let db = Db::new();
    db.add_post("Pi day", &["--publish", "--at", PAST]);
    for args in [vec![], vec!["--now"], vec!["--at", "now"], vec!["--at", "2099-06-01T12:00:00Z"]] {
        let mut all = vec!["post", "publish", "pi-day"];
        all.extend(args.iter().copied());
        let out = db.ok(&all);
        assert_eq!(
            out,
            "'Pi day' is already published (since 2020-01-02); nothing changed \
             (`byline post unpublish 1` first to re-date it)\n",
            "{args:?}"
        );
        assert_eq!(published_at(&db, "pi-day"), json!(PAST), "{args:?} re-dated a live post");
    }
}

#[test]
fn republishing_restores_the_first_date_by_default_and_says_so() {
    let db = Db::new();
    db.add_post("Old news", &["--publish", "--at", PAST]);
    db.ok(&["post", "unpublish", "old-news"]);
    assert_eq!(
        db.ok(&["post", "publish", "old-news"]),
        "published 'Old news' again with its first date, 2020-01-02 (`--now` dates it today)\n"
    );
    assert_eq!(published_at(&db, "old-news"), json!(PAST));

    for today in [&["--now"][..], &["--at", "now"]] {
        db.ok(&["post", "unpublish", "old-news"]);
        let mut args = vec!["post", "publish", "old-news"];
        args.extend_from_slice(today);
        assert_eq!(db.ok(&args), "published 'Old news'\n");
        assert!(is_recent(&published_at(&db, "old-news")), "{today:?}");
    }
    // The first date is still the first one, after being dated today.
    db.ok(&["post", "unpublish", "old-news"]);
    db.ok(&["post", "publish", "old-news"]);
    assert_eq!(published_at(&db, "old-news"), json!(PAST));
    let both = db.cmd().args(["post", "publish", "old-news", "--now", "--at", PAST]).output().expect("run byline");
    assert_eq!(both.status.code(), Some(2), "--now and --at together are a usage error");
}

#[test]
fn publishing_a_scheduled_post_now_says_it_was_scheduled() {
    let db = Db::new();
    db.add_post("Soon", &["--publish", "--at", "2099-06-01T12:00:00Z"]);
    assert_eq!(
        db.ok(&["post", "publish", "soon", "--at", "2099-06-01T12:00:00Z"]),
        "'Soon' is already scheduled for 2099-06-01 12:00 UTC; nothing changed\n"
    );
    assert_eq!(
        db.ok(&["post", "publish", "soon", "--at", "2099-06-02 12:00"]),
        "scheduled 'Soon' for 2099-06-02 12:00 UTC\n",
        "rescheduled"
    );
    assert_eq!(
        db.ok(&["post", "publish", "soon"]),
        "published 'Soon' now; it was scheduled for 2099-06-02 12:00 UTC\n"
    );
    assert!(is_recent(&published_at(&db, "soon")));
}

#[test]
fn zones_and_offsets_are_honoured_and_the_local_zone_is_the_default() {
    let db = Db::new();
    let p = db.add_post("Zoned", &["--publish", "--at", "2098-12-01T09:30:00[America/New_York]"]);
    assert_eq!(p["published_at"], "2098-12-01T14:30:00Z", "09:30 in New York, not 09:30 UTC");
    let p = db.add_post("Offset", &["--publish", "--at", "2098-12-01T09:30:00+05:30"]);
    assert_eq!(p["published_at"], "2098-12-01T04:00:00Z");
    let out = db.ok(&["post", "add", "--title", "Told", "--publish", "--at", "2098-12-01T09:30:00+05:30"]);
    assert_eq!(out, "added post 3 'Told' (scheduled for 2098-12-01 04:00 UTC, slug told)\n", "shown in the local zone");

    // A bare date-time is local time, and the message shows the zone it was read in.
    db.add_post("Bare", &[]);
    let out = db
        .cmd()
        .env("TZ", "America/New_York")
        .args(["post", "publish", "bare", "--at", "2098-12-01 09:30"])
        .output()
        .expect("run byline");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "scheduled 'Bare' for 2098-12-01 09:30 America/New_York\n");
    assert_eq!(published_at(&db, "bare"), json!("2098-12-01T14:30:00Z"));
}

#[test]
fn impossible_dates_are_refused_with_a_clear_error() {
    let db = Db::new();
    db.add_post("Draft", &[]);
    for (at, why) in [
        ("2098-12-01T09:30:00+25:00", "not a possible date"),
        ("2098-12-01T09:30:00+24:30", "past ±24:00"),
        ("0000-06-01", "no year 0"),
        ("2098-02-30", "not a possible date"),
        ("2098-12-01T09:30:00[Nowhere/Atlantis]", "not a possible date"),
    ] {
        let msg = db.fails_unchanged(&["post", "publish", "draft", "--at", at], why);
        assert!(msg.starts_with(&format!("byline: '{at}' is not a possible date: ")), "{msg}");
    }
}

#[test]
fn the_first_publication_date_is_in_the_json_of_show_and_list() {
    let db = Db::new();
    db.add_post("Old news", &["--publish", "--at", PAST]);
    db.add_post("Never out", &[]);
    db.ok(&["post", "unpublish", "old-news"]);
    let shown = db.show("old-news");
    assert_eq!((&shown["published_at"], &shown["first_published_at"]), (&Value::Null, &json!(PAST)), "{shown}");
    assert_eq!(db.show("never-out")["first_published_at"], Value::Null);
    db.ok(&["post", "publish", "old-news", "--now"]);
    let listed = db.posts(&[]);
    let old = listed.iter().find(|p| p["slug"] == "old-news").expect("old-news listed");
    assert_eq!(old["first_published_at"], json!(PAST), "dated today, first published in 2020: {old}");
    assert!(is_recent(&old["published_at"]), "{old}");
}
