//! Following other blogs: `byline follow` and `byline feeds ...` against a real HTTP server on
//! 127.0.0.1, for the answers real servers give (304, 301, 500, slow, oversized, HTML, 429).

use std::time::Duration;

use serde_json::Value;

use crate::common::Db;
use crate::common::http::{FeedServer, Reply, rss};

const TWO: &[(&str, &str, &str)] = &[("g1", "First item", "first body"), ("g2", "Second item", "second body")];

/// A blog with one own post, following the server's /feed.xml (two items, ETag "v1").
fn following(server: &FeedServer) -> (Db, Value) {
    let db = Db::new();
    db.add_post("Own post", &["--publish"]);
    server.set(
        "/feed.xml",
        Reply::rss(rss("Other blog", TWO))
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Mon, 01 Jun 2026 10:00:00 GMT"),
    );
    let followed = db.json(&["follow", &server.url("/feed.xml")]);
    (db, followed)
}

fn refresh(db: &Db, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["feeds", "refresh"];
    args.extend_from_slice(extra);
    db.json(&args).as_array().unwrap().clone()
}

/// A refresh in which a feed failed: exit status 1 with one `partial` error line on stderr, and
/// still the whole report as valid JSON on stdout.
fn refresh_failing(db: &Db, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["--json", "feeds", "refresh"];
    args.extend_from_slice(extra);
    let out = db.cmd().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(stderr["error"], "partial", "{stderr}");
    assert!(stderr["message"].as_str().unwrap().contains("could not be refreshed"), "{stderr}");
    serde_json::from_slice::<Value>(&out.stdout).unwrap().as_array().unwrap().clone()
}

fn titles(db: &Db, source: &str) -> Vec<String> {
    let mut t: Vec<String> =
        db.posts(&["--source", source]).iter().map(|p| p["title"].as_str().unwrap().to_string()).collect();
    t.sort();
    t
}

#[test]
fn first_fetch_stores_the_items_beside_own_posts_and_a_refresh_sends_the_validators() {
    let server = FeedServer::start();
    let (db, followed) = following(&server);
    assert_eq!(followed["added"], true);
    assert_eq!(followed["new"], 2);
    assert_eq!(followed["feed"]["title"], "Other blog");
    let feed = followed["feed"]["id"].to_string();
    let first = &server.requests("/feed.xml")[0];
    assert!(first.header("user-agent").unwrap().starts_with("byline/"), "{first:?}");

    assert_eq!(titles(&db, "all"), ["First item", "Own post", "Second item"]);
    assert_eq!(titles(&db, "own"), ["Own post"]);
    assert_eq!(titles(&db, &feed), ["First item", "Second item"]);
    assert_eq!(titles(&db, "followed"), ["First item", "Second item"]);
    let sources: Vec<String> = db.posts(&[]).iter().map(|p| p["source"].as_str().unwrap().to_string()).collect();
    assert_eq!(sources.iter().filter(|s| **s == feed).count(), 2);
    assert_eq!(sources.iter().filter(|s| *s == "own").count(), 1);

    let report = refresh(&db, &[]);
    assert_eq!(report[0]["status"], "not_modified");
    let second = &server.requests("/feed.xml")[1];
    assert_eq!(second.header("if-none-match"), Some("\"v1\""));
    assert_eq!(second.header("if-modified-since"), Some("Mon, 01 Jun 2026 10:00:00 GMT"));
    assert_eq!(db.posts(&[]).len(), 3, "a 304 changes nothing");

    let list = db.json(&["feeds", "list"]);
    assert_eq!(list[0]["items"], 2);
    assert_eq!(list[0]["unread"], 2);
    assert_eq!(list[0]["last_error"], Value::Null);
    // Following it again fetches nothing and adds nothing.
    let again = db.json(&["follow", &server.url("/feed.xml")]);
    assert_eq!(again["added"], false);
    assert_eq!(server.requests("/feed.xml").len(), 2);
}

