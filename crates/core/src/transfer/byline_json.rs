//! byline's own JSON: everything a blog is (posts with every field, tags, subscribers, settings),
//! written by `byline export json` and read back by `byline import` without losing a field.
//!
//! Dates are RFC 3339 in UTC, to the second, as the store keeps them; the order of every list is
//! the store's insertion order, so an export imported into an empty database exports the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::import::{ImportItem, ImportState, parse_date};
use crate::domain::time::rfc3339;

/// The format's version, the value of its `byline` key.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub byline: u32,
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// Every tag, with posts or not (a followed tag may have none yet), in the order made.
    #[serde(default)]
    pub tags: Vec<TagJson>,
    #[serde(default)]
    pub posts: Vec<PostJson>,
    #[serde(default)]
    pub subscribers: Vec<SubscriberJson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagJson {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostJson {
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub summary: String,
    pub tags: Vec<String>,
    /// draft, scheduled or published: what `published_at` meant at the time of the export.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub first_published_at: Option<String>,
    /// byline's own id for the feeds.
    pub guid: String,
    /// The id the post had where it was imported from.
    pub source_id: Option<String>,
    /// What that source said beyond byline's fields (aliases, co-authors, other keys).
    pub source_meta: Option<serde_json::Value>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriberJson {
    pub email: String,
    pub name: Option<String>,
    pub status: String,
    pub tags: Vec<String>,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub unsubscribed_at: Option<String>,
    /// The secret in their unsubscribe link: kept, so links in mail already sent still work.
    pub token: String,
}

/// A date of the export, or why it is not one.
pub fn date(text: &str) -> Result<i64, String> {
    parse_date(text).ok_or_else(|| format!("cannot read the date '{text}'"))
}

pub fn date_text(secs: i64) -> String {
    rfc3339(secs)
}

impl PostJson {
    /// The post as the engine takes it. `n` is its place in the file, for messages.
    pub fn to_item(&self, origin: &str, n: usize) -> Result<ImportItem, String> {
        let opt = |d: &Option<String>| d.as_deref().map(date).transpose();
        let published_at = opt(&self.published_at)?;
        let meta = self.source_meta.as_ref().and_then(|m| m.as_object());
        let list = |key: &str| -> Vec<String> {
            meta.and_then(|m| m.get(key))
                .and_then(|v| v.as_array())
                .map_or_else(Vec::new, |a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        };
        let extra = meta.and_then(|m| m.get("extra")).and_then(|v| v.as_object()).map_or_else(Vec::new, |o| {
            o.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
        });
        let co_authors = list("authors");
        Ok(ImportItem {
            origin: format!("{origin}#post {n}"),
            source_id: self.source_id.clone(),
            title: self.title.clone(),
            slug: Some(self.slug.clone()),
            authors: if co_authors.is_empty() { self.author.iter().cloned().collect() } else { co_authors },
            tags: self.tags.clone(),
            summary: Some(self.summary.clone()),
            body: self.body.clone(),
            state: match published_at {
                None => ImportState::Draft,
                Some(_) if self.status == "scheduled" => ImportState::Scheduled,
                Some(_) => ImportState::Published,
            },
            published_at,
            updated_at: Some(date(&self.updated_at)?),
            created_at: Some(date(&self.created_at)?),
            first_published_at: opt(&self.first_published_at)?,
            guid: Some(self.guid.clone()),
            aliases: list("aliases"),
            extra,
        })
    }
}
