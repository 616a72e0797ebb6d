//! Full-text search over posts: title matches first, one page at a time, snippets only for the
//! page. The design and its measurements are in PERFORMANCE.md ("Search as you type").
//!
//! Two FTS5 indexes answer a query: `title_fts` (titles only, with prefix indexes for one to three
//! letters, so `s*` is one small doclist) and `post_fts` (title, summary, body, author, tags).
//! Results come in two tiers: posts whose title matches every word, then the other posts that
//! match. The title tier is all a first page needs for short, common prefixes, so the expensive
//! body prefix merge (`s*` over 100,000 bodies takes seconds) runs only when the titles run out.

mod query;
mod snippet;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::posts::{SUMMARY_COLUMNS, SUMMARY_WIDTH, summary_from_row};
use super::{Result, StoreError};
use crate::domain::{PostId, PostSummary};

pub use query::{MAX_QUERY_WORDS, SearchQuery};

/// A title tier this small is ordered by bm25 (a few microseconds a row); a larger one (a one
/// or two letter prefix) newest first, where bm25 over 46,000 titles costs 140 ms.
pub const RANKED_TITLES: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub post: PostSummary,
    /// A short passage around the first match, with matches between the caller's markers.
    pub snippet: String,
    /// The hit's place in the results, 1 the best.
    pub rank: usize,
    /// Whether every word matched in the title (the first tier).
    #[serde(skip)]
    pub in_title: bool,
}

pub struct SearchRequest<'a> {
    pub query: &'a SearchQuery,
    /// Hits skipped (earlier pages) and hits wanted.
    pub offset: usize,
    pub limit: usize,
    /// Put around each matched word in the snippet.
    pub marks: (&'a str, &'a str),
}

/// One page of hits, and what is known of the whole.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// Whether hits follow this page.
    pub more: bool,
    /// The number of hits, when this page already tells it (its query reached the last hit).
    /// Otherwise `search_count` does, which for a short prefix can take a second: a face shows
    /// the page first and the count when it comes.
    pub total: Option<usize>,
    /// Posts whose title matches: a lower bound on the total while it is unknown.
    pub title_matches: usize,
}

/// One page of `req.query`'s hits: title matches (by bm25 when there are at most
/// `RANKED_TITLES`, else newest first), then the other matches newest first. Drafts included.
pub fn search_page(conn: &Connection, req: &SearchRequest<'_>, now: i64) -> Result<SearchPage> {
    search_page_counting(conn, req, now, COUNTED_TITLES)
}

/// `search_page` counting title matches up to `cap` (tests give a small one).
fn search_page_counting(conn: &Connection, req: &SearchRequest<'_>, now: i64, cap: usize) -> Result<SearchPage> {
    let fts = req.query.fts();
    // Counted up to a cap: at a million posts `s*` matches about 470,000 titles, and counting
    // them all took longer than the keystroke's frame may.
    let counted = title_count(conn, &fts, cap)?;
    // One more than asked tells whether hits follow.
    let want = req.limit.saturating_add(1);
    let mut ids = title_ids(conn, &fts, counted <= RANKED_TITLES, req.offset, want)?;
    let titles = if counted < cap {
        counted
    } else if ids.len() < want && !(ids.is_empty() && req.offset > 0) {
        // This page reached the last title match, so it tells how many there are.
        req.offset + ids.len()
    } else if ids.is_empty() {
        // Paging past the title matches: the body matches start after all of them.
        title_count(conn, &fts, usize::MAX)?
    } else {
        // More title matches than counted: a lower bound, which is all the page needs.
        counted.max(req.offset + ids.len())
    };
    let mut total = None;
    if ids.len() < want {
        let skip = req.offset.saturating_sub(titles);
        let body = body_ids(conn, &fts, skip, want - ids.len())?;
        if ids.len() + body.len() < want {
            total = Some(titles + skip + body.len());
        }
        ids.extend(body.into_iter().map(|id| (id, false)));
    }
    let more = ids.len() > req.limit;
    ids.truncate(req.limit);
    let terms = req.query.terms();
    let mut hits = Vec::with_capacity(ids.len());
    for (i, (id, in_title)) in ids.into_iter().enumerate() {
        if let Some((post, snippet)) = hit_parts(conn, id, &terms, req.marks, now)? {
            hits.push(SearchHit { post, snippet, rank: req.offset + i + 1, in_title });
        }
    }
    Ok(SearchPage { hits, more, total, title_matches: titles })
}

/// How many posts match `query` in all: the whole doclist merge, so a second for `s*` at
/// 100,000 posts; faces run it after showing the first page, interruptibly.
pub fn search_count(conn: &Connection, query: &SearchQuery) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM post_fts WHERE post_fts MATCH ?1")?
        .query_row([query.fts()], |r| r.get(0))
        .map_err(interrupted)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Title matches counted at most; more are shown as "50,000+" until the count lane says.
pub const COUNTED_TITLES: usize = 50_000;

/// How many titles match, counting no further than `cap`.
fn title_count(conn: &Connection, fts: &str, cap: usize) -> Result<usize> {
    let cap = i64::try_from(cap).unwrap_or(i64::MAX);
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM (SELECT 1 FROM title_fts WHERE title_fts MATCH ?1 LIMIT ?2)")?
        .query_row(params![fts, cap], |r| r.get(0))
        .map_err(interrupted)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

fn title_ids(conn: &Connection, fts: &str, ranked: bool, offset: usize, limit: usize) -> Result<Vec<(PostId, bool)>> {
    let order = if ranked { "rank, rowid DESC" } else { "rowid DESC" };
    let sql = format!("SELECT rowid FROM title_fts WHERE title_fts MATCH ?1 ORDER BY {order} LIMIT ?2 OFFSET ?3");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![fts, limit as i64, offset as i64], |r| Ok((PostId(r.get(0)?), true)))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(interrupted)
}

/// Matches whose title does not match every word, newest first.
fn body_ids(conn: &Connection, fts: &str, offset: usize, limit: usize) -> Result<Vec<PostId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM post_fts WHERE post_fts MATCH ?1
           AND rowid NOT IN (SELECT rowid FROM title_fts WHERE title_fts MATCH ?1)
         ORDER BY rowid DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt.query_map(params![fts, limit as i64, offset as i64], |r| Ok(PostId(r.get(0)?)))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(interrupted)
}

/// A hit's row and snippet: the body around the first match, else the summary around it, else
/// the opening of the summary or body (the match was in the title, a tag or the author).
/// None when the post went away since the ids were read.
fn hit_parts(
    conn: &Connection,
    id: PostId,
    terms: &[(String, bool)],
    marks: (&str, &str),
    now: i64,
) -> Result<Option<(PostSummary, String)>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, coalesce(b.body, '') FROM post p LEFT JOIN author a ON a.id = p.author_id
         LEFT JOIN post_body b ON b.post_id = p.id WHERE p.id = ?1"
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id.0], |r| Ok((summary_from_row(r, now)?, r.get::<_, String>(SUMMARY_WIDTH)?)))
        .optional()
        .map_err(interrupted)?;
    Ok(row.map(|(post, body)| {
        let snippet = snippet::snippet(&body, terms, marks)
            .or_else(|| snippet::snippet(&post.summary, terms, marks))
            .unwrap_or_else(|| {
                if post.summary.trim().is_empty() { snippet::opening(&body) } else { snippet::opening(&post.summary) }
            });
        (post, snippet)
    }))
}

/// A newer keystroke interrupted the query (`sqlite3_interrupt`): the caller drops the answer.
fn interrupted(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::SearchInterrupted,
        _ => e.into(),
    }
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
