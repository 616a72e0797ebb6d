//! The import's queries: finding a post by its source's id or its slug, and writing a post with
//! every field as the source had it (dates, feed id, source), the search index kept in step.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, authors, fts, posts, tags};
use crate::domain::{PostId, TagName};

/// A post with every stored field, as an import writes it and compares it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostRow {
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub summary: String,
    pub body: String,
    /// Tag names; compared without case or order.
    pub tags: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub first_published_at: Option<i64>,
    /// byline's feed id; a new one is made on insert when None. Never changed by an update.
    pub guid: Option<String>,
    pub source_id: Option<String>,
    /// JSON text.
    pub source_meta: Option<String>,
}

impl PostRow {
    /// Whether storing `self` over `old` would change anything a person could see.
    pub fn same_as(&self, old: &PostRow) -> bool {
        let norm = |t: &[String]| {
            let mut v: Vec<String> = t.iter().map(|s| s.to_lowercase()).collect();
            v.sort();
            v
        };
        // Authors, like tags, are one row per name whatever its case: the first spelling stays.
        let lower = |a: &Option<String>| a.as_ref().map(|a| a.to_lowercase());
        let mut a = self.clone();
        a.guid.clone_from(&old.guid);
        a.tags = norm(&self.tags);
        a.author = lower(&self.author);
        let mut b = old.clone();
        b.tags = norm(&old.tags);
        b.author = lower(&old.author);
        a == b
    }
}

/// The post an imported item with this source id, or this byline feed id, already is.
pub fn find_by_source(conn: &Connection, source_id: Option<&str>, guid: Option<&str>) -> Result<Option<PostId>> {
    if let Some(s) = source_id {
        let found =
            conn.prepare_cached("SELECT id FROM post WHERE source_id = ?1")?.query_row([s], |r| r.get(0)).optional()?;
        if found.is_some() {
            return Ok(found.map(PostId));
        }
    }
    let Some(g) = guid else { return Ok(None) };
    Ok(conn.prepare_cached("SELECT id FROM post WHERE guid = ?1")?.query_row([g], |r| r.get(0)).optional()?.map(PostId))
}

/// The post holding `slug`, with its source id.
pub fn slug_holder(conn: &Connection, slug: &str) -> Result<Option<(PostId, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT id, source_id FROM post WHERE slug = ?1")?
        .query_row([slug], |r| Ok((PostId(r.get(0)?), r.get(1)?)))
        .optional()?)
}

pub fn read_row(conn: &Connection, id: PostId) -> Result<PostRow> {
    let sql = "SELECT p.slug, p.title, a.name, p.summary, coalesce(b.body, ''),
        (SELECT json_group_array(t.name ORDER BY t.name COLLATE NOCASE)
           FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = p.id),
        p.created_at, p.updated_at, p.published_at, p.first_published_at, p.guid, p.source_id, p.source_meta
        FROM post p LEFT JOIN author a ON a.id = p.author_id LEFT JOIN post_body b ON b.post_id = p.id
        WHERE p.id = ?1";
    Ok(conn.prepare_cached(sql)?.query_row([id.0], |r| {
        let tags: Option<String> = r.get(5)?;
        Ok(PostRow {
            slug: r.get(0)?,
            title: r.get(1)?,
            author: r.get(2)?,
            summary: r.get(3)?,
            body: r.get(4)?,
            tags: tags.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default(),
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
            published_at: r.get(8)?,
            first_published_at: r.get(9)?,
            guid: r.get(10)?,
            source_id: r.get(11)?,
            source_meta: r.get(12)?,
        })
    })?)
}

