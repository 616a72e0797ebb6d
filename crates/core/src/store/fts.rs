//! Keeps the external-content FTS5 index in step with posts, inside the caller's transaction.
//!
//! The index holds no copy of the text, so removing a row needs the exact values it was indexed
//! with: `unindex` must run before a post, its tags or its author change, and `index` after.

use rusqlite::{Connection, params};

use super::Result;
use crate::domain::PostId;

pub fn unindex(conn: &Connection, id: PostId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO post_fts(post_fts, rowid, title, summary, body, author, tags)
         SELECT 'delete', id, title, summary, body, author, tags FROM post_doc WHERE id = ?1",
    )?
    .execute(params![id.0])?;
    Ok(())
}

pub fn index(conn: &Connection, id: PostId) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO post_fts(rowid, title, summary, body, author, tags)
         SELECT id, title, summary, body, author, tags FROM post_doc WHERE id = ?1",
    )?
    .execute(params![id.0])?;
    Ok(())
}

/// Runs `change` with the given posts taken out of the index, and puts them back after.
pub fn reindexing<T>(conn: &Connection, ids: &[PostId], change: impl FnOnce() -> Result<T>) -> Result<T> {
    for id in ids {
        unindex(conn, *id)?;
    }
    let out = change()?;
    for id in ids {
        index(conn, *id)?;
    }
    Ok(out)
}

/// FTS5's own consistency check of the index against the posts.
pub fn integrity_check(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO post_fts(post_fts, rank) VALUES ('integrity-check', 1)", [])?;
    conn.execute("INSERT INTO title_fts(title_fts, rank) VALUES ('integrity-check', 1)", [])?;
    Ok(())
}
