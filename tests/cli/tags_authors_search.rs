//! `byline tag ...`, `byline author list` and `byline search`.

use crate::common::app::{SampleBlog, drive_all, key, start, state, typed};
use crate::common::{Db, field, keys};
use serde_json::{Value, json};

fn hits(db: &Db, query: &[&str]) -> Vec<Value> {
    let mut args = vec!["search"];
    args.extend_from_slice(query);
    db.json(&args).as_array().unwrap_or_else(|| panic!("search {query:?} did not print an array")).clone()
}

fn hit_slugs(db: &Db, query: &[&str]) -> Vec<String> {
    field(&hits(db, query), "slug")
}

#[test]
fn tag_list_shows_names_slugs_and_counts() {
    let db = Db::new();
    db.add_post("One", &["--tag", "web", "--tag", "Rust"]);
    db.add_post("Two", &["--tag", "rust", "--tag", "C++"]);
    db.add_post("Three", &["--tag", "c"]);
    assert_eq!(
        db.json(&["tag", "list"]),
        json!([
            {"name": "c", "slug": "c-2", "posts": 1},
            {"name": "C++", "slug": "c", "posts": 1},
            {"name": "Rust", "slug": "rust", "posts": 2},
            {"name": "web", "slug": "web", "posts": 1},
        ])
    );
    assert_eq!(
        db.ok(&["tag", "list"]),
        "TAG   SLUG  POSTS\nc     c-2   1\nC++   c     1\nRust  rust  2\nweb   web   1\n"
    );
}

#[test]
fn tag_rename_changes_every_post_and_the_search_index() {
    let db = Db::new();
    db.add_post("One", &["--tag", "js"]);
    db.add_post("Two", &["--tag", "JS", "--tag", "web"]);
    assert_eq!(hit_slugs(&db, &["js"]).len(), 2);

    assert_eq!(db.ok(&["tag", "rename", "js", "JavaScript"]), "renamed 'js' to 'JavaScript'\n");
    assert_eq!(db.show("one")["tags"], json!(["JavaScript"]));
    assert_eq!(db.show("two")["tags"], json!(["JavaScript", "web"]));
    assert_eq!(db.slugs(&["--tag", "javascript"]), ["two", "one"]);
    assert_eq!(hit_slugs(&db, &["js"]), Vec::<String>::new());
    assert_eq!(hit_slugs(&db, &["javascript"]).len(), 2);
    let tags = db.json(&["tag", "list"]);
    assert_eq!(tags[0], json!({"name": "JavaScript", "slug": "javascript", "posts": 2}));

    // A change of case only is a rename of the same tag.
    assert_eq!(
        db.json(&["tag", "rename", "javascript", "Javascript"]),
        json!({"renamed": "javascript", "to": "Javascript"})
    );
    assert_eq!(db.show("one")["tags"], json!(["Javascript"]));
    db.ok(&["db", "check"]);
}

#[test]
fn tag_rename_refuses_unknown_taken_and_invalid_names() {
    let db = Db::new();
    db.add_post("One", &["--tag", "a", "--tag", "b"]);
    let msg = db.fails_unchanged(&["tag", "rename", "nope", "x"], "no tag 'nope'");
    assert_eq!(msg, "byline: no tag 'nope': see `byline tag list`");
    let msg = db.fails_unchanged(&["tag", "rename", "a", "B"], "already exists");
    assert_eq!(msg, "byline: a tag named 'B' already exists");
    db.fails_unchanged(&["tag", "rename", "a", "x,y"], "invalid tag 'x,y'");
    db.fails_unchanged(&["tag", "rename", "a", " "], "invalid tag");
    db.fails_unchanged(&["tag", "rename", "a", &"t".repeat(41)], "invalid tag");
}

#[test]
fn tag_merge_moves_posts_and_followers_into_the_other_tag() {
    let db = Db::new();
    db.add_post("One", &["--tag", "js", "--tag", "web"]);
    db.add_post("Two", &["--tag", "javascript"]);
    db.ok(&["subscriber", "add", "ann@example.com", "--tag", "js"]);

    assert_eq!(db.ok(&["tag", "merge", "js", "javascript"]), "merged 'js' into 'javascript' (1 posts)\n");
    assert_eq!(db.show("one")["tags"], json!(["javascript", "web"]));
    assert_eq!(db.slugs(&["--tag", "javascript"]), ["two", "one"]);
    assert!(db.json(&["tag", "list"]).as_array().unwrap().iter().all(|t| t["name"] != "js"), "the merged tag is gone");
    let subs = db.json(&["subscriber", "list"]);
    assert_eq!(subs[0]["tags"], json!(["javascript"]), "its followers follow the other tag now");
    assert_eq!(hit_slugs(&db, &["javascript"]).len(), 2, "the search index follows");

    db.fails_unchanged(&["tag", "merge", "nope", "javascript"], "no tag 'nope'");
    db.fails_unchanged(&["tag", "merge", "web", "web"], "web");
    db.ok(&["db", "check"]);
}

