//! Each format read by a real parser: the right items, ids, dates, authors and categories.

use byline_site::feeds::{self, BlogMeta, FeedError, FeedItem, TagFeed};
use serde_json::Value;

use super::python::check;
use super::{NEWEST, items, meta};

fn strs(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

/// What feedparser saw matches the newest `max_items` of `expected`, in order.
fn assert_entries(seen: &Value, expected: &[FeedItem], fallback_author: Option<&str>) {
    assert_eq!(seen["bozo"], false, "feedparser: {}", seen["bozo_exception"]);
    let entries = seen["entries"].as_array().unwrap();
    assert_eq!(entries.len(), expected.len());
    for (e, want) in entries.iter().zip(expected) {
        assert_eq!(e["id"], want.guid.as_str());
        assert_eq!(e["title"], want.title.as_str());
        assert_eq!(e["link"], want.url.as_str());
        assert_eq!(e["published"], want.published);
        assert_eq!(strs(&e["tags"]), want.tags);
        assert_eq!(e["summary"], want.summary.as_str());
        assert_eq!(e["content"][0], want.content_html.as_str());
        match &want.author {
            Some(a) => assert_eq!(e["author"], a.as_str()),
            None => assert!(e["author"].is_null() || e["author"] == fallback_author.unwrap_or(""), "{e}"),
        }
    }
}

#[test]
fn rss_reads_back_in_feedparser_with_stable_ids_dates_authors_and_categories() {
    let all = items(25);
    let Some(seen) = check("feed", "feed.xml", &feeds::rss(&meta(), &all)) else { return };
    assert_eq!(seen["version"], "rss20");
    assert_eq!(seen["title"], "The Byline Blog");
    assert_eq!(seen["link"], "https://blog.example.com/");
    assert_eq!(strs(&seen["self"]), ["https://blog.example.com/feed.xml"]);
    assert_eq!(seen["updated"], NEWEST, "the feed's date is its newest item's, not the time of export");
    assert_entries(&seen, &all[..20], None);
}

#[test]
fn atom_reads_back_in_feedparser_with_stable_ids_dates_authors_and_categories() {
    let all = items(25);
    let Some(seen) = check("feed", "atom.xml", &feeds::atom(&meta(), &all)) else { return };
    assert_eq!(seen["version"], "atom10");
    assert_eq!(seen["title"], "The Byline Blog");
    assert_eq!(strs(&seen["self"]), ["https://blog.example.com/atom.xml"]);
    assert_eq!(seen["updated"], NEWEST);
    assert_entries(&seen, &all[..20], Some("The Editors"));
    for (e, want) in seen["entries"].as_array().unwrap().iter().zip(&all) {
        assert_eq!(e["updated"], want.updated);
    }
}

#[test]
fn json_feed_has_the_required_fields_and_parses_in_python_too() {
    let all = items(25);
    let text = feeds::json_feed(&meta(), &all);
    let feed: Value = serde_json::from_str(&text).unwrap();
    // Required by JSON Feed 1.1: version, title, items; each item an id and a content.
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "The Byline Blog");
    assert_eq!(feed["home_page_url"], "https://blog.example.com/");
    assert_eq!(feed["feed_url"], "https://blog.example.com/feed.json");
    let got = feed["items"].as_array().unwrap();
    assert_eq!(got.len(), 20);
    for (item, want) in got.iter().zip(&all) {
        assert_eq!(item["id"], want.guid.as_str());
        assert_eq!(item["content_html"], want.content_html.as_str());
        assert_eq!(item["url"], want.url.as_str());
        assert_eq!(strs(&item["tags"]), want.tags);
        let published: jiff::Timestamp = item["date_published"].as_str().unwrap().parse().unwrap();
        assert_eq!(published.as_second(), want.published);
        let authors: Vec<&str> = item["authors"]
            .as_array()
            .map(|a| a.iter().map(|x| x["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(authors, want.author.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let Some(py) = check("json", "feed.json", &text) else { return };
    assert_eq!(py, feed, "Python's json reads the same feed");
}

#[test]
fn every_feed_file_with_its_path_and_tag_feeds_holding_only_their_tag() {
    let all = items(25);
    let tags =
        [TagFeed { name: "rust".into(), slug: "rust".into() }, TagFeed { name: "Web".into(), slug: "web".into() }];
    let files = feeds::write_all(&meta(), &all, &tags).unwrap();
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(
        paths,
        [
            "feed.xml",
            "atom.xml",
            "feed.json",
            "tags/rust/feed.xml",
            "tags/rust/atom.xml",
            "tags/rust/feed.json",
            "tags/web/feed.xml",
            "tags/web/atom.xml",
            "tags/web/feed.json"
        ]
    );
    let rusty: Vec<FeedItem> = all.iter().filter(|i| i.tags.contains(&"Rust".to_string())).cloned().collect();
    let text = |i: usize| String::from_utf8(files[i].1.clone()).unwrap();
    let Some(rss) = check("feed", "feed.xml", &text(3)) else { return };
    assert_entries(&rss, &rusty, None);
    assert_eq!(strs(&rss["self"]), ["https://blog.example.com/tags/rust/feed.xml"]);
    assert_eq!(rss["link"], "https://blog.example.com/tags/rust/");
    let atom = check("feed", "atom.xml", &text(4)).unwrap();
    assert_entries(&atom, &rusty, Some("The Editors"));
    let json: Value = serde_json::from_str(&text(8)).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 12, "the 12 odd posts of 25 are tagged Web");
}

#[test]
fn a_tag_slug_that_could_leave_the_site_is_refused() {
    for slug in ["../etc", "a/b", "", "UP", ".."] {
        let tag = TagFeed { name: "x".into(), slug: slug.into() };
        assert_eq!(feeds::write_all(&meta(), &items(2), &[tag]), Err(FeedError::UnsafeSlug(slug.into())));
    }
}

#[test]
fn the_same_posts_give_the_same_bytes_whatever_their_order() {
    let all = items(25);
    let tags = [TagFeed { name: "Rust".into(), slug: "rust".into() }];
    let once = feeds::write_all(&meta(), &all, &tags).unwrap();
    let mut shuffled = all.clone();
    shuffled.reverse();
    shuffled.swap(3, 17);
    assert_eq!(once, feeds::write_all(&meta(), &shuffled, &tags).unwrap());
}

#[test]
fn the_number_of_items_is_a_setting_and_an_empty_blog_still_parses() {
    let few = BlogMeta { max_items: 5, ..meta() };
    let Some(seen) = check("feed", "atom.xml", &feeds::atom(&few, &items(25))) else { return };
    assert_eq!(seen["entries"].as_array().unwrap().len(), 5);
    for text in [feeds::rss(&meta(), &[]), feeds::atom(&meta(), &[])] {
        let seen = check("feed", "feed.xml", &text).unwrap();
        assert_eq!(seen["bozo"], false, "{}", seen["bozo_exception"]);
        assert_eq!(seen["entries"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn the_sitemap_lists_every_page_with_its_date_and_robots_names_it() {
    let pages: Vec<(String, i64)> =
        (0..300).map(|i| (format!("https://blog.example.com/posts/p-{i}/?a=1&b=2"), NEWEST - i as i64 * 60)).collect();
    let Some(seen) = check("sitemap", "sitemap.xml", &feeds::sitemap(&pages)) else { return };
    assert_eq!(seen["root"], "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset");
    let urls = seen["urls"].as_array().unwrap();
    assert_eq!(urls.len(), pages.len());
    for (got, (url, at)) in urls.iter().zip(&pages) {
        assert_eq!(got[0], url.as_str());
        let lastmod: jiff::Timestamp = got[1].as_str().unwrap().parse().unwrap();
        assert_eq!(lastmod.as_second(), *at);
    }
    assert_eq!(
        feeds::robots_txt("https://blog.example.com/"),
        "User-agent: *\nAllow: /\n\nSitemap: https://blog.example.com/sitemap.xml\n"
    );
    assert!(!feeds::robots_txt("https://x.example\nDisallow: /").contains("\nDisallow"), "no injected line");
    // Site-relative links (`byline serve`): a Sitemap line needs an absolute URL, so none.
    assert_eq!(feeds::robots_txt("/"), "User-agent: *\nAllow: /\n");
}
