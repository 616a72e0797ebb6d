//! The whole blog as byline's JSON document, and the parts of it that are not posts written back
//! (tags with their slugs, subscribers with their tokens and dates, settings).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, import, subscribers};
use crate::domain::{Email, PostStatus, SubscriberStatus, TagName, ValidationError};
use crate::transfer::byline_json::{Document, PostJson, SubscriberJson, TagJson, VERSION, date_text};

/// Everything, in insertion order (by id), so an import into an empty file keeps the order.
pub fn document(conn: &Connection, now: i64) -> Result<Document> {
    let mut settings = std::collections::BTreeMap::new();
    let mut stmt = conn.prepare("SELECT key, value FROM setting")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (k, v) = row?;
        settings.insert(k, v);
    }
    let mut stmt = conn.prepare("SELECT name, slug FROM tag ORDER BY id")?;
    let tags = stmt.query_map([], |r| Ok(TagJson { name: r.get(0)?, slug: r.get(1)? }))?.collect::<Result<_, _>>()?;
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM post WHERE feed_id IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut posts = Vec::with_capacity(ids.len());
    for id in ids {
        let row = import::read_row(conn, crate::domain::PostId(id))?;
        let status = PostStatus::effective(row.published_at.is_some(), row.published_at, now);
        posts.push(PostJson {
            slug: row.slug,
            title: row.title,
            author: row.author,
            summary: row.summary,
            tags: row.tags,
            status: status.as_str().to_string(),
            created_at: date_text(row.created_at),
            updated_at: date_text(row.updated_at),
            published_at: row.published_at.map(date_text),
            // As the post shows it: one that went live by its schedule has no stored first date.
            first_published_at: row.first_published_at.or(row.published_at.filter(|&at| at <= now)).map(date_text),
            guid: row.guid.unwrap_or_default(),
            source_id: row.source_id,
            source_meta: row.source_meta.and_then(|m| serde_json::from_str(&m).ok()),
            body: row.body,
        });
    }
    let sql = format!("SELECT {} FROM subscriber s ORDER BY s.id", subscribers::COLUMNS);
    let mut stmt = conn.prepare(&sql)?;
    let subscribers = stmt
        .query_map([], subscribers::from_row)?
        .map(|s| {
            s.map(|s| SubscriberJson {
                email: s.email,
                name: s.name,
                status: s.status.as_str().to_string(),
                tags: s.tags,
                created_at: date_text(s.created_at),
                confirmed_at: s.confirmed_at.map(date_text),
                unsubscribed_at: s.unsubscribed_at.map(date_text),
                token: s.token,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Document { byline: VERSION, settings, tags, posts, subscribers })
}

/// Makes the document's tags (with their slugs where free); existing tags stay as they are.
pub fn write_tags(conn: &Connection, tags: &[TagJson]) -> Result<()> {
    for t in tags {
        import::ensure_tag_with_slug(conn, &TagName::parse(&t.name)?, &t.slug)?;
    }
    Ok(())
}

/// Adds a subscriber as exported, token and dates included. An address already here is left as
/// it is (its owner's choices since then win); returns whether it was added.
pub fn write_subscriber(conn: &Connection, s: &SubscriberJson) -> Result<bool> {
    let email = Email::parse(&s.email)?;
    let exists = conn
        .prepare_cached("SELECT 1 FROM subscriber WHERE email = ?1")?
        .query_row([email.as_str()], |_| Ok(()))
        .optional()?
        .is_some();
    if exists {
        return Ok(false);
    }
    let status = SubscriberStatus::parse(&s.status)?;
    let tags = TagName::parse_all(&s.tags)?;
    let date = |d: &str| -> Result<i64> {
        crate::transfer::byline_json::date(d).map_err(|_| ValidationError::BadDate(d.to_string()).into())
    };
    let opt = |d: &Option<String>| d.as_deref().map(date).transpose();
    conn.prepare_cached(
        "INSERT INTO subscriber (email, name, status, token, created_at, confirmed_at, unsubscribed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        email.as_str(),
        s.name,
        status.as_str(),
        s.token,
        date(&s.created_at)?,
        opt(&s.confirmed_at)?,
        opt(&s.unsubscribed_at)?
    ])?;
    let id = crate::domain::SubscriberId(conn.last_insert_rowid());
    subscribers::set_tags(conn, id, &tags)?;
    Ok(true)
}