#[test]
fn tag_delete_removes_it_from_posts_but_protects_followed_tags() {
    let db = Db::new();
    db.add_post("One", &["--tag", "old", "--tag", "keep"]);
    db.add_post("Two", &["--tag", "old"]);
    db.add_post("Three", &["--tag", "followed"]);
    db.ok(&["subscriber", "add", "fan@example.com", "--tag", "followed", "--tag", "keep"]);

    assert_eq!(db.ok(&["tag", "delete", "OLD"]), "deleted 'OLD' from 2 post(s)\n");
    assert_eq!(db.show("one")["tags"], json!(["keep"]));
    assert_eq!(db.show("two")["tags"], json!([]));
    assert_eq!(hit_slugs(&db, &["old"]), Vec::<String>::new());
    db.fails_unchanged(&["post", "list", "--tag", "old"], "no tag 'old'");
    db.fails_unchanged(&["tag", "delete", "old"], "no tag 'old'");

    let msg = db.fails_unchanged(&["tag", "delete", "followed"], "--force");
    assert!(msg.contains("1 subscriber(s) follow 'followed'"), "{msg}");
    assert_eq!(db.json(&["tag", "delete", "followed", "--force"]), json!({"deleted": "followed", "posts": 1}));
    assert_eq!(db.show("three")["tags"], json!([]));
    assert_eq!(db.subscribers()[0]["tags"], json!(["keep"]));
    assert_eq!(field(db.json(&["tag", "list"]).as_array().unwrap(), "name"), ["keep"]);
    db.ok(&["db", "check"]);
}

#[test]
fn author_list_counts_posts_most_prolific_first() {
    let db = Db::new();
    assert_eq!(db.json(&["author", "list"]), json!([]));
    db.add_post("1", &["--author", "Zoe"]);
    db.add_post("2", &["--author", "zoe"]);
    db.add_post("3", &["--author", "Bo"]);
    db.add_post("4", &["--author", "Ann Lee"]);
    db.add_post("5", &["--author", "  "]);
    db.add_post("6", &[]);
    assert_eq!(
        db.json(&["author", "list"]),
        json!([{"name": "Zoe", "posts": 2}, {"name": "Ann Lee", "posts": 1}, {"name": "Bo", "posts": 1}])
    );
    assert_eq!(db.ok(&["author", "list"]), "AUTHOR   POSTS\nZoe      2\nAnn Lee  1\nBo       1\n");
    assert_eq!(db.show("post-2")["author"], "Zoe", "authors are matched case-insensitively");
    assert_eq!(db.show("post-5")["author"], Value::Null, "a blank author is no author");
}

#[test]
fn seeded_authors_and_tags() {
    let db = Db::seeded();
    let authors = db.json(&["author", "list"]);
    let names = field(authors.as_array().unwrap(), "name");
    assert_eq!(names, ["Elena Marsh", "Kofi Adjei", "Ruth Nakamura", "Sebastián Ortega"]);
    let out = db.ok(&["author", "list"]);
    assert!(out.lines().next().unwrap().starts_with("AUTHOR"), "{out}");
    assert!(out.contains("\nSebastián Ortega  2\n"), "aligned by display width: {out}");
}

/// A small blog where each word appears in one known place.
fn search_blog() -> Db {
    let db = Db::new();
    let body = |name: &str, text: &str| db.file(name, text).display().to_string();
    let b1 = body("b1.md", "An essay on marsupials. The quokka smiles for tourists.\n");
    let b2 = body("b2.md", "Nothing about that animal here.\n");
    let b3 = body("b3.md", "Café culture and crème brûlée.\n");
    let past = ["--publish", "--at", "2020-01-01T00:00:00Z"];
    db.add_post("Island travel", &[&["--body-file", &b1, "--author", "Ann"][..], &past].concat());
    db.add_post("The quokka question", &[&["--body-file", &b2, "--author", "Bo"][..], &past].concat());
    db.add_post("Desserts", &["--body-file", &b3, "--tag", "pastry", "--author", "Ann", "--summary", "Sweet zebra"]);
    db
}

