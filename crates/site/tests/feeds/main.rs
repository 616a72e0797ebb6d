//! The feeds, JSON Feed and sitemap read back by real parsers: Python's feedparser, json and
//! xml.etree (installed by `.ci/run`), plus serde for the JSON Feed's required fields.

// Helpers outside #[test] functions fail a test by panicking, as the tests themselves do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod parsers;
mod python;
mod store;
mod torture;

use byline_site::feeds::{BlogMeta, FeedItem};

/// Unix seconds of the newest sample post.
pub const NEWEST: i64 = 1_700_000_000;

pub fn meta() -> BlogMeta {
    BlogMeta {
        title: "The Byline Blog".into(),
        description: "Notes on terminals & the web".into(),
        base_url: "https://blog.example.com/".into(),
        language: Some("en".into()),
        author: Some("The Editors".into()),
        max_items: 20,
    }
}

/// `n` posts a day apart, newest first; every third has no author; tags alternate.
pub fn items(n: usize) -> Vec<FeedItem> {
    (0..n)
        .map(|i| {
            let published = NEWEST - 86_400 * i as i64;
            FeedItem {
                guid: format!("urn:uuid:00000000-0000-4000-8000-{i:012}"),
                title: format!("Post number {i}"),
                url: format!("https://blog.example.com/posts/post-{i}/"),
                published,
                updated: published + 3_600 * (i as i64 % 2),
                author: (i % 3 != 2).then(|| ["Ada Lovelace", "Brook"][i % 2].to_string()),
                tags: if i % 2 == 0 { vec!["Rust".into(), "Terminals".into()] } else { vec!["Web".into()] },
                summary: format!("What post {i} is about."),
                content_html: format!("<p>Body of post <em>{i}</em>.</p>"),
            }
        })
        .collect()
}
