//! `byline post ...`: adding, listing, showing, editing (flags and $EDITOR), publishing,
//! tagging and deleting posts, with the slug rules, related posts and every bad input.

use crate::common::{Db, field, keys};
use serde_json::{Value, json};

const FUTURE: &str = "2099-06-01T12:00:00Z";
const PAST: &str = "2020-01-02T03:04:05Z";

fn is_utc_rfc3339(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 20 && s.ends_with('Z') && s.parse::<jiff::Timestamp>().is_ok())
}

/// Seconds between a JSON timestamp and now.
fn age_secs(v: &Value) -> i64 {
    let t: jiff::Timestamp = v.as_str().expect("timestamp").parse().expect("RFC 3339");
    jiff::Timestamp::now().as_second() - t.as_second()
}

#[test]
fn add_prints_the_new_post_for_people_and_scripts() {
    let db = Db::new();
    let out =
        db.ok(&["post", "add", "--title", "Hello, World!", "--author", "Ann Lee", "--tag", "web", "--tag", "Rust"]);
    assert_eq!(out, "added post 1 'Hello, World!' (draft, slug hello-world)\n");

    let body = db.file("body.md", "# Heading\n\nSome *text*.\n");
    let p = db.add_post(
        "  Second   post ",
        &["--summary", "A short excerpt.", "--author", "Bo", "--tag", "zeta", "--tag", "Alpha", "--tag", "alpha"],
    );
    assert_eq!(
        keys(&p),
        [
            "author",
            "created_at",
            "first_published_at",
            "guid",
            "id",
            "published_at",
            "slug",
            "status",
            "summary",
            "tags",
            "title",
            "updated_at"
        ]
    );
    assert_eq!(p["id"], 2);
    assert_eq!(p["slug"], "second-post");
    assert_eq!(p["title"], "Second post", "titles are trimmed and inner spaces folded");
    assert_eq!(p["author"], "Bo");
    assert_eq!(p["summary"], "A short excerpt.");
    assert_eq!(p["tags"], json!(["Alpha", "zeta"]), "tags sorted, case-insensitive repeats dropped");
    assert_eq!(p["status"], "draft");
    assert_eq!(p["published_at"], Value::Null);
    assert!(is_utc_rfc3339(&p["created_at"]), "{p}");
    assert!(age_secs(&p["created_at"]).abs() < 120);

    let p = db.add_post("With body", &["--body-file", body.to_str().unwrap()]);
    assert_eq!(db.show(p["slug"].as_str().unwrap())["body"], "# Heading\n\nSome *text*.\n");
    assert_eq!(p["author"], Value::Null);
    assert_eq!(p["summary"], "");
    assert_eq!(p["tags"], json!([]));
}