#[test]
fn search_finds_title_body_tag_author_and_summary_words() {
    let db = search_blog();
    assert_eq!(hit_slugs(&db, &["travel"]), ["island-travel"], "title");
    assert_eq!(hit_slugs(&db, &["marsupials"]), ["island-travel"], "body");
    assert_eq!(hit_slugs(&db, &["pastry"]), ["desserts"], "tag");
    assert_eq!(hit_slugs(&db, &["Bo"]), ["the-quokka-question"], "author");
    assert_eq!(hit_slugs(&db, &["zebra"]), ["desserts"], "summary; drafts are found too");
    assert_eq!(hit_slugs(&db, &["CAFE"]), ["desserts"], "case and accents are folded");
    assert_eq!(hit_slugs(&db, &["ann", "marsupials"]), ["island-travel"], "every word must match");
    assert_eq!(hit_slugs(&db, &["ann", "quokka", "bo"]), Vec::<String>::new());
    assert_eq!(hit_slugs(&db, &["marsu*"]), ["island-travel"], "a trailing * matches a prefix");
    // As in the TUI's search box: the last word is a prefix unless a space completes it.
    assert_eq!(hit_slugs(&db, &["marsu"]), ["island-travel"], "the last word is a prefix");
    assert_eq!(hit_slugs(&db, &["marsu "]), Vec::<String>::new(), "a trailing space: whole words only");
    assert_eq!(hit_slugs(&db, &["marsu", "ann"]), Vec::<String>::new(), "words before the last are whole");
    assert_eq!(hit_slugs(&db, &["ann crème"]), ["desserts"], "one quoted argument with several words");
}

#[test]
fn search_ranks_a_title_match_above_a_body_match() {
    let db = search_blog();
    // The body-only match is the older post here; add a newer body-only one too, so recency cannot explain the order.
    let b = db.file("b4.md", "A footnote mentions the quokka once.\n");
    db.add_post("Footnotes", &["--body-file", b.to_str().unwrap(), "--publish"]);
    let found = hits(&db, &["quokka"]);
    assert_eq!(field(&found, "slug")[0], "the-quokka-question");
    assert_eq!(found.len(), 3);
    let ranks: Vec<f64> = found.iter().map(|h| h["rank"].as_f64().expect("rank is a number")).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "hits in rank order (lower is better): {ranks:?}");
    assert!(ranks[0] < ranks[1], "{ranks:?}");
}

#[test]
fn search_json_hits_are_posts_with_snippet_and_rank() {
    let db = search_blog();
    let found = hits(&db, &["marsupials"]);
    assert_eq!(found.len(), 1);
    let h = &found[0];
    assert_eq!(
        keys(h),
        [
            "author",
            "created_at",
            "first_published_at",
            "guid",
            "id",
            "published_at",
            "rank",
            "slug",
            "snippet",
            "source",
            "status",
            "summary",
            "tags",
            "title",
            "updated_at"
        ]
    );
    assert_eq!((&h["id"], &h["title"], &h["status"]), (&json!(1), &json!("Island travel"), &json!("published")));
    assert_eq!(h["rank"], json!(1), "the hit's place in the results");
    assert_eq!(h["source"], "own");
    assert_eq!(h["snippet"], "An essay on «marsupials». The quokka smiles for tourists.");
}

#[test]
fn search_for_people_and_limits() {
    let db = search_blog();
    let out = db.ok(&["search", "marsupials"]);
    assert_eq!(
        out,
        "1  island-travel  Island travel (published, 2020-01-01)\n    An essay on «marsupials». The quokka smiles for tourists.\n\n1-1 of 1\n"
    );
    assert_eq!(db.ok(&["search", "nothing-like-this"]), "no posts match 'nothing-like-this'\n");
    assert_eq!(hits(&db, &["quokka", "--limit", "1"]).len(), 1);
    assert_eq!(hits(&db, &["--limit", "5", "quokka"]).len(), 2);
    assert_eq!(hits(&db, &["quokka", "--limit", "0"]).len(), 0);
}

