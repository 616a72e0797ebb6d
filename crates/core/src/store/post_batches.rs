//! Reading a whole blog a little at a time, for readers that hold only a little of each post
//! (the site export at 100,000 posts): every post of a filter streamed, and the bodies and
//! summaries of a batch of ids in one query each.

use rusqlite::{Connection, params_from_iter};

use super::Result;
use super::posts::{ListFilter, SUMMARY_COLUMNS, filter_sql, summary_from_row};
use crate::domain::{PostId, PostSummary};

/// The bodies of `ids`, in that order (an empty body for a post that has none): one query for a
/// batch, for readers that stream many posts (the site export).
pub fn post_bodies(conn: &Connection, ids: &[PostId]) -> Result<Vec<String>> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(b.body, '') FROM json_each(?1) j LEFT JOIN post_body b ON b.post_id = j.value ORDER BY j.key",
    )?;
    let rows = stmt.query_map([serde_json::to_string(&ids).unwrap_or_default()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The summaries of `ids`, in that order (an id with no post is left out): one query for the
/// cards of the pages about to be rendered, for readers that keep only ids of a whole blog.
pub fn post_summaries(conn: &Connection, ids: &[PostId], now: i64) -> Result<Vec<PostSummary>> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM json_each(?1) j JOIN post p ON p.id = j.value
         LEFT JOIN author a ON a.id = p.author_id ORDER BY j.key"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([serde_json::to_string(&ids).unwrap_or_default()], |r| summary_from_row(r, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every post `f` selects, newest first, handed to `each` one at a time rather than collected:
/// a reader of the whole blog that keeps a little of each post holds only that (the site
/// export at 100,000 posts). `f`'s paging (`limit`, `older_than`, `newer_than`) is ignored.
pub fn each_post(
    conn: &Connection,
    f: &ListFilter,
    now: i64,
    mut each: impl FnMut(PostSummary) -> Result<()>,
) -> Result<()> {
    let (clause, args) = filter_sql(conn, f, now)?;
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM post p LEFT JOIN author a ON a.id = p.author_id
         WHERE {clause} ORDER BY p.sort_at DESC, p.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(row) = rows.next()? {
        each(summary_from_row(row, now)?)?;
    }
    Ok(())
}
