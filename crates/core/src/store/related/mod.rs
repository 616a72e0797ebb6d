//! "Similar posts": other published posts sharing the most tags, then the most title words, then
//! the newest. One definition, two ways to compute it: `related_posts` for one post (the reader,
//! on each selection) and `SimilarIndex` for every post at once (the site export).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use super::posts::{SUMMARY_COLUMNS, summary_from_row};
use crate::domain::{PostId, PostSummary};

mod index;
#[cfg(test)]
mod tests;

pub use index::SimilarIndex;

/// Words too common to say two posts are alike.
const STOP: &[&str] = &[
    "about", "after", "again", "also", "because", "been", "before", "being", "between", "could", "does", "doing",
    "from", "have", "here", "into", "just", "like", "make", "more", "most", "much", "only", "other", "over", "same",
    "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "very", "what", "when", "where", "which", "while", "will", "with", "without", "would", "your",
];

/// How many of the most recent posts of each shared tag are considered. A popular tag can carry
/// a fifth of a large blog; counting shared tags over all of them costs tens of milliseconds,
/// and the reader asks for similar posts on every selection change.
const PER_TAG: usize = 400;
/// How many of the newest posts sharing a title word are considered.
const TEXTUAL: usize = 50;
/// How many title words of a post are looked for in the others.
const QUERY_WORDS: usize = 6;

/// The distinctive words of a title, lowercased, each once, in order: four letters or more and
/// not among the commonest English words.
pub(crate) fn title_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in title.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase) {
        if w.chars().count() >= 4 && !STOP.contains(&w.as_str()) && !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

/// The words of a title another post's title is compared on: its first few distinctive ones.
fn query_words(title: &str) -> Vec<String> {
    let mut words = title_words(title);
    words.truncate(QUERY_WORDS);
    words
}

/// A post that may be similar, and what it shares with the one looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    id: i64,
    shared_tags: u32,
    shared_words: u32,
    sort_at: i64,
}

/// The best `limit` candidates: most shared tags, then most shared title words, then newest
/// (then the higher id, so equal posts always come in one order).
fn best(mut candidates: Vec<Candidate>, limit: usize) -> Vec<i64> {
    candidates.sort_unstable_by(|a, b| {
        (b.shared_tags, b.shared_words, b.sort_at, b.id).cmp(&(a.shared_tags, a.shared_words, a.sort_at, a.id))
    });
    candidates.into_iter().take(limit).map(|c| c.id).collect()
}

/// Up to `limit` published posts most like `id` (see the module's doc). Bounded work: the
/// candidates are the newest `PER_TAG` posts of each of its tags and the newest `TEXTUAL` posts
/// sharing one of its title words; only those are scored.
pub fn related_posts(conn: &Connection, id: PostId, limit: usize, now: i64) -> Result<Vec<PostSummary>> {
    let title: String = conn
        .prepare_cached("SELECT title FROM post WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| super::StoreError::PostNotFound(id.to_string()))?;

    // Shared tags, counted over the newest posts of each tag.
    let mut shared: HashMap<i64, u32> = HashMap::new();
    let tags: Vec<i64> = conn
        .prepare_cached("SELECT tag_id FROM post_tag WHERE post_id = ?1")?
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut per_tag = conn.prepare_cached(&format!(
        "SELECT post_id FROM post_tag WHERE tag_id = ?1 ORDER BY post_id DESC LIMIT {PER_TAG}"
    ))?;
    for tag in tags {
        for other in per_tag.query_map([tag], |r| r.get::<_, i64>(0))? {
            *shared.entry(other?).or_default() += 1;
        }
    }

    // Posts sharing a title word: the titles index finds them (folding case and accents), the
    // words are then compared as `title_words` splits them, so both ways agree. A few times
    // `TEXTUAL` rows leave room for index matches the comparison does not count.
    let words = query_words(&title);
    let mut textual = 0;
    if !words.is_empty() {
        let query = words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT rowid, title FROM title_fts WHERE title_fts MATCH ?1 ORDER BY rowid DESC LIMIT {}",
            TEXTUAL * 4
        ))?;
        let mut rows = stmt.query([query])?;
        while let Some(row) = rows.next()? {
            let (other, other_title): (i64, String) = (row.get(0)?, row.get(1)?);
            if other != id.0 && shares_a_word(&words, &other_title) {
                shared.entry(other).or_default();
                textual += 1;
                if textual == TEXTUAL {
                    break;
                }
            }
        }
    }
    shared.remove(&id.0);

    // Score the candidates that are published, by what they share.
    let ids: Vec<i64> = shared.keys().copied().collect();
    let mut candidates = Vec::with_capacity(ids.len());
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title, p.sort_at FROM post p JOIN json_each(?1) j ON p.id = j.value
         WHERE p.published_at IS NOT NULL AND p.published_at <= ?2",
    )?;
    let mut rows = stmt.query(params![serde_json::to_string(&ids).unwrap_or_default(), now])?;
    while let Some(row) = rows.next()? {
        let (other, other_title, sort_at): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let shared_words = title_words(&other_title).iter().filter(|w| words.contains(w)).count() as u32;
        candidates.push(Candidate { id: other, shared_tags: shared[&other], shared_words, sort_at });
    }
    summaries(conn, &best(candidates, limit), now)
}

/// Whether `title` has one of `words` (as `title_words` splits it).
fn shares_a_word(words: &[String], title: &str) -> bool {
    title_words(title).iter().any(|w| words.contains(w))
}

/// The summaries of `ids`, in that order.
pub(crate) fn summaries(conn: &Connection, ids: &[i64], now: i64) -> Result<Vec<PostSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM json_each(?1) j JOIN post p ON p.id = j.value
         LEFT JOIN author a ON a.id = p.author_id ORDER BY j.key"
    ))?;
    let rows = stmt.query_map([serde_json::to_string(ids).unwrap_or_default()], |r| summary_from_row(r, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
