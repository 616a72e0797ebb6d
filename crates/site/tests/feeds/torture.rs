//! Hostile text (markup, entities, quotes, CDATA ends, bidi and C0 controls) in every field of every
//! format, read back by real parsers as the same text.

use byline_site::feeds::{self, BlogMeta, FeedItem};
use serde_json::Value;

use super::python::check;
use super::{NEWEST, meta};

const NASTY: [&str; 6] = [
    "<script>alert(1)</script>",
    "Tom &amp; Jerry & Co",
    r#"She said "hi" & it's <b>fine</b>"#,
    "end ]]> of CDATA ]]]]><![CDATA[>",
    "\u{202E}evil\u{202C} \u{200F}rtl\u{2066}x\u{2069}",
    "bell\u{7}nul\u{0}esc\u{1b}[31m tab\tline\nfeed\u{FFFF} cr\r\nlf",
];

/// What survives in XML: everything but the characters XML 1.0 cannot hold at all.
fn in_xml(s: &str) -> String {
    s.chars().filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')).collect()
}

fn hostile() -> (BlogMeta, Vec<FeedItem>) {
    let meta = BlogMeta {
        title: NASTY[0].into(),
        description: NASTY[3].into(),
        author: Some(NASTY[2].into()),
        language: Some("en\"><x".into()),
        ..meta()
    };
    let items = NASTY
        .iter()
        .enumerate()
        .map(|(i, s)| FeedItem {
            guid: format!("urn:uuid:{s}"),
            title: s.to_string(),
            url: format!("https://blog.example.com/p/{i}?q=<\"{s}\">&x=1"),
            published: NEWEST - i as i64,
            updated: NEWEST - i as i64,
            author: Some(format!("{s} author")),
            tags: vec![s.to_string(), format!("tag {i}")],
            summary: format!("summary {s}"),
            content_html: format!("<p>{s}</p>]]>"),
        })
        .collect();
    (meta, items)
}

fn texts(seen: &Value, key: &str) -> Vec<String> {
    seen[key].as_array().unwrap_or_else(|| panic!("no {key}")).iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[test]
fn hostile_text_survives_rss_as_text() {
    let (meta, items) = hostile();
    let text = feeds::rss(&meta, &items);
    let Some(fp) = check("feed", "feed.xml", &text) else { return };
    assert_eq!(fp["bozo"], false, "{}", fp["bozo_exception"]);
    assert_eq!(fp["entries"].as_array().unwrap().len(), NASTY.len());
    let seen = check("xml", "feed.xml", &text).unwrap();
    let want = |f: &dyn Fn(&FeedItem) -> String| items.iter().map(|i| in_xml(&f(i))).collect::<Vec<_>>();
    let titles = texts(&seen, "title");
    assert_eq!(titles[0], in_xml(&meta.title));
    assert_eq!(titles[1..], want(&|i| i.title.clone()));
    assert_eq!(texts(&seen, "guid"), want(&|i| i.guid.clone()));
    assert_eq!(texts(&seen, "link")[1..], want(&|i| i.url.clone()));
    assert_eq!(texts(&seen, "{http://purl.org/dc/elements/1.1/}creator"), want(&|i| i.author.clone().unwrap()));
    assert_eq!(texts(&seen, "description")[0], in_xml(&meta.description));
    assert_eq!(texts(&seen, "description")[1..], want(&|i| i.summary.clone()));
    assert_eq!(texts(&seen, "{http://purl.org/rss/1.0/modules/content/}encoded"), want(&|i| i.content_html.clone()));
    let cats: Vec<String> = items.iter().flat_map(|i| i.tags.iter().map(|t| in_xml(t))).collect();
    assert_eq!(texts(&seen, "category"), cats);
}

#[test]
fn hostile_text_survives_atom_as_text() {
    let (meta, items) = hostile();
    let text = feeds::atom(&meta, &items);
    let Some(fp) = check("feed", "atom.xml", &text) else { return };
    assert_eq!(fp["bozo"], false, "{}", fp["bozo_exception"]);
    for (e, i) in fp["entries"].as_array().unwrap().iter().zip(&items) {
        // Atom says the title is text, so feedparser hands it back as it is.
        assert_eq!(e["title"], in_xml(&i.title));
        assert_eq!(e["id"], in_xml(&i.guid));
    }
    let seen = check("xml", "atom.xml", &text).unwrap();
    let atom = |k: &str| texts(&seen, &format!("{{http://www.w3.org/2005/Atom}}{k}"));
    let want = |f: &dyn Fn(&FeedItem) -> String| items.iter().map(|i| in_xml(&f(i))).collect::<Vec<_>>();
    assert_eq!(atom("title")[0], in_xml(&meta.title));
    assert_eq!(atom("title")[1..], want(&|i| i.title.clone()));
    assert_eq!(atom("id")[1..], want(&|i| i.guid.clone()));
    assert_eq!(atom("name")[0], in_xml(meta.author.as_deref().unwrap()));
    assert_eq!(atom("name")[1..], want(&|i| i.author.clone().unwrap()));
    assert_eq!(atom("summary"), want(&|i| i.summary.clone()));
    assert_eq!(atom("content"), want(&|i| i.content_html.clone()));
    let cats: Vec<String> = items.iter().flat_map(|i| i.tags.iter().map(|t| in_xml(t))).collect();
    assert_eq!(atom("category@term"), cats);
    let hrefs = atom("link@href");
    assert_eq!(hrefs[2..], want(&|i| i.url.clone()), "URLs with quotes and & survive in attributes");
}

#[test]
fn hostile_text_survives_the_json_feed_exactly() {
    let (meta, items) = hostile();
    let text = feeds::json_feed(&meta, &items);
    let feed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(feed["title"], meta.title.as_str());
    for (got, i) in feed["items"].as_array().unwrap().iter().zip(&items) {
        // JSON can carry every character, controls included.
        assert_eq!(got["title"], i.title.as_str());
        assert_eq!(got["id"], i.guid.as_str());
        assert_eq!(got["summary"], i.summary.as_str());
        assert_eq!(got["content_html"], i.content_html.as_str());
        assert_eq!(got["authors"][0]["name"], i.author.as_deref().unwrap());
        assert_eq!(got["tags"][0], i.tags[0].as_str());
    }
    let Some(py) = check("json", "feed.json", &text) else { return };
    assert_eq!(py, feed);
}

#[test]
fn hostile_urls_survive_the_sitemap() {
    let pages: Vec<(String, i64)> =
        NASTY.iter().map(|s| (format!("https://blog.example.com/?q={s}"), NEWEST)).collect();
    let Some(seen) = check("sitemap", "sitemap.xml", &feeds::sitemap(&pages)) else { return };
    let got: Vec<String> =
        seen["urls"].as_array().unwrap().iter().map(|u| u[0].as_str().unwrap().to_string()).collect();
    assert_eq!(got, pages.iter().map(|(u, _)| in_xml(u)).collect::<Vec<_>>());
}