#[test]
fn a_changed_feed_updates_its_edited_item_and_adds_the_new_one_without_duplicates() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let items =
        [("g1", "First item", "first body, corrected"), ("g2", "Second item", "second body"), ("g3", "Third", "new")];
    server.set("/feed.xml", Reply::rss(rss("Other blog", &items)).header("ETag", "\"v2\""));
    let report = refresh(&db, &[]);
    assert_eq!(
        (report[0]["status"].as_str(), &report[0]["new"], &report[0]["updated"]),
        (Some("fetched"), &1.into(), &1.into())
    );
    assert_eq!(report[0]["unchanged"], 1);
    assert_eq!(titles(&db, "all"), ["First item", "Own post", "Second item", "Third"]);
    let first = db.posts(&[]).into_iter().find(|p| p["title"] == "First item").unwrap();
    let shown = db.show(&first["id"].to_string());
    assert!(shown["body"].as_str().unwrap().contains("first body, corrected"), "{shown}");
    // The same feed again: nothing new, nothing duplicated.
    server.set("/feed.xml", Reply::rss(rss("Other blog", &items)));
    let report = refresh(&db, &[]);
    assert_eq!((&report[0]["new"], &report[0]["updated"], &report[0]["unchanged"]), (&0.into(), &0.into(), &3.into()));
    assert_eq!(db.posts(&[]).len(), 4);
}

#[test]
fn a_permanent_redirect_is_remembered_as_the_feeds_new_address() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let new_url = server.url("/moved.xml");
    server.set("/feed.xml", Reply::status(301).header("Location", "/moved.xml"));
    server.set("/moved.xml", Reply::rss(rss("Other blog", TWO)));
    let report = refresh(&db, &[]);
    assert_eq!(report[0]["moved_to"], new_url.as_str());
    assert_eq!(db.json(&["feeds", "list"])[0]["url"], new_url.as_str());
    let before = server.requests("/feed.xml").len();
    refresh(&db, &[]);
    assert_eq!(server.requests("/feed.xml").len(), before, "the old address is not asked again");
    assert_eq!(server.requests("/moved.xml").len(), 2);
    assert_eq!(db.posts(&[]).len(), 3);
    // It can still be named by its old address.
    assert_eq!(db.json(&["feeds", "list"]).as_array().unwrap().len(), 1);
    let again = db.json(&["follow", &server.url("/feed.xml")]);
    assert_eq!(again["added"], false);
}

#[test]
fn a_server_error_is_reported_for_its_feed_and_keeps_the_old_items() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    server.set("/feed.xml", Reply::status(500));
    let report = refresh_failing(&db, &[]);
    assert_eq!(report[0]["status"], "error");
    assert!(report[0]["error"].as_str().unwrap().contains("500"), "{report:?}");
    assert_eq!(db.posts(&[]).len(), 3);
    let list = db.json(&["feeds", "list"]);
    assert!(list[0]["last_error"].as_str().unwrap().contains("500 Internal Server Error"));
    // People see it in the table too.
    assert!(db.ok(&["feeds", "list"]).contains("500 Internal Server Error"));
}

#[test]
fn a_slow_server_hits_the_timeout() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    server.set("/feed.xml", Reply::rss(rss("Other blog", TWO)).delay(Duration::from_secs(3)));
    let report = refresh_failing(&db, &["--timeout", "0.3"]);
    assert_eq!(report[0]["status"], "error");
    assert!(report[0]["error"].as_str().unwrap().contains("no answer within 0.3 s"), "{report:?}");
    assert_eq!(db.posts(&[]).len(), 3);
}

#[test]
fn an_oversized_answer_is_refused() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let big: Vec<(String, String, String)> =
        (0..50).map(|i| (format!("b{i}"), format!("Item {i}"), "x".repeat(100))).collect();
    let big: Vec<(&str, &str, &str)> = big.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    server.set("/feed.xml", Reply::rss(rss("Other blog", &big)));
    let report = refresh_failing(&db, &["--max-bytes", "2000"]);
    assert_eq!(report[0]["status"], "error");
    assert!(report[0]["error"].as_str().unwrap().contains("larger than 2000 bytes"), "{report:?}");
    assert_eq!(db.posts(&[]).len(), 3);
}