#[test]
fn search_treats_query_syntax_as_plain_text() {
    let db = search_blog();
    // Each of these is FTS5 syntax; typed into byline it must never be an error.
    for q in [
        "\"quokka",
        "quokka\"",
        "\"quokka\"",
        "quokka -travel",
        "-quokka",
        "quokka*",
        "*",
        "**",
        "-",
        "--",
        "\"",
        "'",
        "quokka OR travel",
        "OR",
        "AND",
        "NOT quokka",
        "NEAR(quokka travel)",
        "title:quokka",
        ":",
        "quokka:",
        "(",
        ")",
        "^quokka",
        "quokka +travel",
        "{title}: quokka",
        "it's",
        "a\"b\"c",
        "%_\\",
    ] {
        // A leading '-' would be read as an option: like any command, it then needs `--` first.
        let args: &[&str] = if q.starts_with('-') { &["--json", "search", "--", q] } else { &["--json", "search", q] };
        let out = db.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "search {q:?} failed: {stderr}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("search {q:?}: {e}"));
        assert!(v.is_array(), "search {q:?}");
        db.cmd().args(&args[1..]).assert().success();
    }
    // Quotes, a leading '-' and a trailing '*' do not change what an ordinary word finds.
    let quokka = hit_slugs(&db, &["quokka"]);
    assert_eq!(quokka.len(), 2);
    for q in ["\"quokka", "quokka\"", "\"quokka\"", "quokka*", "(quokka)", "^quokka", "quokka:"] {
        assert_eq!(hit_slugs(&db, &[q]), quokka, "search {q:?}");
    }
    assert_eq!(hit_slugs(&db, &["--", "-quokka"]), quokka);
    assert_eq!(hit_slugs(&db, &["quokka -travel"]), ["island-travel"], "'-' does not exclude a word");
    // 'OR' and 'NOT' are words to find, not operators: no post has "or" or "not" in it.
    assert_eq!(hit_slugs(&db, &["quokka", "OR", "travel"]), Vec::<String>::new());
    assert_eq!(hit_slugs(&db, &["NOT", "quokka"]), Vec::<String>::new());
    assert_eq!(hit_slugs(&db, &["*"]), Vec::<String>::new());
}

#[test]
fn search_the_sample_blog() {
    let db = Db::seeded();
    let found = hits(&db, &["reverse", "proxy"]);
    assert!(!found.is_empty());
    assert_eq!(found[0]["slug"], "the-quiet-middleman-what-a-reverse-proxy-does-all-day");
    for h in &found {
        assert!(h["snippet"].as_str().unwrap().contains('«'), "{h}");
    }
}

/// The CLI and the TUI's search box parse and match alike: before, `cach` found 6 posts of the
/// sample blog in the TUI (a prefix from four letters) and none in `byline search`.
#[test]
fn the_cli_finds_what_the_tuis_search_box_finds() {
    let db = Db::seeded();
    let ids = |found: Vec<Value>| found.iter().map(|h| h["id"].as_i64().unwrap()).collect::<Vec<_>>();
    for query in ["cach", "c", "web serv"] {
        let cli = ids(hits(&db, &[query, "--limit", "50"]));
        let mut blog = SampleBlog::at(&db.path);
        let mut s = state(&blog.title(), 120, 35);
        start(&mut s, &mut blog, None);
        drive_all(&mut s, &mut blog, [key('/')]);
        drive_all(&mut s, &mut blog, typed(query));
        let tui: Vec<i64> = s.posts.list.rows.iter().map(|r| r.post.id.0).collect();
        assert!(!cli.is_empty(), "{query}");
        assert_eq!(cli, tui, "{query}: the same posts in the same order");
    }
    assert!(ids(hits(&db, &["cach"])).len() >= 6, "cach finds the posts about caches");
}

#[test]
fn cli_search_pages_with_offset_and_says_how_many() {
    let db = Db::seeded();
    let all = field(&hits(&db, &["the", "--limit", "100"]), "slug");
    assert!(all.len() > 3);
    let second = field(&hits(&db, &["the", "--limit", "2", "--offset", "2"]), "slug");
    assert_eq!(second, all[2..4]);
    let out = db.ok(&["search", "the", "--limit", "2"]);
    assert!(out.ends_with(&format!("1-2 of {}; --offset 2 for more\n", all.len())), "{out}");
    // One letter: the page, and at least how many (counting would merge most of the index).
    let out = db.ok(&["search", "t", "--limit", "2"]);
    assert!(out.contains("+; --offset 2 for more\n"), "{out}");
}

#[test]
fn a_long_pasted_query_keeps_its_first_words_and_says_so() {
    let db = search_blog();
    let pasted = "quokka question the a an of to in on at by for with from about as is it this that";
    let out = db.cmd().args(["search", pasted]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("searching the first 8 words; 12 more left out"), "{stderr}");
}
