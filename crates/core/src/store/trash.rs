//! Deleting posts into a trash they can be restored from, and emptying it after a while.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Result, StoreError, authors, fts, posts, tags};
use crate::domain::{PostId, Slug, TagName, Title};

/// How long a deleted post can be restored.
pub const TRASH_DAYS: i64 = 30;

/// Everything needed to put a post back as it was.
#[derive(Debug, Serialize, Deserialize)]
struct Snapshot {
    slug: String,
    title: String,
    author: Option<String>,
    tags: Vec<String>,
    summary: String,
    body: String,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    /// Absent from snapshots taken before the first date was kept.
    #[serde(default)]
    first_published_at: Option<i64>,
    /// Absent from snapshots taken before posts had one: a restored post then gets a new one.
    #[serde(default)]
    guid: Option<String>,
    read: bool,
}

/// A post in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trashed {
    pub trash_id: i64,
    pub post_id: i64,
    pub title: String,
    pub deleted_at: i64,
}

/// Moves a post to the trash. Returns the trash entry.
pub fn trash_post(conn: &Connection, id: PostId, now: i64) -> Result<Trashed> {
    let post = posts::get_post(conn, id, now)?;
    let read: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM read_state WHERE post_id = ?1)", [id.0], |r| r.get(0))?;
    let m = &post.meta;
    let snapshot = Snapshot {
        slug: m.slug.clone(),
        title: m.title.clone(),
        author: m.author.clone(),
        tags: m.tags.clone(),
        summary: m.summary.clone(),
        body: post.body.clone(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        published_at: m.published_at,
        first_published_at: m.first_published_at,
        guid: Some(m.guid.clone()).filter(|g| !g.is_empty()),
        read,
    };
    let json = serde_json::to_string(&snapshot).map_err(StoreError::TrashSnapshot)?;
    conn.execute(
        "INSERT INTO trash (post_id, title, snapshot, deleted_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.0, m.title, json, now],
    )?;
    let trash_id = conn.last_insert_rowid();
    fts::unindex(conn, id)?;
    conn.execute("DELETE FROM post WHERE id = ?1", [id.0])?;
    authors::drop_orphans(conn)?;
    purge_trash(conn, now)?;
    Ok(Trashed { trash_id, post_id: id.0, title: m.title.clone(), deleted_at: now })
}

/// The trash, most recently deleted first.
pub fn list_trash(conn: &Connection) -> Result<Vec<Trashed>> {
    let mut stmt =
        conn.prepare("SELECT id, post_id, title, deleted_at FROM trash ORDER BY deleted_at DESC, id DESC")?;
    let rows = stmt.query_map([], |r| {
        Ok(Trashed { trash_id: r.get(0)?, post_id: r.get(1)?, title: r.get(2)?, deleted_at: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Restores a trashed post (the most recent when `which` is None; else by old id or slug).
/// It gets its old id back when that is free, and a suffixed slug if its slug was taken meanwhile.
pub fn restore_post(conn: &Connection, which: Option<&str>, now: i64) -> Result<PostId> {
    let row: Option<(i64, i64, String)> = match which {
        None => conn
            .query_row("SELECT id, post_id, snapshot FROM trash ORDER BY deleted_at DESC, id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?,
        Some(key) => conn
            .query_row(
                "SELECT id, post_id, snapshot FROM trash
                 WHERE CAST(post_id AS TEXT) = ?1 OR json_extract(snapshot, '$.slug') = ?1
                 ORDER BY deleted_at DESC, id DESC LIMIT 1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    let Some((trash_id, old_id, json)) = row else {
        return Err(match which {
            None => StoreError::TrashEmpty,
            Some(k) => StoreError::NotInTrash(k.to_string()),
        });
    };
    let s: Snapshot = serde_json::from_str(&json).map_err(StoreError::TrashDamaged)?;
    let title = Title::parse(&s.title)?;
    let mut slug = Slug::parse(&s.slug).unwrap_or_else(|_| Slug::from_title(&s.title));
    let taken = |s: &Slug| -> Result<bool> {
        Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM post WHERE slug = ?1)", [s.as_str()], |r| r.get(0))?)
    };
    let base = slug.clone();
    let mut n = 2;
    while taken(&slug)? {
        slug = base.with_suffix(n);
        n += 1;
    }
    let id_free: bool =
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM post WHERE id = ?1)", [old_id], |r| r.get(0))?;
    let author = s.author.as_deref().map(|a| authors::ensure_author(conn, a)).transpose()?;
    conn.execute(
        "INSERT INTO post (id, slug, title, author_id, summary, created_at, updated_at, published_at, first_published_at, guid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id_free.then_some(old_id),
            slug.as_str(),
            title.as_str(),
            author.map(|a| a.0),
            s.summary,
            s.created_at,
            s.updated_at,
            s.published_at,
            s.first_published_at,
            match s.guid {
                Some(g) => g,
                None => posts::new_guid()?,
            }
        ],
    )?;
    let id = PostId(conn.last_insert_rowid());
    conn.execute("INSERT INTO post_body (post_id, body) VALUES (?1, ?2)", params![id.0, s.body])?;
    for tag in TagName::parse_all(&s.tags)? {
        let tag_id = tags::ensure_tag(conn, &tag)?;
        conn.execute("INSERT OR IGNORE INTO post_tag (post_id, tag_id) VALUES (?1, ?2)", [id.0, tag_id.0])?;
    }
    if s.read {
        conn.execute("INSERT OR IGNORE INTO read_state (post_id, read_at) VALUES (?1, ?2)", [id.0, now])?;
    }
    fts::index(conn, id)?;
    conn.execute("DELETE FROM trash WHERE id = ?1", [trash_id])?;
    Ok(id)
}

/// Forgets trashed posts older than `TRASH_DAYS`.
pub fn purge_trash(conn: &Connection, now: i64) -> Result<usize> {
    Ok(conn.execute("DELETE FROM trash WHERE deleted_at < ?1", [now - TRASH_DAYS * 86_400])?)
}