#[test]
fn html_instead_of_a_feed_is_an_error_and_a_page_given_to_follow_leads_to_its_feed() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let page = r#"<!DOCTYPE html><html><head><title>Blog</title>
        <link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>hi</body></html>"#;
    server.set("/feed.xml", Reply::ok("text/html", page));
    let report = refresh_failing(&db, &[]);
    assert_eq!(report[0]["status"], "error");
    let error = report[0]["error"].as_str().unwrap();
    assert!(error.contains("an HTML page, not a feed") && error.contains("/atom.xml"), "{error}");
    assert_eq!(db.posts(&[]).len(), 3);

    // Given to `follow`, the page leads to the feed it announces.
    server.set("/blog/", Reply::ok("text/html; charset=utf-8", page));
    let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom blog</title>
        <id>urn:x</id><updated>2026-06-01T00:00:00Z</updated>
        <entry><id>urn:a1</id><title>Atom entry</title><updated>2026-06-01T00:00:00Z</updated>
        <content type="html">&lt;p&gt;words&lt;/p&gt;</content></entry></feed>"#;
    server.set("/atom.xml", Reply::ok("application/atom+xml", atom));
    let followed = db.json(&["follow", &server.url("/blog/")]);
    assert_eq!(followed["feed"]["url"], server.url("/atom.xml").as_str());
    assert_eq!(followed["feed"]["title"], "Atom blog");
    assert!(titles(&db, "all").contains(&"Atom entry".to_string()));

    // A page that announces no feed: a clear error, and nothing changes.
    server.set("/plain/", Reply::ok("text/html", "<html><body>no feed here</body></html>"));
    let msg = db.fails_unchanged(&["follow", &server.url("/plain/")], "announces no feed");
    assert!(msg.contains(&server.url("/plain/")), "{msg}");
}

#[test]
fn a_429_with_retry_after_is_respected() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    server.set("/feed.xml", Reply::status(429).header("Retry-After", "3600"));
    let report = refresh_failing(&db, &[]);
    assert_eq!(report[0]["status"], "error");
    assert!(report[0]["error"].as_str().unwrap().contains("429 Too Many Requests"), "{report:?}");
    let asked = server.requests("/feed.xml").len();
    let report = refresh(&db, &[]);
    assert_eq!(report[0]["status"], "waiting");
    assert_eq!(server.requests("/feed.xml").len(), asked, "no request before the time the server gave");
    assert_eq!(db.posts(&[]).len(), 3);
}

#[test]
fn followed_items_are_read_only() {
    let server = FeedServer::start();
    let (db, followed) = following(&server);
    let feed = followed["feed"]["id"].to_string();
    let item = db.posts(&["--source", &feed])[0]["id"].to_string();
    for args in [
        vec!["post", "edit", &item, "--title", "Mine now"],
        vec!["post", "edit", &item],
        vec!["post", "publish", &item],
        vec!["post", "unpublish", &item],
        vec!["post", "delete", &item],
    ] {
        db.fails_unchanged(&args, "followed items are read-only");
    }
    // Reading is the reader's own: read marks and tags work.
    db.ok(&["post", "read", &item]);
    db.ok(&["post", "tag", &item, "later"]);
    assert_eq!(db.json(&["feeds", "list"])[0]["unread"], 1);
}

#[test]
fn remove_takes_the_items_with_it() {
    let server = FeedServer::start();
    let (db, followed) = following(&server);
    let url = followed["feed"]["url"].as_str().unwrap().to_string();
    let removed = db.json(&["feeds", "remove", &url]);
    assert_eq!(removed["removed_items"], 2);
    assert_eq!(titles(&db, "all"), ["Own post"]);
    assert_eq!(db.json(&["feeds", "list"]), serde_json::json!([]));
    db.fails_unchanged(&["feeds", "remove", "99"], "no followed feed '99'");
    // The search index kept in step (db check fails on any problem).
    db.ok(&["db", "check"]);
}

