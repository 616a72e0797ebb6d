//! Followed feeds: the feed rows, what each fetch left behind, and their items stored as posts.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::import::{self as rows, PostRow};
use super::{Result, StoreError, authors, fts};
use crate::domain::PostId;

/// A followed feed's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A followed feed with its item counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    pub id: FeedId,
    pub url: String,
    pub title: String,
    pub site_url: Option<String>,
    pub category: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub moved_from: Option<String>,
    pub last_error: Option<String>,
    pub last_fetched: Option<i64>,
    pub retry_after_until: Option<i64>,
    /// Each refresh fetches the full article of the newest items that carry only a summary.
    pub full_articles: bool,
    pub items: i64,
    pub unread: i64,
}

const FEED_COLUMNS: &str = "f.id, f.url, f.title, f.site_url, f.category, f.etag, f.last_modified, f.moved_from,
    f.last_error, f.last_fetched, f.retry_after_until, f.full_articles,
    (SELECT count(*) FROM post p WHERE p.feed_id = f.id),
    (SELECT count(*) FROM post p WHERE p.feed_id = f.id AND p.id NOT IN (SELECT post_id FROM read_state))";

fn feed_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed {
        id: FeedId(r.get(0)?),
        url: r.get(1)?,
        title: r.get(2)?,
        site_url: r.get(3)?,
        category: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        moved_from: r.get(7)?,
        last_error: r.get(8)?,
        last_fetched: r.get(9)?,
        retry_after_until: r.get(10)?,
        full_articles: r.get(11)?,
        items: r.get(12)?,
        unread: r.get(13)?,
    })
}

/// A feed to add: its address and what is known of it before the first fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFeed {
    pub url: String,
    pub title: String,
    pub site_url: Option<String>,
    pub category: Option<String>,
}

/// Adds a feed; one already followed at that address is left as it is. Answers its id and
/// whether it is new.
pub fn add_feed(conn: &Connection, feed: &NewFeed, now: i64) -> Result<(FeedId, bool)> {
    if let Some(id) = feed_by_url(conn, &feed.url)? {
        return Ok((id, false));
    }
    conn.prepare_cached("INSERT INTO feed (url, title, site_url, category, added_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![feed.url, feed.title, feed.site_url, feed.category, now])?;
    Ok((FeedId(conn.last_insert_rowid()), true))
}

/// The feed followed at `url` (or that was there before a permanent redirect moved it).
pub fn feed_by_url(conn: &Connection, url: &str) -> Result<Option<FeedId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM feed WHERE url = ?1 OR moved_from = ?1 ORDER BY url = ?1 DESC LIMIT 1")?
        .query_row([url], |r| r.get(0))
        .optional()?
        .map(FeedId))
}

