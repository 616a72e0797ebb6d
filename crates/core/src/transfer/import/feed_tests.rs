//! Tests of the feed reader on small feeds of each kind and on newsboat's test feeds in the shared corpus.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::*;
use crate::transfer::import::sniff::sniff;

const RSS2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Rail diary</title>
  <link>https://rail.test/</link>
  <description>Trains</description>
  <item>
    <title>Night &amp; day</title>
    <link>https://rail.test/night-and-day/</link>
    <guid isPermaLink="false">rail-42</guid>
    <pubDate>Tue, 05 Mar 2024 06:00:00 +0000</pubDate>
    <dc:creator>Mo Reyes</dc:creator>
    <category>sleepers</category>
    <category>Europe</category>
    <category>sleepers</category>
    <description><![CDATA[<p>The short version.</p>]]></description>
    <content:encoded><![CDATA[<p>The <strong>long</strong> version, with <a href="https://rail.test/map">a map</a>.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <link>https://rail.test/untitled/</link>
    <description>&lt;p&gt;Only a description here, escaped the old way, and long enough to be cut.&lt;/p&gt;</description>
  </item>
  <item>
    <description>No id, no link.</description>
  </item>
  <item>
    <title>  </title>
  </item>
</channel>
</rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atomic</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-01-02T00:00:00Z</updated>
  <author><name>Feed Writer</name></author>
  <entry>
    <title type="html">Less &amp;lt;than&amp;gt; &lt;em&gt;more&lt;/em&gt;</title>
    <link href="https://atom.test/1"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2024-01-02T10:00:00Z</updated>
    <category term="rust" label="Rust"/>
    <summary>Plain summary.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <b>bold</b>.</p></div></content>
  </entry>
</feed>"#;

const RDF: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.test/"><title>RDF</title><link>https://rdf.test/</link><description>d</description></channel>
  <item rdf:about="https://rdf.test/a"><title>First</title><link>https://rdf.test/a</link><dc:date>2003-02-01T10:00:00Z</dc:date><dc:creator>Old Timer</dc:creator><description>Text.</description></item>
</rdf:RDF>"#;

const JSON_FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON diary",
  "authors": [{"name": "Jay Son"}],
  "items": [
    {"id": "j1", "url": "https://json.test/1", "title": "Hello", "content_html": "<p>Hi <em>there</em></p>",
     "date_published": "2024-02-03T04:05:06Z", "tags": ["intro", "json"]},
    {"id": "j2", "content_text": "Just text, line one.\n\nLine two.", "date_modified": "2024-02-04T00:00:00Z"}
  ]
}"#;

#[test]
fn rss2_items_keep_guid_author_date_tags_and_content() {
    let parsed = parse_feed("rail.xml", RSS2.as_bytes()).unwrap();
    assert_eq!(parsed.items.len(), 3);
    let first = &parsed.items[0];
    assert_eq!(first.origin, "rail.xml#item 1");
    assert_eq!(first.source_id.as_deref(), Some("rail-42"));
    assert_eq!(first.title, "Night & day");
    assert_eq!(first.authors, ["Mo Reyes"]);
    assert_eq!(first.tags, ["sleepers", "Europe"]);
    assert_eq!(first.published_at, Some(1_709_618_400));
    assert_eq!(first.state, ImportState::Published);
    assert_eq!(first.body, "The **long** version, with [a map](https://rail.test/map).");
    assert_eq!(first.summary.as_deref(), Some("The short version."));
    assert_eq!(first.aliases, ["https://rail.test/night-and-day/"]);
}

#[test]
fn an_entry_without_title_or_id_gets_them_from_its_text_and_link() {
    let parsed = parse_feed("rail.xml", RSS2.as_bytes()).unwrap();
    let untitled = &parsed.items[1];
    assert_eq!(untitled.title, "Only a description here, escaped the old way,…");
    assert_eq!(untitled.source_id.as_deref(), Some("https://rail.test/untitled/"));
    assert_eq!(untitled.summary, None);
    // Neither id nor link: no made-up id, so the engine matches it by slug instead.
    assert_eq!(parsed.items[2].source_id, None);
    assert_eq!(parsed.items[2].title, "No id, no link.");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].origin, "rail.xml#item 4");
    // A second read gives the same items: nothing random in them.
    assert_eq!(parse_feed("rail.xml", RSS2.as_bytes()).unwrap().items, parsed.items);
}

