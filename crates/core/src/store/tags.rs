//! Tags: created on first use, listed with counts, renamed and deleted with the index kept in step.

use rusqlite::{Connection, OptionalExtension};

use super::{Result, StoreError, fts};
use crate::domain::{PostId, TagCount, TagId, TagName};

pub(crate) fn find_tag(conn: &Connection, name: &str) -> Result<Option<TagId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM tag WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?
        .map(TagId))
}

/// The tag with this name (case-insensitive), created if new.
pub(crate) fn ensure_tag(conn: &Connection, name: &TagName) -> Result<TagId> {
    if let Some(id) = find_tag(conn, name.as_str())? {
        return Ok(id);
    }
    let slug = free_slug(conn, &name.slug())?;
    conn.prepare_cached("INSERT INTO tag (name, slug) VALUES (?1, ?2)")?.execute([name.as_str(), &slug])?;
    Ok(TagId(conn.last_insert_rowid()))
}

/// "c++" and "c" both slugify to "c"; the second one gets a suffix.
fn free_slug(conn: &Connection, base: &str) -> Result<String> {
    let mut candidate = base.to_string();
    let mut n = 2;
    while conn.query_row("SELECT EXISTS (SELECT 1 FROM tag WHERE slug = ?1)", [&candidate], |r| r.get::<_, bool>(0))? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Tags with their post counts, by name.
pub fn list_tags(conn: &Connection) -> Result<Vec<TagCount>> {
    let mut stmt = conn.prepare(
        "SELECT t.name, t.slug, (SELECT count(*) FROM post_tag pt WHERE pt.tag_id = t.id)
         FROM tag t ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok(TagCount { name: r.get(0)?, slug: r.get(1)?, posts: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn posts_with_tag(conn: &Connection, tag: TagId) -> Result<Vec<PostId>> {
    let mut stmt = conn.prepare_cached("SELECT post_id FROM post_tag WHERE tag_id = ?1")?;
    let rows = stmt.query_map([tag.0], |r| r.get(0).map(PostId))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Renames a tag everywhere. Renaming onto another existing tag is refused (that is a merge).
pub fn rename_tag(conn: &Connection, old: &str, new: &TagName) -> Result<()> {
    let id = find_tag(conn, old)?.ok_or_else(|| StoreError::TagNotFound(old.to_string()))?;
    if let Some(other) = find_tag(conn, new.as_str())? {
        if other != id {
            return Err(StoreError::TagExists(new.as_str().to_string()));
        }
    }
    let posts = posts_with_tag(conn, id)?;
    fts::reindexing(conn, &posts, || {
        conn.execute("UPDATE tag SET name = ?2, slug = '' WHERE id = ?1", rusqlite::params![id.0, new.as_str()])?;
        let slug = free_slug(conn, &new.slug())?;
        conn.execute("UPDATE tag SET slug = ?2 WHERE id = ?1", rusqlite::params![id.0, slug])?;
        Ok(())
    })
}

/// Deletes a tag from every post. Subscribers following only this tag would silently start
/// receiving every post, so a followed tag needs `force`.
pub fn delete_tag(conn: &Connection, name: &str, force: bool) -> Result<usize> {
    let id = find_tag(conn, name)?.ok_or_else(|| StoreError::TagNotFound(name.to_string()))?;
    let followers: i64 =
        conn.query_row("SELECT count(*) FROM subscriber_tag WHERE tag_id = ?1", [id.0], |r| r.get(0))?;
    if followers > 0 && !force {
        return Err(StoreError::TagFollowed { tag: name.to_string(), subscribers: followers });
    }
    let posts = posts_with_tag(conn, id)?;
    fts::reindexing(conn, &posts, || Ok(conn.execute("DELETE FROM tag WHERE id = ?1", [id.0])?))?;
    Ok(posts.len())
}

/// Moves every post and subscriber from tag `from` to tag `into`, then deletes `from`.
/// Returns how many posts carried `from`.
pub fn merge_tags(conn: &Connection, from: &str, into: &str) -> Result<usize> {
    let from_id = find_tag(conn, from)?.ok_or_else(|| StoreError::TagNotFound(from.to_string()))?;
    let into_id = find_tag(conn, into)?.ok_or_else(|| StoreError::TagNotFound(into.to_string()))?;
    if from_id == into_id {
        return Err(StoreError::SameTag { from: from.to_string(), into: into.to_string() });
    }
    let posts = posts_with_tag(conn, from_id)?;
    fts::reindexing(conn, &posts, || {
        conn.execute(
            "INSERT OR IGNORE INTO post_tag (post_id, tag_id) SELECT post_id, ?2 FROM post_tag WHERE tag_id = ?1",
            [from_id.0, into_id.0],
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO subscriber_tag (subscriber_id, tag_id) SELECT subscriber_id, ?2 FROM subscriber_tag WHERE tag_id = ?1",
            [from_id.0, into_id.0],
        )?;
        conn.execute("DELETE FROM tag WHERE id = ?1", [from_id.0])?;
        Ok(())
    })?;
    Ok(posts.len())
}
