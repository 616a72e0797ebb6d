//! The source picker's rows: the blog's own posts, everything, every followed feed, each
//! category and each feed, with their posts and unread posts, counted in one query.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::Result;
use super::posts::{ListFilter, PostSource, filter_sql};

/// A source the list can show, with its posts and unread posts under the other filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCount {
    pub source: PostSource,
    /// What the reader sees: "own posts", a category's or a feed's name.
    pub name: String,
    /// The feed's category, for a feed's row.
    pub category: Option<String>,
    pub posts: i64,
    pub unread: i64,
}

/// Every source in the picker's order: own posts, everything, all followed, the categories (by
/// name), then the feeds (by category, then title). The counts are under `filter`'s other
/// filters (tag, author, status, unread only), as the tag and author pickers' are. One query
/// groups the posts by feed; the categories and totals are sums of its rows, so the picker
/// costs the same with one feed as with hundreds.
pub fn source_counts(conn: &Connection, filter: &ListFilter, now: i64) -> Result<Vec<SourceCount>> {
    let others =
        ListFilter { older_than: None, newer_than: None, limit: None, source: PostSource::All, ..filter.clone() };
    let (clause, args) = filter_sql(conn, &others, now)?;
    // The own posts' row (feed NULL) and one row per feed, items or not.
    let sql = format!(
        "WITH c AS (SELECT p.feed_id AS feed, count(*) AS n, count(*) - count(r.post_id) AS u
                      FROM post p LEFT JOIN read_state r ON r.post_id = p.id WHERE {clause} GROUP BY p.feed_id)
         SELECT NULL, NULL, NULL, NULL, coalesce((SELECT n FROM c WHERE feed IS NULL), 0),
                coalesce((SELECT u FROM c WHERE feed IS NULL), 0)
         UNION ALL
         SELECT f.id, f.title, f.url, f.category, coalesce(c.n, 0), coalesce(c.u, 0)
           FROM feed f LEFT JOIN c ON c.feed = f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut own = (0, 0);
    let mut feeds: Vec<SourceCount> = Vec::new();
    for row in rows {
        let (id, title, url, category, posts, unread) = row?;
        let Some(id) = id else {
            own = (posts, unread);
            continue;
        };
        let title = title.filter(|t| !t.trim().is_empty()).or(url).unwrap_or_default();
        let category = category.filter(|c| !c.trim().is_empty());
        feeds.push(SourceCount { source: PostSource::Feed(id), name: title, category, posts, unread });
    }
    feeds.sort_by_cached_key(|f| {
        let id = if let PostSource::Feed(id) = f.source { id } else { 0 };
        (f.category.as_deref().unwrap_or("").to_lowercase(), f.name.to_lowercase(), id)
    });
    // Categories told apart as SQLite's NOCASE does (ASCII only); the first spelling names it.
    let mut categories: BTreeMap<String, SourceCount> = BTreeMap::new();
    for feed in &feeds {
        let Some(name) = &feed.category else { continue };
        let entry = categories.entry(name.to_ascii_lowercase()).or_insert_with(|| SourceCount {
            source: PostSource::Category(name.clone()),
            name: name.clone(),
            category: None,
            posts: 0,
            unread: 0,
        });
        entry.posts += feed.posts;
        entry.unread += feed.unread;
    }
    let followed = feeds.iter().fold((0, 0), |(p, u), f| (p + f.posts, u + f.unread));
    let fixed = |source, name: &str, (posts, unread): (i64, i64)| SourceCount {
        source,
        name: name.to_string(),
        category: None,
        posts,
        unread,
    };
    let mut out = vec![
        fixed(PostSource::Own, "own posts", own),
        fixed(PostSource::All, "everything", (own.0 + followed.0, own.1 + followed.1)),
        fixed(PostSource::Followed, "all followed", followed),
    ];
    out.extend(categories.into_values());
    out.extend(feeds);
    Ok(out)
}

/// Whether a followed feed is filed under `name` (NOCASE), for a command line that names one.
pub fn category_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM feed WHERE category = ?1 COLLATE NOCASE)")?
        .query_row([name], |r| r.get(0))?)
}

#[cfg(test)]
#[path = "sources_tests.rs"]
mod tests;