#[test]
fn add_reads_the_body_from_standard_input() {
    let db = Db::new();
    let out = db
        .cmd()
        .args(["--json", "post", "add", "--title", "Piped", "--body-file", "-"])
        .write_stdin("Line one\n\n```rust\nfn main() {}\n```\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(db.show("piped")["body"], "Line one\n\n```rust\nfn main() {}\n```\n");
}

#[test]
fn derived_slugs_are_made_unique_and_explicit_ones_must_be_free() {
    let db = Db::new();
    let slugs: Vec<Value> = (0..3).map(|_| db.add_post("Hello, World!", &[])["slug"].clone()).collect();
    assert_eq!(slugs, [json!("hello-world"), json!("hello-world-2"), json!("hello-world-3")]);
    assert_eq!(db.add_post("2024", &[])["slug"], "post-2024", "an all-digit slug would read as an id");
    assert_eq!(db.add_post("!!!", &[])["slug"], "post");
    assert_eq!(db.add_post("Anything", &["--slug", "my-own"])["slug"], "my-own");

    let msg = db.fails_unchanged(&["post", "add", "--title", "Other", "--slug", "hello-world"], "already used");
    assert_eq!(msg, "byline: the slug 'hello-world' is already used by another post: choose another with --slug");
    for bad in ["Upper", "with space", "a--b", "-a", "a-", "1234", "ünï", ""] {
        db.fails_unchanged(&["post", "add", "--title", "Other", &format!("--slug={bad}")], "invalid slug");
    }
}

#[test]
fn post_arguments_accept_the_id_or_the_slug() {
    let db = Db::new();
    db.add_post("First", &[]);
    db.add_post("Second", &["--tag", "x"]);
    assert_eq!(db.show("2"), db.show("second"));
    assert_eq!(db.show(" 2 "), db.show("second"));
    assert_eq!(db.json(&["post", "publish", "second"])["id"], 2);
    assert_eq!(db.json(&["post", "tag", "2", "y"])["tags"], json!(["x", "y"]));
    assert_eq!(db.json(&["post", "untag", "second", "x"])["tags"], json!(["y"]));
    assert_eq!(db.json(&["post", "unpublish", "2"])["status"], "draft");
    assert_eq!(db.json(&["post", "edit", "second", "--summary", "s"])["summary"], "s");
    assert_eq!(db.json(&["post", "delete", "second"])["id"], 2);
    assert_eq!(db.slugs(&[]), ["first"]);
}

#[test]
fn an_empty_title_is_refused() {
    let db = Db::new();
    db.add_post("Keep me", &[]);
    for title in ["", "   ", "\n\t"] {
        let msg = db.fails_unchanged(&["post", "add", "--title", title], "title is empty");
        assert_eq!(msg, "byline: the title is empty: give the post a title");
        db.fails_unchanged(&["post", "edit", "1", "--title", title], "title is empty");
    }
    db.fails_unchanged(&["post", "add", "--title", &"x".repeat(301)], "301 characters");
}

#[test]
fn a_missing_or_non_utf8_body_file_is_refused() {
    let db = Db::new();
    db.add_post("Keep me", &[]);
    let missing = db.arg("nope.md");
    let bad = db.file("latin1.md", b"caf\xe9 au lait\n");
    for args in [
        vec!["post", "add", "--title", "T", "--body-file", &missing],
        vec!["post", "edit", "1", "--body-file", &missing],
    ] {
        let msg = db.fails_unchanged(&args, "nope.md");
        assert!(msg.contains("No such file"), "{msg}");
    }
    let bad = bad.to_str().unwrap();
    for args in [vec!["post", "add", "--title", "T", "--body-file", bad], vec!["post", "edit", "1", "--body-file", bad]]
    {
        let msg = db.fails_unchanged(&args, "not UTF-8");
        assert!(msg.contains("latin1.md") && msg.contains("offset 3"), "{msg}");
    }
    let out = db.cmd().args(["post", "add", "--title", "T", "--body-file", "-"]).write_stdin(&b"\xff\xfe"[..]).output();
    let msg = crate::common::assert_one_line_error(&["stdin"], &out.unwrap());
    assert!(msg.contains("not UTF-8"), "{msg}");
    assert_eq!(db.slugs(&[]), ["keep-me"]);
}

#[test]
fn bad_tags_authors_and_dates_are_refused() {
    let db = Db::new();
    db.add_post("Keep me", &[]);
    db.fails_unchanged(&["post", "add", "--title", "T", "--tag", "a,b"], "invalid tag 'a,b'");
    db.fails_unchanged(&["post", "add", "--title", "T", "--tag", ""], "invalid tag");
    db.fails_unchanged(&["post", "add", "--title", "T", "--author", &"a".repeat(101)], "invalid author");
    db.fails_unchanged(&["post", "add", "--title", "T", "--publish", "--at", "next week"], "cannot read 'next week'");
    db.fails_unchanged(&["post", "publish", "1", "--at", "2026-13-01"], "'2026-13-01' is not a possible date");
    db.fails_unchanged(&["post", "tag", "1", "ok", "bad,tag"], "invalid tag");
}

#[test]
fn an_unknown_post_is_refused_by_every_command() {
    let db = Db::new();
    db.add_post("Keep me", &["--tag", "t"]);
    for post in ["99", "no-such-post", "0"] {
        for args in [
            vec!["post", "show", post],
            vec!["post", "edit", post, "--title", "X"],
            vec!["post", "edit", post],
            vec!["post", "publish", post],
            vec!["post", "unpublish", post],
            vec!["post", "delete", post],
            vec!["post", "tag", post, "t"],
            vec!["post", "untag", post, "t"],
        ] {
            let msg = db.fails_unchanged(&args, &format!("no post '{post}'"));
            assert!(msg.ends_with("check the id or slug with `byline post list`"), "{msg}");
        }
    }
}

#[test]
fn publish_now_at_a_past_date_or_scheduled() {
    let db = Db::new();
    let p = db.add_post("Now", &["--publish"]);
    assert_eq!(p["status"], "published");
    assert!(age_secs(&p["published_at"]).abs() < 120);

    let p = db.add_post("Back then", &["--publish", "--at", PAST]);
    assert_eq!((&p["status"], &p["published_at"]), (&json!("published"), &json!(PAST)));

    let p = db.add_post("Later", &["--publish", "--at", FUTURE]);
    assert_eq!((&p["status"], &p["published_at"]), (&json!("scheduled"), &json!(FUTURE)));

    // Local forms (the tests run with TZ=UTC).
    let p = db.add_post("Local", &["--publish", "--at", "2098-12-01 09:30"]);
    assert_eq!(p["published_at"], "2098-12-01T09:30:00Z");
    let p = db.add_post("Day", &["--publish", "--at", "2098-12-02"]);
    assert_eq!(p["published_at"], "2098-12-02T00:00:00Z");

    db.add_post("Draft", &[]);
    assert_eq!(db.ok(&["post", "publish", "draft"]), "published 'Draft'\n");
    // Publishing is idempotent: a live post is not re-dated (this used to schedule it).
    let out = db.ok(&["post", "publish", "draft", "--at", FUTURE]);
    assert!(out.starts_with("'Draft' is already published (since "), "{out}");
    let p = db.json(&["post", "publish", "later"]);
    assert_eq!(p["status"], "published", "publishing a scheduled post now");

    assert_eq!(db.ok(&["post", "unpublish", "draft"]), "'Draft' is a draft again\n");
    assert_eq!(db.ok(&["post", "unpublish", "draft"]), "'Draft' is already a draft\n");
    assert_eq!(db.ok(&["post", "publish", "draft", "--at", FUTURE]), "scheduled 'Draft' for 2099-06-01 12:00 UTC\n");
    db.ok(&["post", "unpublish", "draft"]);
    let p = db.show("draft");
    assert_eq!((&p["status"], &p["published_at"]), (&json!("draft"), &Value::Null));
}

#[test]
fn list_filters_by_status_tag_and_author_newest_first() {
    let db = Db::new();
    db.add_post("Draft one", &["--tag", "a", "--author", "Ann"]);
    db.add_post("Old", &["--publish", "--at", "2021-01-01T00:00:00Z", "--tag", "a", "--author", "Bo"]);
    db.add_post("Older", &["--publish", "--at", "2020-01-01T00:00:00Z", "--tag", "b", "--author", "Ann"]);
    db.add_post("Soon", &["--publish", "--at", "2098-01-01T00:00:00Z", "--tag", "b"]);
    db.add_post("Sooner", &["--publish", "--at", "2097-01-01T00:00:00Z", "--tag", "a"]);
    db.add_post("Draft two", &["--tag", "A"]);

    // Newest first: by publication date, creation date for drafts; the same second falls back to id.
    assert_eq!(db.slugs(&[]), ["soon", "sooner", "draft-two", "draft-one", "old", "older"]);
    assert_eq!(db.slugs(&["--status", "draft"]), ["draft-two", "draft-one"]);
    assert_eq!(db.slugs(&["--status", "scheduled"]), ["soon", "sooner"]);
    assert_eq!(db.slugs(&["--status", "published"]), ["old", "older"]);
    assert_eq!(db.slugs(&["--status", "PUBLISHED"]), ["old", "older"]);
    assert_eq!(db.slugs(&["--tag", "a"]), ["sooner", "draft-two", "draft-one", "old"]);
    assert_eq!(db.slugs(&["--tag", "A", "--status", "draft"]), ["draft-two", "draft-one"]);
    assert_eq!(db.slugs(&["--tag", "b", "--status", "scheduled"]), ["soon"]);
    assert_eq!(db.slugs(&["--author", "Ann"]), ["draft-one", "older"]);
    assert_eq!(db.slugs(&["--author", "ann", "--status", "published"]), ["older"]);
    assert_eq!(db.slugs(&["--limit", "2"]), ["soon", "sooner"]);
    assert_eq!(db.slugs(&["--limit", "0"]), Vec::<String>::new());
    assert_eq!(db.slugs(&["--tag", "b", "--author", "Bo"]), Vec::<String>::new());
    assert_eq!(db.ok(&["post", "list", "--tag", "b", "--author", "Bo"]), "no posts\n");

    db.fails_unchanged(&["post", "list", "--status", "live"], "unknown status 'live'");
    db.fails_unchanged(&["post", "list", "--tag", "nope"], "no tag 'nope'");
    db.fails_unchanged(&["post", "list", "--author", "Nobody"], "no author 'Nobody'");
}

#[test]
fn list_for_people_is_an_aligned_table() {
    let db = Db::new();
    db.add_post("Old", &["--publish", "--at", "2021-03-04T10:00:00Z", "--tag", "web", "--author", "Ann Lee"]);
    db.add_post("A much longer title", &["--publish", "--at", "2022-05-06T10:00:00Z", "--tag", "b", "--tag", "a"]);
    let out = db.ok(&["post", "list"]);
    assert_eq!(
        out,
        "ID  DATE        STATUS     TITLE                AUTHOR   TAGS\n\
         2   2022-05-06  published  A much longer title  -        a, b\n\
         1   2021-03-04  published  Old                  Ann Lee  web\n"
    );
}

#[test]
fn show_for_people_and_scripts() {
    let db = Db::new();
    let body = db.file("b.md", "## Part\n\nText with `code`.\n");
    db.add_post(
        "Main post",
        &[
            "--author",
            "Ann",
            "--tag",
            "t1",
            "--summary",
            "The gist.",
            "--body-file",
            body.to_str().unwrap(),
            "--publish",
            "--at",
            PAST,
        ],
    );
    db.add_post("Neighbour", &["--author", "Bo", "--tag", "t1", "--summary", "Next door.", "--publish", "--at", PAST]);

    let out = db.ok(&["post", "show", "main-post"]);
    assert_eq!(
        out,
        "Main post\nBy Ann · 2020-01-02 · published · t1\nid 1 · slug main-post\n\nThe gist.\n\n\
         ## Part\n\nText with `code`.\n\nSimilar posts:\n  neighbour  Neighbour (Bo)\n"
    );

    let v = db.show("1");
    assert_eq!(
        keys(&v),
        [
            "author",
            "body",
            "created_at",
            "first_published_at",
            "guid",
            "id",
            "published_at",
            "related",
            "slug",
            "status",
            "summary",
            "tags",
            "title",
            "updated_at"
        ]
    );
    assert_eq!(v["body"], "## Part\n\nText with `code`.\n");
    assert_eq!(v["published_at"], PAST);
    let related = v["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(keys(&related[0]), ["author", "id", "slug", "summary", "title"]);
    assert_eq!(
        related[0],
        json!({"id": 2, "slug": "neighbour", "title": "Neighbour", "author": "Bo", "summary": "Next door."})
    );
}

#[test]
fn related_posts_share_the_most_tags_and_are_published_others() {
    let db = Db::new();
    let p = |title: &str, tags: &[&str], extra: &[&str]| {
        let mut args: Vec<&str> = Vec::new();
        for t in tags {
            args.extend(["--tag", t]);
        }
        args.extend_from_slice(extra);
        db.add_post(title, &args);
    };
    let published: &[&str] = &["--publish", "--at", PAST];
    p("Target", &["a", "b", "c"], published);
    p("Shares one", &["a", "x"], published);
    p("Shares three", &["a", "b", "c"], published);
    p("Unrelated zebra", &["z"], published);
    p("Shares two", &["b", "c"], published);
    p("Draft shares three", &["a", "b", "c"], &[]);
    p("Scheduled shares three", &["a", "b", "c"], &["--publish", "--at", FUTURE]);

    let related = db.show("target")["related"].as_array().unwrap().clone();
    assert_eq!(field(&related, "slug"), ["shares-three", "shares-two", "shares-one"]);

    // From a draft's page, the published posts are still the ones offered.
    let related = db.show("draft-shares-three")["related"].as_array().unwrap().clone();
    assert_eq!(field(&related, "slug"), ["shares-three", "target", "shares-two"]);

    // Once the draft is published it is offered too, and ties on shared tags keep all three slots.
    db.ok(&["post", "publish", "draft-shares-three", "--at", PAST]);
    let related = db.show("target")["related"].as_array().unwrap().clone();
    let slugs = field(&related, "slug");
    assert_eq!(slugs.len(), 3);
    assert!(slugs[..2].contains(&"shares-three".into()) && slugs[..2].contains(&"draft-shares-three".into()));
    assert_eq!(slugs[2], "shares-two");

    // No shared tags and no shared title words: nothing related.
    assert_eq!(db.show("unrelated-zebra")["related"], json!([]));
}

#[test]
fn edit_with_flags_changes_only_those_fields() {
    let db = Db::new();
    let before = db.add_post("Original", &["--author", "Ann", "--tag", "t", "--summary", "Sum"]);
    let body = db.file("new.md", "New body\n");

    let out = db.ok(&["post", "edit", "original", "--title", "Renamed"]);
    assert_eq!(out, "saved 'Renamed'\n");
    let p = db.show("1");
    assert_eq!(p["title"], "Renamed");
    assert_eq!(p["slug"], "original", "editing the title keeps the URL");

    let p = db.json(&[
        "post",
        "edit",
        "1",
        "--slug",
        "renamed",
        "--summary",
        "  New summary ",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert_eq!(p["slug"], "renamed");
    assert!(before["guid"].as_str().is_some_and(|g| g.starts_with("urn:uuid:")), "{before}");
    assert_eq!(p["guid"], before["guid"], "the feeds' id outlives the slug");
    assert_eq!(p["summary"], "New summary");
    assert_eq!(
        (&p["author"], &p["tags"], &p["created_at"]),
        (&before["author"], &before["tags"], &before["created_at"])
    );
    assert_eq!(db.show("renamed")["body"], "New body\n");
    db.fails_unchanged(&["post", "show", "original"], "no post 'original'");

    assert_eq!(db.ok(&["post", "edit", "1", "--title", "Renamed"]), "no changes\n");

    db.add_post("Other", &[]);
    db.fails_unchanged(&["post", "edit", "other", "--slug", "renamed"], "already used");
    db.fails_unchanged(&["post", "edit", "other", "--slug", "Not Valid"], "invalid slug");
}

/// Writes an executable shell script into the test directory, for use as $EDITOR.
fn editor_script(db: &Db, name: &str, script: &str) -> String {
    let path = db.file(name, format!("#!/bin/sh\n{script}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

#[cfg(unix)]
#[test]
fn edit_without_flags_opens_the_editor_on_front_matter_and_markdown() {
    let db = Db::new();
    let body = db.file("b.md", "Old body line.\n");
    db.add_post(
        "Vanishing Words",
        &["--author", "Ann", "--tag", "one", "--summary", "Old summary", "--body-file", body.to_str().unwrap()],
    );
    let seen = db.arg("seen.md");
    let editor = editor_script(
        &db,
        "edit.sh",
        &format!(
            "cp \"$1\" '{seen}'\n\
             sed -e 's/^title = .*/title = \"New Title\"/' \
                 -e 's/^tags = .*/tags = [\"one\", \"two\"]/' \
                 -e 's/^Old body line./New body line./' \"$1\" > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\n"
        ),
    );
    let out = db.cmd().env("EDITOR", &editor).args(["post", "edit", "1"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "saved 'New Title'\n");

    let handed = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(
        handed,
        "+++\ntitle = \"Vanishing Words\"\nslug = \"vanishing-words\"\nauthor = \"Ann\"\ntags = [\"one\"]\n\
         summary = \"Old summary\"\n+++\n\nOld body line.\n"
    );
    let p = db.show("1");
    assert_eq!(p["title"], "New Title");
    assert_eq!(p["slug"], "vanishing-words");
    assert_eq!(p["tags"], json!(["one", "two"]));
    assert_eq!(p["author"], "Ann");
    assert_eq!(p["summary"], "Old summary");
    assert_eq!(p["body"], "New body line.\n");

    // The search index follows the edit.
    assert_eq!(field(db.json(&["search", "New", "Title"]).as_array().unwrap(), "slug"), ["vanishing-words"]);
    assert_eq!(db.json(&["search", "vanishing"]), json!([]));

    // $VISUAL wins over $EDITOR; an editor that changes nothing saves nothing.
    let out = db.cmd().env("VISUAL", "true").env("EDITOR", "false").args(["post", "edit", "1"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no changes\n");
    // The temporary file is cleaned up after a good edit.
    assert!(
        !std::fs::read_dir(db.dir.path())
            .unwrap()
            .any(|e| { e.unwrap().file_name().to_string_lossy().starts_with("byline-") })
    );
}

#[cfg(unix)]
#[test]
fn the_editor_can_change_slug_and_author() {
    let db = Db::new();
    db.add_post("Title", &["--author", "Ann"]);
    let editor = editor_script(
        &db,
        "edit.sh",
        "sed -e 's/^slug = .*/slug = \"new-slug\"/' -e 's/^author = .*/author = \"Bo\"/' \"$1\" > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\n",
    );
    db.cmd().env("EDITOR", &editor).args(["post", "edit", "title"]).assert().success();
    let p = db.show("new-slug");
    assert_eq!(p["author"], "Bo");
    let authors = db.json(&["author", "list"]);
    assert_eq!(authors, json!([{"name": "Bo", "posts": 1}]), "an author without posts is dropped");
}

#[cfg(unix)]
#[test]
fn a_bad_edit_changes_nothing_and_keeps_the_text() {
    let db = Db::new();
    db.add_post("Keep me", &["--tag", "t", "--summary", "s"]);
    db.add_post("Other", &[]);
    let cases: &[(&str, &str, &str)] = &[
        ("garbage.sh", "echo 'no front matter here' > \"$1\"\n", "must start with a line '+++'"),
        ("unclosed.sh", "printf '+++\\ntitle = \"x\"\\n' > \"$1\"\n", "no closing '+++'"),
        ("typo.sh", "printf '+++\\ntitel = \"x\"\\n+++\\n\\nbody\\n' > \"$1\"\n", "front matter is not valid"),
        (
            "empty-title.sh",
            "sed 's/^title = .*/title = \"  \"/' \"$1\" > \"$1.t\" && mv \"$1.t\" \"$1\"\n",
            "title is empty",
        ),
        (
            "bad-slug.sh",
            "sed 's/^slug = .*/slug = \"Bad Slug\"/' \"$1\" > \"$1.t\" && mv \"$1.t\" \"$1\"\n",
            "invalid slug",
        ),
        ("bad-tag.sh", "sed 's/^tags = .*/tags = [\"a,b\"]/' \"$1\" > \"$1.t\" && mv \"$1.t\" \"$1\"\n", "invalid tag"),
        (
            "taken-slug.sh",
            "sed 's/^slug = .*/slug = \"other\"/' \"$1\" > \"$1.t\" && mv \"$1.t\" \"$1\"\n",
            "already used",
        ),
        ("latin1.sh", "printf '+++\\ntitle = \"caf\\351\"\\n+++\\n' > \"$1\"\n", "not UTF-8"),
        ("fails.sh", "exit 3\n", "exited with exit status: 3; nothing was changed"),
    ];
    for (name, script, expect) in cases {
        let editor = editor_script(&db, name, script);
        let before = db.snapshot();
        let out = db.cmd().env("EDITOR", &editor).args(["post", "edit", "keep-me"]).output().unwrap();
        let msg = crate::common::assert_one_line_error(&["post", "edit", name], &out);
        assert!(msg.contains(expect), "{name}: expected {expect:?} in {msg:?}");
        assert_eq!(db.snapshot(), before, "{name}: the post changed");
    }
    // When the text does not parse, the file is kept and named so nothing typed is lost.
    let editor = editor_script(&db, "lost.sh", "printf 'my precious words' > \"$1\"\n");
    let out = db.cmd().env("EDITOR", &editor).args(["post", "edit", "keep-me"]).output().unwrap();
    let msg = crate::common::assert_one_line_error(&["post", "edit"], &out);
    let kept = msg.rsplit("your text is kept in ").next().unwrap();
    assert!(kept.starts_with(&db.dir.path().display().to_string()), "{msg}");
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "my precious words");
}

/// Delete moves a post to the trash: gone from lists, search, counts and similar posts, and
/// `post restore` brings it back whole.
#[test]
fn delete_removes_the_post_everywhere() {
    let db = Db::new();
    db.add_post("Stay", &["--author", "Ann", "--tag", "shared", "--publish", "--at", PAST]);
    db.add_post("Go away zebra", &["--author", "Bo", "--tag", "shared", "--tag", "only", "--publish", "--at", PAST]);
    assert_eq!(field(db.show("stay")["related"].as_array().unwrap(), "slug"), ["go-away-zebra"]);

    assert_eq!(
        db.ok(&["post", "delete", "go-away-zebra"]),
        "moved 'Go away zebra' to the trash; `byline post restore` brings it back within 30 days\n"
    );
    assert_eq!(db.slugs(&[]), ["stay"]);
    assert_eq!(db.json(&["author", "list"]), json!([{"name": "Ann", "posts": 1}]));
    assert_eq!(
        db.json(&["tag", "list"]),
        json!([{"name": "only", "slug": "only", "posts": 0}, {"name": "shared", "slug": "shared", "posts": 1}])
    );
    assert_eq!(db.json(&["search", "zebra"]), json!([]));
    assert_eq!(db.show("stay")["related"], json!([]));
    db.fails_unchanged(&["post", "delete", "go-away-zebra"], "no post");
    db.ok(&["db", "check"]);

    assert_eq!(field(db.json(&["post", "trash"]).as_array().unwrap(), "title"), ["Go away zebra"]);
    let back = db.json(&["post", "restore"]);
    assert_eq!((&back["slug"], &back["tags"]), (&json!("go-away-zebra"), &json!(["only", "shared"])));
    assert_eq!(field(db.json(&["search", "zebra"]).as_array().unwrap(), "slug"), ["go-away-zebra"]);
    assert_eq!(field(db.show("stay")["related"].as_array().unwrap(), "slug"), ["go-away-zebra"]);
    assert_eq!(db.json(&["post", "trash"]), json!([]));
    db.fails_unchanged(&["post", "restore"], "the trash is empty");
    db.ok(&["db", "check"]);
    db.ok(&["post", "delete", "go-away-zebra"]);

    let p = db.json(&["post", "delete", "1"]);
    assert_eq!((&p["slug"], &p["title"]), (&json!("stay"), &json!("Stay")));
    assert_eq!(db.ok(&["post", "list"]), "no posts\n");
}

#[test]
fn tag_and_untag_a_post() {
    let db = Db::new();
    db.add_post("Post", &["--tag", "Rust"]);
    assert_eq!(
        db.ok(&["post", "tag", "post", "web", "rust", "CLI"]),
        "added 2 tag(s); 'Post' is tagged: CLI, Rust, web\n"
    );
    assert_eq!(db.ok(&["post", "tag", "post", "WEB"]), "added 0 tag(s); 'Post' is tagged: CLI, Rust, web\n");
    assert_eq!(db.json(&["post", "untag", "1", "cli", "web"])["tags"], json!(["Rust"]));
    assert!(db.ok(&["post", "untag", "1", "rust"]).starts_with("removed 1 tag(s); 'Post' is tagged:"));
    assert_eq!(db.show("1")["tags"], json!([]));
    assert_eq!(db.json(&["post", "tag", "1", "again"])["tags"], json!(["again"]));

    // Untagging is all or nothing: an unknown tag or one not on the post changes nothing.
    db.fails_unchanged(&["post", "untag", "1", "again", "nope"], "no tag 'nope'");
    db.fails_unchanged(&["post", "untag", "1", "again", "web"], "not tagged 'web'");
    assert_eq!(db.show("1")["tags"], json!(["again"]));
    // The search index sees tag changes.
    assert_eq!(field(db.json(&["search", "again"]).as_array().unwrap(), "slug"), ["post"]);
    db.ok(&["db", "check"]);
}
