//! One imported item into the store: validated, matched (by source id, then slug), then inserted,
//! updated or left as it is, inside the caller's transaction.

use std::collections::HashSet;

use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::domain::{PostId, Slug, TagName, Title};
use crate::store::authors;
use crate::store::import::{self as q, PostRow};
use crate::store::{Result, StoreError};
use crate::transfer::import::{ImportItem, ImportState};

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Imported,
    Updated,
    Unchanged,
}

/// The import's memory across items: which posts this run already wrote, so two items with the
/// same slug become two posts rather than one overwriting the other.
#[derive(Debug, Default, Clone)]
pub struct Applier {
    touched: HashSet<PostId>,
    /// Posts inserted but not yet in the search index (`index_pending`).
    unindexed: Vec<PostId>,
}

/// An item that cannot become a post, and why; the import goes on without it.
#[derive(Debug)]
pub enum Refused {
    /// The item itself is wrong (no title, a title of 400 characters): found before anything
    /// was written, so nothing needs rolling back.
    Invalid(String),
    /// The store failed, possibly half way through the item's writes.
    Store(StoreError),
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl Applier {
    /// Writes `item`; `notes` gets what was left out of it (a tag byline cannot keep).
    pub fn apply(
        &mut self,
        conn: &Connection,
        item: &ImportItem,
        now: i64,
        notes: &mut Vec<String>,
    ) -> Result<Applied, Refused> {
        let title = Title::parse(&item.title).map_err(|e| Refused::Invalid(e.to_string()))?;
        let mut tags: Vec<String> = Vec::new();
        for raw in &item.tags {
            match TagName::parse(raw) {
                Ok(t) if !tags.iter().any(|have| have.eq_ignore_ascii_case(t.as_str())) => tags.push(t.as_str().into()),
                Ok(_) => {}
                Err(e) => notes.push(format!("tag left out: {e}")),
            }
        }
        let found = q::find_by_source(conn, item.source_id.as_deref(), item.guid.as_deref())?;
        let found = found.filter(|id| !self.touched.contains(id));
        let (id, slug) = match found {
            Some(id) => (Some(id), self.keep_or_move_slug(conn, id, item, &title)?),
            None => self.match_by_slug(conn, item, &title)?,
        };
        let old = id.map(|id| q::read_row(conn, id)).transpose()?;
        let row = desired(item, title, slug, tags, old.as_ref(), now)?;
        // Every check that can refuse the item runs before its first write (see `Refused`).
        if let Some(author) = &row.author {
            authors::check_name(author).map_err(|e| Refused::Invalid(e.to_string()))?;
        }
        let outcome = match (id, &old) {
            (Some(id), Some(old)) => {
                self.touched.insert(id);
                if row.same_as(old) {
                    return Ok(Applied::Unchanged);
                }
                q::replace_row(conn, id, &row)?;
                Applied::Updated
            }
            _ => {
                let id = q::insert_row(conn, &row)?;
                self.touched.insert(id);
                self.unindexed.push(id);
                Applied::Imported
            }
        };
        Ok(outcome)
    }

    /// Indexes the posts inserted since the last call; before the transaction commits.
    pub fn index_pending(&mut self, conn: &Connection) -> Result<()> {
        q::index_posts(conn, &self.unindexed)?;
        self.unindexed.clear();
        Ok(())
    }

    /// A post found by its source id keeps its slug, or takes the source's new one when free.
    fn keep_or_move_slug(&self, conn: &Connection, id: PostId, item: &ImportItem, title: &Title) -> Result<String> {
        let wanted = wanted_slug(item, title);
        match q::slug_holder(conn, wanted.as_str())? {
            Some((holder, _)) if holder != id => Ok(q::read_row(conn, id)?.slug),
            _ => Ok(wanted.as_str().to_string()),
        }
    }

    /// The post this item is by its slug, or a free slug for a new one: `slug`, `slug-2`...,
    /// passing over posts this run wrote and posts that came from another source.
    fn match_by_slug(&self, conn: &Connection, item: &ImportItem, title: &Title) -> Result<(Option<PostId>, String)> {
        let base = wanted_slug(item, title);
        let mut candidate = base.clone();
        let mut n = 2;
        loop {
            match q::slug_holder(conn, candidate.as_str())? {
                None => return Ok((None, candidate.as_str().to_string())),
                Some((id, source)) => {
                    let other_source = source.is_some() && source != item.source_id;
                    if !self.touched.contains(&id) && !other_source {
                        return Ok((Some(id), candidate.as_str().to_string()));
                    }
                }
            }
            candidate = base.with_suffix(n);
            n += 1;
        }
    }
}

/// The source's slug when byline can use it as it is, else one made from it (or from the title).
fn wanted_slug(item: &ImportItem, title: &Title) -> Slug {
    match item.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Slug::parse(s).unwrap_or_else(|_| Slug::from_title(s)),
        None => Slug::from_title(title.as_str()),
    }
}

/// The post as the item describes it. Where the source gave no date, a post already here keeps
/// its own, and a new one is dated now.
fn desired(
    item: &ImportItem,
    title: Title,
    slug: String,
    tags: Vec<String>,
    old: Option<&PostRow>,
    now: i64,
) -> Result<PostRow, Refused> {
    let draft = item.state == ImportState::Draft;
    let dated = item.published_at.or_else(|| old.and_then(|o| o.published_at.or(Some(o.created_at))));
    let published_at = if draft { None } else { Some(dated.unwrap_or(now)) };
    let created_at = item.created_at.or(dated).unwrap_or(now);
    let updated_at = item.updated_at.or(published_at).unwrap_or(created_at);
    let first_published_at = item
        .first_published_at
        .or_else(|| published_at.filter(|&at| at <= now))
        .or(old.and_then(|o| o.first_published_at));
    Ok(PostRow {
        slug,
        title: title.as_str().to_string(),
        author: author_line(&item.authors),
        summary: item.summary.as_deref().unwrap_or("").trim().to_string(),
        body: item.body.clone(),
        tags,
        created_at,
        updated_at,
        published_at,
        first_published_at,
        guid: item.guid.clone().or_else(|| old.and_then(|o| o.guid.clone())),
        source_id: item.source_id.clone().or_else(|| old.and_then(|o| o.source_id.clone())),
        source_meta: source_meta(item),
    })
}

/// One byline for the post: "A", "A and B", "A, B and C". Past byline's 100 characters, the
/// first name and "and others" (the full list stays in `source_meta`).
pub fn author_line(authors: &[String]) -> Option<String> {
    let names: Vec<&str> = authors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    let line = match names.as_slice() {
        [] => return None,
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(if line.chars().count() > 100 { format!("{} and others", names[0]) } else { line })
}

/// What the source said beyond byline's fields, as JSON: aliases, several authors, other keys.
fn source_meta(item: &ImportItem) -> Option<String> {
    let mut meta = Map::new();
    if !item.aliases.is_empty() {
        meta.insert("aliases".into(), item.aliases.clone().into());
    }
    if item.authors.len() > 1 {
        meta.insert("authors".into(), item.authors.clone().into());
    }
    if !item.extra.is_empty() {
        let extra: Map<String, Value> = item.extra.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        meta.insert("extra".into(), Value::Object(extra));
    }
    (!meta.is_empty()).then(|| Value::Object(meta).to_string())
}