/// Inserts a post with every field given (tags and author created as needed). It is not in the
/// search index yet: the caller indexes a batch at once with `index_posts`, in the same
/// transaction (see there why).
pub fn insert_row(conn: &Connection, row: &PostRow) -> Result<PostId> {
    let author = row.author.as_deref().map(|a| authors::ensure_author(conn, a)).transpose()?;
    let guid = match &row.guid {
        Some(g) => g.clone(),
        None => posts::new_guid()?,
    };
    conn.prepare_cached(
        "INSERT INTO post (slug, title, author_id, summary, created_at, updated_at, published_at,
                           first_published_at, guid, source_id, source_meta)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        row.slug,
        row.title,
        author.map(|a| a.0),
        row.summary,
        row.created_at,
        row.updated_at,
        row.published_at,
        row.first_published_at,
        guid,
        row.source_id,
        row.source_meta
    ])?;
    let id = PostId(conn.last_insert_rowid());
    conn.prepare_cached("INSERT INTO post_body (post_id, body) VALUES (?1, ?2)")?.execute(params![id.0, row.body])?;
    add_tags(conn, id, &row.tags)?;
    Ok(id)
}

/// Adds new posts to the full-text index in one statement. Indexing post by post costs twice as
/// much: every later statement that opens a statement savepoint (any insert into `post`, whose
/// triggers do) makes FTS5 write its pending terms out as a new segment, and merging those tiny
/// segments was half the time of an import.
pub fn index_posts(conn: &Connection, ids: &[PostId]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    conn.prepare_cached(
        "INSERT INTO post_fts(rowid, title, summary, body, author, tags)
         SELECT id, title, summary, body, author, tags FROM post_doc WHERE id IN (SELECT value FROM json_each(?1))",
    )?
    .execute([serde_json::to_string(&ids).unwrap_or_default()])?;
    Ok(())
}

/// Replaces every field of post `id` but its feed id.
pub fn replace_row(conn: &Connection, id: PostId, row: &PostRow) -> Result<()> {
    fts::reindexing(conn, &[id], || {
        let author = row.author.as_deref().map(|a| authors::ensure_author(conn, a)).transpose()?;
        conn.prepare_cached(
            "UPDATE post SET slug = ?2, title = ?3, author_id = ?4, summary = ?5, created_at = ?6, updated_at = ?7,
                 published_at = ?8, first_published_at = ?9, source_id = ?10, source_meta = ?11 WHERE id = ?1",
        )?
        .execute(params![
            id.0,
            row.slug,
            row.title,
            author.map(|a| a.0),
            row.summary,
            row.created_at,
            row.updated_at,
            row.published_at,
            row.first_published_at,
            row.source_id,
            row.source_meta
        ])?;
        conn.prepare_cached("UPDATE post_body SET body = ?2 WHERE post_id = ?1")?.execute(params![id.0, row.body])?;
        conn.prepare_cached("DELETE FROM post_tag WHERE post_id = ?1")?.execute([id.0])?;
        add_tags(conn, id, &row.tags)?;
        authors::drop_orphans(conn)
    })
}

fn add_tags(conn: &Connection, id: PostId, names: &[String]) -> Result<()> {
    for name in names {
        let tag_id = tags::ensure_tag(conn, &TagName::parse(name)?)?;
        conn.prepare_cached("INSERT OR IGNORE INTO post_tag (post_id, tag_id) VALUES (?1, ?2)")?
            .execute([id.0, tag_id.0])?;
    }
    Ok(())
}

/// A tag with the slug it had where it came from, when that slug is free (byline's JSON keeps
/// `c++` and `c` apart as `c` and `c-2` whatever order they are met in).
pub fn ensure_tag_with_slug(conn: &Connection, name: &TagName, slug: &str) -> Result<()> {
    if tags::find_tag(conn, name.as_str())?.is_some() {
        return Ok(());
    }
    let free: bool =
        !conn.query_row("SELECT EXISTS (SELECT 1 FROM tag WHERE slug = ?1)", [slug], |r| r.get::<_, bool>(0))?;
    if free && !slug.is_empty() {
        conn.prepare_cached("INSERT INTO tag (name, slug) VALUES (?1, ?2)")?.execute([name.as_str(), slug])?;
    } else {
        tags::ensure_tag(conn, name)?;
    }
    Ok(())
}
