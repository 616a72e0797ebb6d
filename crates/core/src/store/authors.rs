//! Authors: created on first use by a post, dropped when their last post goes.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Result;
use crate::domain::{AuthorId, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorCount {
    pub name: String,
    pub posts: i64,
}

pub(crate) fn find_author(conn: &Connection, name: &str) -> Result<Option<AuthorId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM author WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?
        .map(AuthorId))
}

/// The author with this name (case-insensitive), created if new.
pub(crate) fn ensure_author(conn: &Connection, name: &str) -> Result<AuthorId> {
    let name = name.trim();
    check_name(name)?;
    if let Some(id) = find_author(conn, name)? {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO author (name) VALUES (?1)")?.execute([name])?;
    Ok(AuthorId(conn.last_insert_rowid()))
}

/// An author's name: 1 to 100 characters, no control characters.
pub(crate) fn check_name(name: &str) -> Result<(), ValidationError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(ValidationError::BadAuthor(name.to_string()));
    }
    Ok(())
}

pub(crate) fn drop_orphans(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM author WHERE id NOT IN (SELECT author_id FROM post WHERE author_id IS NOT NULL)", [])?;
    Ok(())
}

/// Authors with their post counts, most prolific first.
pub fn list_authors(conn: &Connection) -> Result<Vec<AuthorCount>> {
    let mut stmt = conn.prepare(
        "SELECT a.name, (SELECT count(*) FROM post p WHERE p.author_id = a.id) AS n
         FROM author a ORDER BY n DESC, a.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok(AuthorCount { name: r.get(0)?, posts: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