#[test]
fn opml_round_trip_keeps_folders_as_categories() {
    let db = Db::new();
    let opml = db.file(
        "subs.opml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="Tech" title="Tech">
    <outline type="rss" text="Rust" title="Rust Blog" xmlUrl="https://blog.rust-lang.org/feed.xml" htmlUrl="https://blog.rust-lang.org/"/>
    <outline type="rss" text="LWN" xmlUrl="https://lwn.net/headlines/rss"/>
  </outline>
  <outline type="rss" text="Loose &amp; free" xmlUrl="https://loose.example/atom?a=1&amp;b=2"/>
</body></opml>"#,
    );
    let done = db.json(&["feeds", "import", opml.to_str().unwrap()]);
    assert_eq!(done["added"].as_array().unwrap().len(), 3);
    let listed = |db: &Db| -> Vec<(String, String, Value)> {
        let mut v: Vec<_> = db
            .json(&["feeds", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["url"].as_str().unwrap().to_string(),
                    f["title"].as_str().unwrap().to_string(),
                    f["category"].clone(),
                )
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let first = listed(&db);
    assert_eq!(
        first,
        vec![
            ("https://blog.rust-lang.org/feed.xml".to_string(), "Rust Blog".to_string(), "Tech".into()),
            ("https://loose.example/atom?a=1&b=2".to_string(), "Loose & free".to_string(), Value::Null),
            ("https://lwn.net/headlines/rss".to_string(), "LWN".to_string(), "Tech".into()),
        ]
    );
    // Importing it again adds nothing.
    assert_eq!(db.json(&["feeds", "import", opml.to_str().unwrap()])["already"], 3);

    let exported = db.ok(&["feeds", "export"]);
    assert!(exported.starts_with("<?xml") && exported.contains("<opml version=\"2.0\">"), "{exported}");
    let other = Db::new();
    let file = other.file("out.opml", &exported);
    other.ok(&["feeds", "import", file.to_str().unwrap()]);
    assert_eq!(listed(&other), first);
}

#[test]
fn newsboat_urls_file_imports_with_tags_as_categories() {
    let db = Db::new();
    let urls = db.file(
        "urls",
        "# newsboat urls\nhttps://a.example/feed.xml \"tech news\" ~Alpha\n\nhttp://b.example/rss.xml   # old one\n\
         \"query:Unread Articles:unread = \\\"yes\\\"\"\nhttps://c.example/index.xml !hidden fun\n",
    );
    let done = db.json(&["feeds", "import", urls.to_str().unwrap()]);
    assert_eq!(done["added"].as_array().unwrap().len(), 3);
    assert_eq!(done["skipped"].as_array().unwrap().len(), 1, "{done}");
    let list = db.json(&["feeds", "list"]);
    let by_url = |u: &str| list.as_array().unwrap().iter().find(|f| f["url"] == u).unwrap().clone();
    assert_eq!(by_url("https://a.example/feed.xml")["category"], "tech news");
    assert_eq!(by_url("https://a.example/feed.xml")["title"], "Alpha");
    assert_eq!(by_url("http://b.example/rss.xml")["category"], Value::Null);
    assert_eq!(by_url("https://c.example/index.xml")["category"], "fun");
    // A file with no address at all is refused whole.
    let bad = db.file("bad", "exec:~/bin/feed\n");
    db.fails_unchanged(&["feeds", "import", bad.to_str().unwrap()], "no feed address could be read");
}

#[test]
fn bad_addresses_are_refused_with_one_line_and_change_nothing() {
    let db = Db::new();
    db.fails_unchanged(&["follow", "file:///etc/passwd"], "not an http or https address");
    db.fails_unchanged(&["follow", "not a url"], "not a web address");
    db.fails_unchanged(&["post", "list", "--source", "nope"], "--source");
    // A closed port: a connection error, nothing stored.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/feed.xml", closed.local_addr().unwrap().port());
    drop(closed);
    db.fails_unchanged(&["follow", &url], "cannot follow");
}

#[test]
fn a_followed_item_is_never_mailed_to_the_blogs_subscribers() {
    let server = FeedServer::start();
    let (db, followed) = following(&server);
    db.ok(&["subscriber", "add", "all@example.com"]);
    let feed = followed["feed"]["id"].to_string();
    let item = db.posts(&["--source", &feed])[0]["id"].to_string();
    // No SMTP server is needed: the refusal comes before any connection.
    let config = crate::newsletter::config(&db, "smtp://127.0.0.1:9");
    db.fails_unchanged(
        &["--config", config.to_str().unwrap(), "newsletter", "send", &item],
        "followed items are read-only",
    );
}

#[test]
fn the_site_and_the_json_export_hold_only_the_blogs_own_posts() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let site = db.dir.path().join("site");
    db.ok(&["export", "site", site.to_str().unwrap()]);
    let mut seen = String::new();
    let mut dirs = vec![site.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                seen.push_str(&text);
            }
        }
    }
    assert!(seen.contains("Own post"), "the site has the blog's post");
    assert!(!seen.contains("First item") && !seen.contains("second body"), "no followed item on the site");
    let json = db.ok(&["export", "json"]);
    assert!(json.contains("Own post") && !json.contains("First item"), "{json}");
}