/// Every followed feed, by category then title.
pub fn list_feeds(conn: &Connection) -> Result<Vec<Feed>> {
    let sql = format!(
        "SELECT {FEED_COLUMNS} FROM feed f
         ORDER BY coalesce(f.category, '') COLLATE NOCASE, f.title COLLATE NOCASE, f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_map([], feed_from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn get_feed(conn: &Connection, id: FeedId) -> Result<Feed> {
    let sql = format!("SELECT {FEED_COLUMNS} FROM feed f WHERE f.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id.0], feed_from_row)
        .optional()?
        .ok_or_else(|| StoreError::FeedNotFound(id.to_string()))
}

/// A feed named by its id or its address.
pub fn resolve_feed(conn: &Connection, which: &str) -> Result<FeedId> {
    let which = which.trim();
    if let Ok(n) = which.parse::<i64>() {
        let found: Option<i64> =
            conn.prepare_cached("SELECT id FROM feed WHERE id = ?1")?.query_row([n], |r| r.get(0)).optional()?;
        if let Some(id) = found {
            return Ok(FeedId(id));
        }
    }
    feed_by_url(conn, which)?.ok_or_else(|| StoreError::FeedNotFound(which.to_string()))
}

/// Stops following a feed: its items go too (out of the search index first). Answers how many.
pub fn remove_feed(conn: &Connection, id: FeedId) -> Result<usize> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM post WHERE feed_id = ?1")?
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for post in &ids {
        fts::unindex(conn, PostId(*post))?;
    }
    conn.prepare_cached("DELETE FROM post WHERE feed_id = ?1")?.execute([id.0])?;
    conn.prepare_cached("DELETE FROM feed WHERE id = ?1")?.execute([id.0])?;
    authors::drop_orphans(conn)?;
    Ok(ids.len())
}

/// What a successful fetch leaves on the feed: the validators for the next conditional request,
/// and the feed's own title and site when it gives them (the title only where the reader gave
/// none: a name from an OPML or `urls` file is kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchRecord {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub title: Option<String>,
    pub site_url: Option<String>,
}

/// A fetch that worked (new items or a 304): the error is cleared, a 304 keeps the validators.
pub fn record_success(conn: &Connection, id: FeedId, rec: Option<&FetchRecord>, now: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE feed SET last_error = NULL, last_fetched = ?2, retry_after_until = NULL WHERE id = ?1",
    )?
    .execute(params![id.0, now])?;
    if let Some(rec) = rec {
        conn.prepare_cached(
            "UPDATE feed SET etag = ?2, last_modified = ?3,
                 title = CASE WHEN title = '' OR title = url THEN coalesce(?4, title) ELSE title END,
                 site_url = coalesce(?5, site_url) WHERE id = ?1",
        )?
        .execute(params![id.0, rec.etag, rec.last_modified, rec.title, rec.site_url])?;
    }
    Ok(())
}

/// A fetch that failed: the items stay as they were; `retry_until` is when a 429 or 503 said
/// to come back (refreshes skip the feed until then).
pub fn record_failure(conn: &Connection, id: FeedId, error: &str, retry_until: Option<i64>, now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE feed SET last_error = ?2, last_fetched = ?3, retry_after_until = ?4 WHERE id = ?1")?
        .execute(params![id.0, error, now, retry_until])?;
    Ok(())
}

/// Turns the fetching of full articles on refresh on or off for a feed. Answers whether it changed.
pub fn set_full_articles(conn: &Connection, id: FeedId, on: bool) -> Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE feed SET full_articles = ?2 WHERE id = ?1 AND full_articles != ?2")?
        .execute(params![id.0, on])?;
    if changed == 0 {
        get_feed(conn, id)?;
    }
    Ok(changed > 0)
}

