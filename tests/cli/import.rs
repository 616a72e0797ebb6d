//! `byline import` and `byline export json`: sites in, the same bytes out, bad files reported.

use std::path::{Path, PathBuf};

use crate::common::Db;

fn write(dir: &Path, rel: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// A small Hugo-like site: YAML, TOML, a bundle, a draft and a section page.
fn site(db: &Db) -> String {
    let root = db.dir.path().join("site");
    write(&root, "_index.md", b"---\ntitle: Section\n---\n");
    write(
        &root,
        "posts/first.md",
        b"---\ntitle: First\ndate: 2021-03-04T05:06:07Z\ntags: [rust, cli]\nauthor: Ann\n---\nOne\n",
    );
    write(&root, "posts/second.md", b"+++\ntitle = \"Second\"\ndate = 2021-03-05\nauthors = [\"Bo\"]\n+++\nTwo\n");
    write(&root, "posts/trip/index.md", b"---\ntitle: Trip\ndraft: true\n---\nThree\n");
    root.display().to_string()
}

#[test]
fn a_site_imports_once_and_a_second_import_changes_nothing() {
    let db = Db::new();
    let root = site(&db);
    let first = db.json(&["import", &root]);
    assert_eq!((first["imported"].as_u64(), first["failed"].as_u64()), (Some(3), Some(0)), "{first}");
    let post = db.show("first");
    assert_eq!(post["published_at"], "2021-03-04T05:06:07Z");
    assert_eq!(post["author"], "Ann");
    assert_eq!(post["tags"], serde_json::json!(["cli", "rust"]));
    assert_eq!(db.show("trip")["status"], "draft");
    let before = db.snapshot();
    let again = db.ok(&["import", &root]);
    assert_eq!(again, "imported 0, updated 0, unchanged 3, skipped 0, failed 0\n");
    assert_eq!(db.snapshot(), before, "a second import writes nothing");
}

#[test]
fn a_dry_run_reports_and_keeps_nothing() {
    let db = Db::new();
    let root = site(&db);
    let before = db.snapshot();
    assert_eq!(db.ok(&["import", "--dry-run", &root]), "would import 3, updated 0, unchanged 0, skipped 0, failed 0\n");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn bad_files_are_listed_with_their_line_and_the_rest_is_imported() {
    let db = Db::new();
    let root = site(&db);
    write(Path::new(&root), "posts/bad.md", b"---\ntitle: Bad\ndate: \"\\e[2Jsoon\"\n---\n");
    let out = db.cmd().args(["import", &root]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("imported 3, updated 0, unchanged 0, skipped 0, failed 1\n"), "{stdout}");
    assert!(stdout.contains("bad.md:3: cannot read the date"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "the file's text never reaches the terminal raw: {stdout:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr, "byline: 1 file(s) or item(s) could not be imported (listed above)\n");
    assert_eq!(db.posts(&[]).len(), 3);
}

#[test]
fn all_or_nothing_imports_nothing_when_one_file_is_bad() {
    let db = Db::new();
    let root = site(&db);
    write(Path::new(&root), "posts/latin1.md", b"---\ntitle: caf\xe9\n---\n");
    let msg = db.fails_unchanged(&["import", "--all-or-nothing", &root], "nothing was imported");
    assert!(msg.contains("latin1.md:2: not UTF-8"), "{msg}");
}

#[test]
fn export_json_then_import_into_an_empty_blog_gives_the_same_bytes() {
    let db = Db::seeded();
    db.ok(&["import", &site(&db)]);
    db.ok(&["subscriber", "add", "reader@example.org", "--name", "Rea", "--tag", "rust"]);
    db.ok(&["tag", "rename", "cli", "command line"]);
    db.ok(&["blog", "--title", "Round trip"]);
    let file = db.arg("blog.json");
    db.ok(&["export", "json", &file]);
    let exported = std::fs::read(&file).unwrap();
    let copy = Db::new();
    let summary = copy.json(&["import", &file]);
    assert_eq!(summary["failed"], 0, "{summary}");
    let doc: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(summary["subscribers"], doc["subscribers"].as_array().unwrap().len());
    assert!(doc["subscribers"].as_array().unwrap().iter().any(|s| s["email"] == "reader@example.org"));
    let again = copy.cmd().args(["export", "json"]).output().unwrap();
    assert!(again.status.success());
    assert_eq!(String::from_utf8(again.stdout).unwrap(), String::from_utf8(exported).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "it holds subscribers' addresses: private");
    }
}

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Elsewhere</title>
<item><title>Moving house</title><guid isPermaLink="false">tag:elsewhere.test,2019:1</guid>
<link>https://elsewhere.test/moving</link><dc:creator>Ada Byrne</dc:creator>
<pubDate>Tue, 02 Jul 2019 10:00:00 +0000</pubDate><category>Life</category>
<description>&lt;p&gt;Boxes &lt;em&gt;everywhere&lt;/em&gt;.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Second</title><guid>https://elsewhere.test/second</guid>
<pubDate>Wed, 03 Jul 2019 10:00:00 +0000</pubDate><description>Plain text</description></item>
</channel></rss>"#;

#[test]
fn a_feed_imports_by_its_content_keeps_its_guids_and_is_not_duplicated_again() {
    let db = Db::new();
    // Saved without a feed extension: the content, not the name, says what it is.
    let feed = db.file("elsewhere.download", RSS);
    let first = db.json(&["import", feed.to_str().unwrap()]);
    assert_eq!((first["imported"].as_u64(), first["failed"].as_u64()), (Some(2), Some(0)), "{first}");
    let post = db.show("moving-house");
    assert_eq!(post["author"], "Ada Byrne");
    assert_eq!(post["tags"], serde_json::json!(["Life"]));
    assert_eq!(post["published_at"], "2019-07-02T10:00:00Z");
    assert_eq!(post["guid"], "tag:elsewhere.test,2019:1", "the feed's id survives the move");
    let body = post["body"].as_str().unwrap();
    assert!(body.contains("Boxes *everywhere*."), "HTML became markdown: {body:?}");
    assert!(!body.contains("alert"), "scripts are not content: {body:?}");
    let before = db.snapshot();
    let again = db.ok(&["import", feed.to_str().unwrap()]);
    assert_eq!(again, "imported 0, updated 0, unchanged 2, skipped 0, failed 0\n");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn wordpress_and_ghost_exports_import_with_authors_tags_and_states() {
    let db = Db::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/fixtures/import");
    let wxr = fixtures.join("wordpress.xml").display().to_string();
    let ghost = fixtures.join("ghost.json").display().to_string();
    let out = db.cmd().args(["import", "--json", &wxr, &ghost]).output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Each fixture has one post with neither title nor text: named, the rest imported.
    assert_eq!(summary["failed"], 2, "{summary}");
    assert!(summary["imported"].as_u64().unwrap() >= 10, "{summary}");
    let kyoto = db.show("kyoto-slow-train");
    assert_eq!((kyoto["status"].as_str(), kyoto["author"].as_str()), (Some("published"), Some("Ann Okafor")));
    assert_eq!(kyoto["tags"], serde_json::json!(["Japan", "Trains"]));
    let tides = db.show("tides-and-timetables");
    assert_eq!(tides["author"], "Ines Park and Tom Vale");
    assert!(tides["body"].as_str().unwrap().contains("The ferry runs with the **tide**"));
    assert!(db.posts(&[]).iter().any(|p| p["status"] == "scheduled"), "a future date stays scheduled");
    let before = db.snapshot();
    let again: serde_json::Value =
        serde_json::from_slice(&db.cmd().args(["import", "--json", &wxr, &ghost]).output().unwrap().stdout).unwrap();
    assert_eq!((again["imported"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)), "{again}");
    assert_eq!(db.snapshot(), before);
}

#[test]
fn xml_entity_bombs_and_files_of_no_known_format_are_refused_by_name() {
    let db = Db::new();
    let bomb = db.file(
        "bomb.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
         <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><rss version=\"2.0\"><channel><item><title>&c;</title></item></channel></rss>",
    );
    let other = db.file("notes.xml", "<html><body>hi</body></html>");
    let out = db.cmd().args(["import", bomb.to_str().unwrap(), other.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("bomb.xml"), "{stdout}");
    assert!(stdout.contains("notes.xml: not a WordPress export (WXR), RSS, Atom or RDF feed"), "{stdout}");
    assert!(db.posts(&[]).is_empty());
}