#[test]
fn one_search_finds_own_posts_and_followed_items_alike() {
    let server = FeedServer::start();
    let db = Db::new();
    let body = db.file("own.md", "A starter of rye flour.");
    db.add_post("Sourdough at home", &["--publish", "--body-file", body.to_str().unwrap()]);
    db.add_post("Unrelated own post", &["--publish"]);
    let items = [("g1", "Weekend sourdough", "their loaf"), ("g2", "Bicycles", "rye flour in the body")];
    server.set("/feed.xml", Reply::rss(rss("Other blog", &items)));
    let feed = db.json(&["follow", &server.url("/feed.xml")])["feed"]["id"].to_string();

    let found = |words: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["search"];
        args.extend_from_slice(words);
        let mut hits: Vec<(String, String)> = db
            .json(&args)
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["title"].as_str().unwrap().to_string(), p["source"].as_str().unwrap_or("?").to_string()))
            .collect();
        hits.sort();
        hits
    };
    // A title word and a body word, each in one own post and one followed item.
    assert_eq!(
        found(&["sourdough"]),
        [("Sourdough at home".into(), "own".into()), ("Weekend sourdough".into(), feed.clone())]
    );
    assert_eq!(found(&["rye"]), [("Bicycles".into(), feed.clone()), ("Sourdough at home".into(), "own".into())]);
}

#[test]
fn similar_posts_under_an_own_post_include_a_followed_item() {
    let server = FeedServer::start();
    let db = Db::new();
    let own = db.add_post("Caching feeds in SQLite", &["--publish"]);
    db.add_post("Gardening notes", &["--publish"]);
    let items = [("g1", "SQLite caching tricks", "their words"), ("g2", "Holiday photos", "beach")];
    server.set("/feed.xml", Reply::rss(rss("Other blog", &items)));
    db.json(&["follow", &server.url("/feed.xml")]);

    let shown = db.show(&own["id"].to_string());
    let related: Vec<&str> =
        shown["related"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(related.first(), Some(&"SQLite caching tricks"), "{shown}");
    assert!(!related.contains(&"Holiday photos"), "{related:?}");
}

#[test]
fn a_refresh_with_a_failed_feed_exits_1_after_the_whole_report() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    server.set("/other.xml", Reply::rss(rss("Second blog", &[("s1", "Fine item", "words")])));
    db.json(&["follow", &server.url("/other.xml")]);
    server.set("/feed.xml", Reply::status(500));

    let out = db.cmd().args(["feeds", "refresh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Other blog") && stdout.contains("500"), "the failed feed is in the table: {stdout}");
    assert!(stdout.contains("Second blog") && stdout.contains("fetched"), "and the fine one: {stdout}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "byline: 1 of 2 feed(s) could not be refreshed (listed above)\n");

    let report = refresh_failing(&db, &[]);
    assert_eq!(report.len(), 2);
    // Once the feed answers again, a refresh succeeds.
    server.set("/feed.xml", Reply::rss(rss("Other blog", TWO)));
    assert!(refresh(&db, &[]).iter().all(|r| r["status"] != "error"));
}

#[test]
fn post_list_source_category_lists_the_items_of_the_feeds_filed_under_it() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    server.set("/other.xml", Reply::rss(rss("Third blog", &[("t1", "Third item", "words")])));
    let other = db.json(&["follow", &server.url("/other.xml"), "--category", "Cooking"]);
    assert_eq!(other["feed"]["category"], "Cooking");

    assert_eq!(titles(&db, "category:Cooking"), ["Third item"]);
    // Told apart from others as the feeds list sorts them: case does not matter.
    assert_eq!(titles(&db, "category:cooking"), ["Third item"]);
    let sources: Vec<String> =
        db.posts(&["--source", "category:Cooking"]).iter().map(|p| p["source"].as_str().unwrap().into()).collect();
    assert_eq!(sources, [other["feed"]["id"].to_string()]);
    db.fails_unchanged(&["post", "list", "--source", "category:Gardening"], "no followed feed is in the category");
}

/// A blog page around one article whose last line carries `marker`.
fn article_page(marker: &str) -> String {
    let para = "The ferry waits for the tide at the north pier, and the crossing takes forty minutes when \
                the wind is in the west; the timetable on the harbour wall is the only one that is right. ";
    let body: String = (0..5).map(|i| format!("<p>{i}: {}</p>\n", para.repeat(2))).collect();
    format!(
        "<!doctype html><html><head><title>Ferry</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
         <article><h1>Ferry notes</h1>{body}<p>It ends with {marker}.</p></article>\
         <footer>Subscribe to the harbour newsletter</footer></body></html>"
    )
}

/// A summary-only feed of items `(guid, title)` whose links are `/GUID.html` on `server`.
fn summary_feed(server: &FeedServer, items: &[(&str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour</title><link>{}</link>\n",
        server.url("/")
    );
    for (i, (guid, title)) in items.iter().enumerate() {
        out.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>{}</link>\
             <pubDate>0{} Jun 2026 10:00:00 GMT</pubDate><description>Only a line of {guid}.</description></item>\n",
            server.url(&format!("/{guid}.html")),
            i + 1
        ));
    }
    out + "</channel></rss>\n"
}

