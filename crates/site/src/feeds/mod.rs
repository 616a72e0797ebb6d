//! The blog's feeds (RSS 2.0, Atom, JSON Feed), its sitemap and robots.txt, from plain items.
//!
//! Everything here is a pure function of its input: no clock, no store, no disk. The same items give
//! the same bytes, so the export can compare and skip unchanged files. Each item is identified by its
//! stable guid (never its URL), so a slug change or a move to another domain does not make readers
//! see old posts as new.

mod atom;
mod json;
mod rss;
mod sitemap;
mod text;

use std::path::PathBuf;

use byline_core::domain::PostSummary;

pub use atom::{atom, atom_for_tag};
pub use json::{json_feed, json_feed_for_tag};
pub use rss::{rss, rss_for_tag};
pub use sitemap::{SITEMAP_MAX, robots_txt, sitemap, sitemaps, sitemaps_of};

/// How many items a feed carries unless told otherwise: the newest twenty.
pub const DEFAULT_MAX_ITEMS: usize = 20;

/// The blog as the feeds describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlogMeta {
    pub title: String,
    pub description: String,
    /// Where the site is served, e.g. `https://blog.example.com` (a trailing `/` is ignored).
    pub base_url: String,
    /// A BCP 47 language tag such as `en`, when the blog says.
    pub language: Option<String>,
    /// Who the feed is by when an item names no author (Atom needs one); the title if None.
    pub author: Option<String>,
    /// The newest this many items go in each feed.
    pub max_items: usize,
}

/// One published post as the feeds show it. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The post's stable id (`urn:uuid:...` from the store).
    pub guid: String,
    pub title: String,
    /// The post's page, absolute.
    pub url: String,
    pub published: i64,
    pub updated: i64,
    pub author: Option<String>,
    /// Tag names as shown, e.g. `Rust`.
    pub tags: Vec<String>,
    /// Plain text.
    pub summary: String,
    /// The post's body as HTML, already sanitized by the page renderer.
    pub content_html: String,
}

impl FeedItem {
    /// A stored post as a feed item: its stable guid, its date of publication (creation for one
    /// never published, which a feed should not hold anyway), and the page and HTML the export made.
    pub fn from_post(post: &PostSummary, url: String, content_html: String) -> Self {
        let published = post.published_at.unwrap_or(post.created_at);
        FeedItem {
            guid: post.guid.clone(),
            title: post.title.clone(),
            url,
            published,
            updated: post.updated_at.max(published),
            author: post.author.clone(),
            tags: post.tags.clone(),
            summary: post.summary.clone(),
            content_html,
        }
    }
}

/// A tag with a feed of its own: its name (matched against `FeedItem::tags`, ignoring case) and the
/// slug its folder is named by, `tags/<slug>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFeed {
    pub name: String,
    pub slug: String,
}

/// A feed that cannot be written.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FeedError {
    /// Only `a-z`, `0-9` and `-` are allowed, so a tag's folder can never be outside the site.
    #[error("tag slug {0:?} is not a safe folder name")]
    UnsafeSlug(String),
}

/// Every feed file of the site with its path relative to the site's root: `feed.xml` (RSS),
/// `atom.xml`, `feed.json`, and for each tag `tags/<slug>/feed.xml`, `atom.xml` and `feed.json`.
/// In a fixed order, so the caller can write them (atomically) and compare them as it likes.
pub fn write_all(
    meta: &BlogMeta,
    items: &[FeedItem],
    per_tag: &[TagFeed],
) -> Result<Vec<(PathBuf, Vec<u8>)>, FeedError> {
    let mut files = vec![
        (PathBuf::from("feed.xml"), rss(meta, items).into_bytes()),
        (PathBuf::from("atom.xml"), atom(meta, items).into_bytes()),
        (PathBuf::from("feed.json"), json_feed(meta, items).into_bytes()),
    ];
    for tag in per_tag {
        if !is_safe_slug(&tag.slug) {
            return Err(FeedError::UnsafeSlug(tag.slug.clone()));
        }
        let dir = PathBuf::from("tags").join(&tag.slug);
        files.push((dir.join("feed.xml"), rss_for_tag(meta, items, tag).into_bytes()));
        files.push((dir.join("atom.xml"), atom_for_tag(meta, items, tag).into_bytes()));
        files.push((dir.join("feed.json"), json_feed_for_tag(meta, items, tag).into_bytes()));
    }
    Ok(files)
}

/// The relative paths of a feed, so pages can link them (`<link rel="alternate">`) the same way.
pub mod paths {
    pub const RSS: &str = "feed.xml";
    pub const ATOM: &str = "atom.xml";
    pub const JSON: &str = "feed.json";

    /// `tags/<slug>/<file>`, one of the three above.
    pub fn for_tag(slug: &str, file: &str) -> String {
        format!("tags/{slug}/{file}")
    }
}

fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// One feed, whichever format: the blog's or a tag's, its links, and the items it carries.
struct Channel<'a> {
    title: String,
    description: String,
    /// The page the feed is about: the home page, or the tag's page.
    home_url: String,
    /// The folder of the feed's files, absolute, ending in `/`.
    feed_dir: String,
    language: Option<&'a str>,
    author: &'a str,
    /// Newest first, at most `max_items`.
    items: Vec<&'a FeedItem>,
    /// The newest `updated` among the items (the epoch for an empty feed): never "now".
    updated: i64,
}

impl<'a> Channel<'a> {
    fn new(meta: &'a BlogMeta, items: &'a [FeedItem], tag: Option<&TagFeed>) -> Self {
        let base = meta.base_url.trim_end_matches('/');
        let mut chosen: Vec<&FeedItem> = items
            .iter()
            .filter(|i| tag.is_none_or(|t| i.tags.iter().any(|n| n.to_lowercase() == t.name.to_lowercase())))
            .collect();
        // Newest first; the guid breaks ties so equal dates never depend on the input's order.
        chosen.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.guid.cmp(&b.guid)));
        chosen.truncate(meta.max_items);
        let updated = chosen.iter().map(|i| i.updated.max(i.published)).max().unwrap_or(0);
        let (title, description, home_url, feed_dir) = match tag {
            None => (meta.title.clone(), meta.description.clone(), format!("{base}/"), format!("{base}/")),
            Some(t) => (
                format!("{} — {}", meta.title, t.name),
                format!("Posts tagged {} on {}", t.name, meta.title),
                format!("{base}/tags/{}/", t.slug),
                format!("{base}/tags/{}/", t.slug),
            ),
        };
        Channel {
            title,
            description,
            home_url,
            feed_dir,
            language: meta.language.as_deref(),
            author: meta.author.as_deref().unwrap_or(&meta.title),
            items: chosen,
            updated,
        }
    }
}
