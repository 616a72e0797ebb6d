//! JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the item's id is the post's stable guid.

use serde::Serialize;

use super::text::rfc3339;
use super::{BlogMeta, Channel, FeedItem, TagFeed, paths};

/// The blog's JSON Feed (`feed.json`): the newest `meta.max_items` items.
pub fn json_feed(meta: &BlogMeta, items: &[FeedItem]) -> String {
    render(&Channel::new(meta, items, None))
}

/// A tag's JSON Feed (`tags/<slug>/feed.json`).
pub fn json_feed_for_tag(meta: &BlogMeta, items: &[FeedItem], tag: &TagFeed) -> String {
    render(&Channel::new(meta, items, Some(tag)))
}

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    authors: [Author<'a>; 1],
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
}

fn render(ch: &Channel<'_>) -> String {
    let feed = Feed {
        version: "https://jsonfeed.org/version/1.1",
        title: &ch.title,
        home_page_url: &ch.home_url,
        feed_url: format!("{}{}", ch.feed_dir, paths::JSON),
        description: &ch.description,
        language: ch.language,
        authors: [Author { name: ch.author }],
        items: ch
            .items
            .iter()
            .map(|i| Item {
                id: &i.guid,
                url: &i.url,
                title: &i.title,
                content_html: &i.content_html,
                summary: &i.summary,
                date_published: rfc3339(i.published),
                date_modified: rfc3339(i.updated.max(i.published)),
                authors: i.author.as_deref().map(|name| Author { name }).into_iter().collect(),
                tags: &i.tags,
            })
            .collect(),
    };
    // Serializing plain strings and numbers cannot fail; an empty feed would be the only fallback.
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}