fn body_of(db: &Db, title: &str) -> String {
    let post = db.posts(&["--source", "followed"]).into_iter().find(|p| p["title"] == title).unwrap();
    db.show(&post["id"].to_string())["body"].as_str().unwrap().to_string()
}

#[test]
fn a_feed_set_to_full_articles_gets_them_on_refresh_and_one_item_can_be_fetched_by_hand() {
    let server = FeedServer::start();
    let items = [("a", "Item A"), ("b", "Item B"), ("gone", "Item gone")];
    server.set("/feed.xml", Reply::rss(summary_feed(&server, &items)));
    server.set("/a.html", Reply::ok("text/html", article_page("MARK-A")));
    server.set("/b.html", Reply::ok("text/html", article_page("MARK-B")));
    server.set("/gone.html", Reply::status(404));
    let db = Db::new();
    let followed = db.json(&["follow", &server.url("/feed.xml")]);
    let feed = followed["feed"]["id"].to_string();
    assert_eq!(followed["feed"]["full_articles"], false);
    assert!(server.requests("/a.html").is_empty(), "nothing fetched unless asked");
    assert!(!body_of(&db, "Item A").contains("MARK-A"));

    // One item by hand.
    let a = db.posts(&["--source", "followed"]).into_iter().find(|p| p["title"] == "Item A").unwrap();
    let done = db.json(&["feeds", "article", &a["id"].to_string()]);
    assert!(done["chars"].as_u64().unwrap() > 500, "{done}");
    assert!(body_of(&db, "Item A").contains("MARK-A"));
    assert!(!body_of(&db, "Item A").contains("harbour newsletter"), "the page's chrome is dropped");

    // The feed set to fetch them: the refresh fetches B (A has its article; the gone page fails
    // and keeps its summary).
    let set = db.json(&["feeds", "full-articles", &feed, "on"]);
    assert_eq!((set["full_articles"].as_bool(), set["changed"].as_bool()), (Some(true), Some(true)), "{set}");
    let report = refresh(&db, &[]).remove(0);
    assert_eq!((report["full_articles"].as_u64(), report["full_article_errors"].as_u64()), (Some(1), Some(1)));
    assert!(body_of(&db, "Item B").contains("MARK-B"));
    assert!(body_of(&db, "Item gone").contains("Only a line of gone"));
    assert_eq!(server.requests("/a.html").len(), 1, "an item with its article is not fetched again");
    let listed = db.json(&["feeds", "list"]);
    assert_eq!(listed[0]["full_articles"], true, "{listed}");

    // The next refresh keeps both articles, fetches nothing it has, and tries the gone page again.
    let report = refresh(&db, &[]).remove(0);
    assert_eq!((report["full_articles"].as_u64(), report["full_article_errors"].as_u64()), (Some(0), Some(1)));
    assert_eq!(server.requests("/b.html").len(), 1);
    assert_eq!(server.requests("/gone.html").len(), 2);
    assert!(body_of(&db, "Item A").contains("MARK-A") && body_of(&db, "Item B").contains("MARK-B"));

    // Off again: no page is fetched.
    assert_eq!(db.json(&["feeds", "full-articles", &feed, "off"])["changed"], true);
    refresh(&db, &[]);
    assert_eq!(server.requests("/gone.html").len(), 2);

    // Followed with --full-articles from the start: the first fetch brings them.
    server.set("/two.xml", Reply::rss(summary_feed(&server, &[("b", "Item B again")])));
    let second = db.json(&["follow", "--full-articles", &server.url("/two.xml")]);
    assert_eq!(second["feed"]["full_articles"], true, "{second}");
    assert!(body_of(&db, "Item B again").contains("MARK-B"));
}

#[test]
fn full_articles_and_article_refuse_what_is_not_theirs() {
    let server = FeedServer::start();
    let (db, _) = following(&server);
    let own = db.posts(&["--source", "own"]).remove(0);
    let err = db.fails(&["feeds", "article", &own["id"].to_string()]);
    assert!(err.contains("not a followed item"), "{err}");
    let err = db.fails(&["feeds", "full-articles", "99", "on"]);
    assert!(err.contains("99"), "{err}");
    let out = db.cmd().args(["feeds", "full-articles", "1", "maybe"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("maybe"), "{out:?}");
    assert_eq!(db.json(&["feeds", "list"])[0]["full_articles"], false);
}
