//! What one reader has read, and small settings (last position), kept in the same file.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::domain::PostId;

pub fn mark_read(conn: &Connection, id: PostId, read: bool, now: i64) -> Result<()> {
    if read {
        conn.prepare_cached("INSERT OR IGNORE INTO read_state (post_id, read_at) VALUES (?1, ?2)")?
            .execute(params![id.0, now])?;
    } else {
        conn.prepare_cached("DELETE FROM read_state WHERE post_id = ?1")?.execute([id.0])?;
    }
    Ok(())
}

/// Which of `ids` have been read, in one query (a window of rows asks for 120 at a time).
pub fn read_ids(conn: &Connection, ids: &[PostId]) -> Result<HashSet<PostId>> {
    let list = serde_json::Value::from(ids.iter().map(|id| id.0).collect::<Vec<_>>()).to_string();
    let mut stmt =
        conn.prepare_cached("SELECT post_id FROM read_state WHERE post_id IN (SELECT value FROM json_each(?1))")?;
    let rows = stmt.query_map([list], |r| r.get(0).map(PostId))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM setting WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")?
        .execute([key, value])?;
    Ok(())
}

/// Marks every post a list filter shows read, in one statement; returns how many were unread.
/// The filter's cursor and limit are ignored: "all" means the whole filtered list.
pub fn mark_filter_read(conn: &Connection, f: &super::ListFilter, now: i64) -> Result<usize> {
    let whole = super::ListFilter { older_than: None, newer_than: None, limit: None, ..f.clone() };
    let (clause, mut args) = super::posts::filter_sql(conn, &whole, now)?;
    args.push(rusqlite::types::Value::Integer(now));
    let sql = format!(
        "INSERT OR IGNORE INTO read_state (post_id, read_at) SELECT p.id, ?{} FROM post p WHERE {clause}",
        args.len()
    );
    Ok(conn.prepare(&sql)?.execute(rusqlite::params_from_iter(args))?)
}

/// Marks these posts read (a page of search results); returns how many were unread.
pub fn mark_ids_read(conn: &Connection, ids: &[PostId], now: i64) -> Result<usize> {
    let list = serde_json::Value::from(ids.iter().map(|id| id.0).collect::<Vec<_>>()).to_string();
    let sql = "INSERT OR IGNORE INTO read_state (post_id, read_at)
               SELECT p.id, ?2 FROM post p WHERE p.id IN (SELECT value FROM json_each(?1))";
    Ok(conn.prepare_cached(sql)?.execute(params![list, now])?)
}

/// How many posts a filter matches that are unread (cursor and limit ignored). Counting the
/// unread posts directly probes the read marks once per post (about 50 ms at 100,000 posts);
/// the read marks are far fewer than the posts, and every one names an existing post (foreign
/// key, ON DELETE CASCADE), so for the whole blog and for one tag it is the total less the read
/// marks counted on their own index (a few milliseconds).
pub fn unread_count(conn: &Connection, f: &super::ListFilter, now: i64) -> Result<i64> {
    use super::ListFilter;
    let whole = ListFilter { older_than: None, newer_than: None, limit: None, ..f.clone() };
    let everything = super::posts::source_is_everything(conn, &whole)?;
    let read: i64 = if whole == ListFilter::default() && everything {
        conn.prepare_cached("SELECT count(*) FROM read_state")?.query_row([], |r| r.get(0))?
    } else if let Some(tag) =
        whole.tag.as_deref().filter(|_| whole == ListFilter { tag: f.tag.clone(), ..Default::default() })
        && everything
    {
        let Some(id) = super::tags::find_tag(conn, tag)? else {
            return Err(super::StoreError::TagNotFound(tag.to_string()));
        };
        let sql = "SELECT count(*) FROM post_tag pt JOIN read_state r ON r.post_id = pt.post_id WHERE pt.tag_id = ?1";
        conn.prepare_cached(sql)?.query_row([id.0], |r| r.get(0))?
    } else {
        return super::post_count(conn, &ListFilter { unread_only: true, ..whole }, now);
    };
    Ok(super::post_count(conn, &whole, now)? - read)
}
