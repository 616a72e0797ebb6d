//! What every import source becomes: one post as its source described it, before validation.
//!
//! Parsers (markdown sites, WordPress WXR, Ghost JSON, feeds, byline's JSON) each turn their input
//! into `ImportItem`s; the import engine alone validates them, matches them against the store
//! (by `source_id`, then slug) and writes each in its own transaction. Keeping the parsers free of
//! the store means each can be tested on bytes alone and the engine is written once.

use serde::Serialize;

/// One post read from a source, with the fields as loose as the source had them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportItem {
    /// Where it came from, for messages: a file path, or `FILE#item 12`, `FILE: <guid>`.
    pub origin: String,
    /// The source's own stable id (a feed item's GUID, WordPress's guid/post id, Ghost's uuid,
    /// front matter `id`/`uuid`), kept so a moved blog does not re-announce its posts.
    pub source_id: Option<String>,
    pub title: String,
    pub slug: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// Markdown (HTML sources are converted before they get here).
    pub body: String,
    pub state: ImportState,
    /// Unix seconds, UTC.
    pub published_at: Option<i64>,
    pub updated_at: Option<i64>,
    /// When the post was first written, where the source says (byline's JSON; a draft's date).
    /// None: the publication date, else the time of the import.
    pub created_at: Option<i64>,
    /// When it first went live, where the source says (byline's JSON keeps it across unpublish).
    pub first_published_at: Option<i64>,
    /// byline's own feed id (`urn:uuid:...`), carried by byline's JSON so a round trip keeps it.
    pub guid: Option<String>,
    /// Other addresses the post had (Hugo `aliases`, WordPress's permalink), kept for redirects.
    pub aliases: Vec<String>,
    /// Keys the source had that byline has no field for, kept as `key = value` text, not fatal.
    pub extra: Vec<(String, String)>,
}

/// Whether the source had it out in the world.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportState {
    #[default]
    Published,
    Draft,
    /// Published with a date in the future at the source.
    Scheduled,
}

/// A file or item that could not be read: skipped with a one-line reason, the rest goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    pub origin: String,
    /// 1-based, where the parser knows it.
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.reason),
            None => write!(f, "{}: {}", self.origin, self.reason),
        }
    }
}

/// What a parser gives back for one input: the posts it could read and what it could not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub items: Vec<ImportItem>,
    pub problems: Vec<ImportProblem>,
}