#[test]
fn atom_rdf_and_json_feed_read_alike() {
    let atom = parse_feed("a.atom", ATOM.as_bytes()).unwrap();
    let entry = &atom.items[0];
    assert_eq!(entry.title, "Less <than> *more*");
    assert_eq!(entry.authors, ["Feed Writer"], "the feed's author stands in for the entry's");
    assert_eq!(entry.tags, ["Rust"]);
    assert_eq!(entry.published_at, Some(1_704_189_600), "updated when there is no published date");
    assert_eq!(entry.body, "Body **bold**.");
    assert_eq!(entry.summary.as_deref(), Some("Plain summary."));

    let rdf = parse_feed("r.rdf", RDF.as_bytes()).unwrap();
    assert_eq!(rdf.items.len(), 1);
    assert_eq!(
        (rdf.items[0].title.as_str(), rdf.items[0].authors.as_slice()),
        ("First", &["Old Timer".to_string()][..])
    );
    assert_eq!(rdf.items[0].published_at, Some(1_044_093_600));

    let json = parse_feed("f.json", JSON_FEED.as_bytes()).unwrap();
    assert_eq!(json.items.len(), 2);
    assert_eq!(json.items[0].body, "Hi *there*");
    assert_eq!(json.items[0].tags, ["intro", "json"]);
    assert_eq!(json.items[0].authors, ["Jay Son"]);
    assert_eq!(json.items[1].body, "Just text, line one.\n\nLine two.");
    assert_eq!(json.items[1].title, "Just text, line one. Line two.");
    assert_eq!(json.items[1].published_at, Some(1_707_004_800));
}

#[test]
fn a_bom_and_crlf_read_the_same() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(RSS2.replace('\n', "\r\n").as_bytes());
    let a = parse_feed("rail.xml", RSS2.as_bytes()).unwrap();
    let b = parse_feed("rail.xml", &bytes).unwrap();
    assert_eq!(a.items, b.items);
    let mut json = b"\xEF\xBB\xBF".to_vec();
    json.extend_from_slice(JSON_FEED.as_bytes());
    assert_eq!(parse_feed("f.json", &json).unwrap().items.len(), 2);
}

#[test]
fn broken_feeds_are_one_problem_naming_the_line() {
    let broken = RSS2.replacen("</title>", "</titel>", 2);
    let err = parse_feed("rail.xml", broken.as_bytes()).unwrap_err();
    let want = broken.lines().position(|l| l.contains("</titel>")).unwrap() + 1;
    assert_eq!(err.line, Some(want), "{err}");
    let err = parse_feed("e.xml", b"").unwrap_err();
    assert_eq!(err.reason, "the file is empty");
    let err =
        parse_feed("x.json", b"{\n\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [,]}").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(parse_feed("o.opml", b"<opml version=\"1.0\"><body/></opml>").is_err());
}

#[test]
fn billion_laughs_and_external_entities_are_refused_at_once() {
    let lol = super::super::wxr::tests::billion_laughs(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>",
    );
    let started = Instant::now();
    let err = parse_feed("lol.xml", lol.as_bytes()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(err.reason.contains("billion laughs"), "{err}");

    for (name, doc) in [
        (
            "xxe.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<rss version=\"2.0\"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>",
        ),
        (
            "xxe.atom",
            "<!DOCTYPE feed [<!ENTITY % p PUBLIC \"-//x//y\" \"http://127.0.0.1:9/evil.dtd\"> %p;]>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>&e;</title></entry></feed>",
        ),
    ] {
        let err = parse_feed(name, doc.as_bytes()).unwrap_err();
        assert!(err.reason.contains("external entity"), "{err}");
        assert!(!format!("{err:?}").contains("root:x:0"), "nothing of /etc/passwd is read");
    }
}

/// newsboat's test feeds, read from the shared corpus when it is there.
fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/newsboat-testdata");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent", dir.display());
        None
    }
}

/// Counts the entries a feed file holds by its tags, independently of feed-rs.
fn entries_in(text: &str) -> usize {
    ["<item>", "<item ", "<entry>", "<entry "].iter().map(|t| text.matches(t).count()).sum()
}