/// The keys of a feed's items whose body is already a fetched full article: a refresh does not
/// fetch them again.
pub fn items_with_full_article(conn: &Connection, id: FeedId) -> Result<std::collections::HashSet<String>> {
    let sql = format!(
        "SELECT feed_item FROM post WHERE feed_id = ?1 AND json_extract(source_meta, '$.{}') = 1",
        crate::follow::article::FULL_KEY
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_map([id.0], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// A permanent redirect: the feed is followed at `new_url` from now on. Refused when another
/// followed feed is already there.
pub fn record_move(conn: &Connection, id: FeedId, new_url: &str) -> Result<()> {
    if let Some(other) = feed_by_url(conn, new_url)?.filter(|o| *o != id) {
        return Err(StoreError::FeedMovedOntoAnother { url: new_url.to_string(), other: other.0 });
    }
    conn.prepare_cached("UPDATE feed SET moved_from = url, url = ?2 WHERE id = ?1")?.execute(params![id.0, new_url])?;
    Ok(())
}

/// One item of a feed, ready to store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// Its key within the feed: the GUID, else its link, else its title.
    pub key: String,
    pub title: String,
    pub author: Option<String>,
    pub summary: String,
    pub body: String,
    pub link: Option<String>,
    pub published_at: Option<i64>,
    pub updated_at: Option<i64>,
    /// `body` is the full article fetched from `link`, not what the feed carried.
    pub full: bool,
}

/// How one refresh changed a feed's items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ItemCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Stores a feed's items: new keys become posts (unread), known ones are updated when their
/// text or dates changed. Items the feed no longer lists are kept. The reader's tags and read
/// state are never touched.
pub fn store_items(conn: &Connection, feed: FeedId, items: &[FeedItem], now: i64) -> Result<ItemCounts> {
    let mut counts = ItemCounts::default();
    let mut fresh: Vec<PostId> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for item in items {
        // A feed listing the same item twice: the first wins, as it would on screen.
        if !seen.insert(item.key.as_str()) {
            continue;
        }
        let existing: Option<i64> = conn
            .prepare_cached("SELECT id FROM post WHERE feed_id = ?1 AND feed_item = ?2")?
            .query_row(params![feed.0, item.key], |r| r.get(0))
            .optional()?;
        let meta = item.link.as_ref().map(|l| match item.full {
            true => serde_json::json!({ "link": l, crate::follow::article::FULL_KEY: true }).to_string(),
            false => serde_json::json!({ "link": l }).to_string(),
        });
        match existing.map(PostId) {
            Some(id) => {
                let old = rows::read_row(conn, id)?;
                let published = item.published_at.or(old.published_at).unwrap_or(now);
                // A full article fetched from the item's link stays: the feed has only a summary.
                let full = crate::follow::article::has_full_article(old.source_meta.as_deref());
                let row = PostRow {
                    title: item.title.clone(),
                    author: item.author.clone(),
                    summary: item.summary.clone(),
                    body: if full { old.body.clone() } else { item.body.clone() },
                    published_at: Some(published),
                    first_published_at: Some(published),
                    updated_at: item.updated_at.unwrap_or(old.updated_at.max(published)),
                    source_meta: if full { old.source_meta.clone() } else { meta },
                    ..old.clone()
                };
                if row.same_as(&old) {
                    counts.unchanged += 1;
                } else {
                    rows::replace_row(conn, id, &row)?;
                    counts.updated += 1;
                }
            }
            None => {
                let published = item.published_at.unwrap_or(now);
                let row = PostRow {
                    slug: item_slug(feed, &item.key, &item.title),
                    title: item.title.clone(),
                    author: item.author.clone(),
                    summary: item.summary.clone(),
                    body: item.body.clone(),
                    tags: Vec::new(),
                    created_at: published,
                    updated_at: item.updated_at.unwrap_or(published),
                    published_at: Some(published),
                    first_published_at: Some(published),
                    guid: None,
                    source_id: None,
                    source_meta: meta,
                };
                let id = rows::insert_row(conn, &row)?;
                conn.prepare_cached("UPDATE post SET feed_id = ?2, feed_item = ?3 WHERE id = ?1")?
                    .execute(params![id.0, feed.0, item.key])?;
                fresh.push(id);
                counts.new += 1;
            }
        }
    }
    rows::index_posts(conn, &fresh)?;
    Ok(counts)
}

/// A slug no own post will want: the feed's number, the title's words, and a hash of the key
/// (two items titled alike stay apart).
fn item_slug(feed: FeedId, key: &str, title: &str) -> String {
    let mut words = slug::slugify(title);
    words.truncate(48);
    let words = words.trim_end_matches('-');
    // FNV-1a: stable across runs and versions, unlike the standard library's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("feed-{feed}-{words}-{:08x}", hash as u32)
}

/// The followed feed a post is an item of, with the feed's title; None for the blog's own posts.
pub fn feed_of_post(conn: &Connection, id: PostId) -> Result<Option<(FeedId, String)>> {
    Ok(conn
        .prepare_cached("SELECT f.id, f.title, f.url FROM post p JOIN feed f ON f.id = p.feed_id WHERE p.id = ?1")?
        .query_row([id.0], |r| {
            let title: String = r.get(1)?;
            let url: String = r.get(2)?;
            Ok((FeedId(r.get(0)?), if title.is_empty() { url } else { title }))
        })
        .optional()?)
}

/// The address an item's relative links are read against: its own link as the refresh stored
/// it, else its feed's address. None for the blog's own posts.
pub fn item_base_url(conn: &Connection, id: PostId) -> Result<Option<String>> {
    let row = conn
        .prepare_cached("SELECT p.source_meta, f.url FROM post p JOIN feed f ON f.id = p.feed_id WHERE p.id = ?1")?
        .query_row([id.0], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)))
        .optional()?;
    Ok(row.map(|(meta, feed)| {
        meta.and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
            .and_then(|v| v.get("link")?.as_str().map(String::from))
            .unwrap_or(feed)
    }))
}

/// Refuses to change a followed item: it is the other blog's text, and the next refresh would
/// put it back anyway.
pub fn ensure_own_post(conn: &Connection, id: PostId) -> Result<()> {
    match feed_of_post(conn, id)? {
        Some((feed, title)) => Err(StoreError::FollowedReadOnly { post: id, feed: feed.0, title }),
        None => Ok(()),
    }
}

/// The feed of each post in `ids` that is a followed item (own posts are absent).
pub fn post_feeds(conn: &Connection, ids: &[PostId]) -> Result<std::collections::HashMap<PostId, FeedId>> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.feed_id FROM json_each(?1) j JOIN post p ON p.id = j.value WHERE p.feed_id IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([serde_json::to_string(&ids).unwrap_or_default()], |r| Ok((PostId(r.get(0)?), FeedId(r.get(1)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any feed is followed (a cheap test some counts use to keep their fast path).
pub fn any_feed(conn: &Connection) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM feed)")?.query_row([], |r| r.get(0))?)
}

#[cfg(test)]
#[path = "feeds_tests.rs"]
mod tests;