#[test]
fn every_newsboat_test_feed_reads_without_panic_and_with_titles() {
    let Some(dir) = corpus() else { return };
    let mut feeds = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let result = parse_feed(&name, &bytes);
        match sniff(&bytes) {
            Some(kind) if kind.is_feed() => {
                let parsed = result.unwrap_or_else(|e| panic!("{e}"));
                let text = String::from_utf8_lossy(&bytes);
                assert_eq!(parsed.items.len() + parsed.problems.len(), entries_in(&text), "{name}");
                assert!(!parsed.items.is_empty(), "{name}");
                for item in &parsed.items {
                    assert!(!item.title.trim().is_empty(), "{name}: {item:?}");
                    assert!(item.source_id.is_some(), "{name}: every corpus entry has an id or a link");
                }
                feeds += 1;
            }
            // OPML, the licence, the empty file: refused as a whole, never a panic.
            _ => assert!(result.is_err(), "{name}"),
        }
    }
    assert!(feeds >= 15, "found {feeds} feeds");
}

#[test]
fn newsboat_feeds_without_titles_get_them_from_their_text_and_authors_survive() {
    let Some(dir) = corpus() else { return };
    let read = |name: &str| parse_feed(name, &std::fs::read(dir.join(name)).unwrap()).unwrap();
    let untitled = read("items_without_titles.xml");
    let text = std::fs::read_to_string(dir.join("items_without_titles.xml")).unwrap();
    assert!(!text.contains("<entry>\n<title"));
    for item in &untitled.items {
        assert_eq!(item.title, "some content");
        assert_eq!(item.authors, ["A Person"]);
    }
    // Feed-level authors stand in for entries that name none.
    let feed_authors = read("atom10_feed_authors.xml");
    assert!(feed_authors.items.iter().all(|i| !i.authors.is_empty()), "{:?}", feed_authors.items);
    // Entries made only of media take their title and text from a media group; feed-rs does not
    // read media elements placed directly in an item, so that one, like the entry with only
    // files, has nothing to title it and is a problem rather than a post.
    let media = read("rss20_2.xml");
    assert_eq!(media.items.len(), 1);
    assert_eq!(media.items[0].title, "using multiple media tags nested in group/content");
    assert_eq!(media.items[0].body, "nested media html content\n\n<http://example.com/player.html>");
    assert_eq!(media.items[0].extra, [("media".to_string(), "http://example.com/player.html".to_string())]);
    let origins: Vec<_> = media.problems.iter().map(|p| p.origin.as_str()).collect();
    assert_eq!(origins, ["rss20_2.xml#item 1", "rss20_2.xml#item 3"]);
    // RSS 0.93/0.94 (which feed-rs does not name) read as the RSS 2.0 they led to.
    let rss094 = read("rss_094_with_bracket_author.xml");
    assert_eq!(rss094.items.len(), 3);
    assert_eq!(rss094.items[0].authors, ["Author name)"]);
    assert_eq!(rss094.items[1].authors, ["Author"]);
    assert_eq!(rss094.items[2].authors, ["Author (name)"]);
    let empty = read("rss_091_with_empty_author.xml");
    assert!(empty.items.iter().all(|i| i.authors.is_empty()));
}

#[test]
fn deeply_nested_elements_do_not_exhaust_the_stack() {
    let n = 100_000;
    let doc = format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>deep</title>{}{}</item></channel></rss>",
        "<x>".repeat(n),
        "</x>".repeat(n)
    );
    // feed-rs refuses nesting past 65,535 itself; either way, no crash.
    let _ = parse_feed("deep.xml", doc.as_bytes());
    let atom = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>d</id><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{}deep{}</div></content></entry></feed>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let parsed = parse_feed("deep.atom", atom.as_bytes()).unwrap();
    assert_eq!(parsed.items[0].body, "deep");
}

#[test]
fn a_feed_in_a_declared_legacy_encoding_is_decoded() {
    let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>t</title><item><title>Caf".to_vec();
    doc.push(0xE9); // é in Latin-1
    doc.extend_from_slice(b"</title><guid>c1</guid></item></channel></rss>");
    let parsed = parse_feed("latin1.xml", &doc).unwrap();
    assert_eq!(parsed.items[0].title, "Café");
}
