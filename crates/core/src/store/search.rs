//! Full-text search over posts with FTS5: safe query building, ranking and snippets.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::posts::{SUMMARY_COLUMNS, summary_from_row};
use super::{Result, StoreError};
use crate::domain::PostSummary;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub post: PostSummary,
    /// A short passage around the match, with matches between the caller's markers.
    pub snippet: String,
    /// bm25 score: lower is a better match.
    pub rank: f64,
}

/// How hits are ordered. Ranking every match of a one-letter prefix is slow (see PERFORMANCE.md),
/// so search-as-you-type asks for `Newest` while the query is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrder {
    Rank,
    Newest,
}

/// Turns what a person typed into an FTS5 query that cannot be a syntax error: each word is a
/// quoted phrase (so `AND`, `-`, `:` and quotes mean nothing special), all words must match, and
/// a word ending in `*` (or the last word, when `prefix_last`) matches as a prefix.
pub fn fts_query(input: &str, prefix_last: bool) -> Option<String> {
    let words: Vec<&str> = input.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
    let n = words.len();
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let prefix = w.ends_with('*') || (prefix_last && i + 1 == n);
            let word = w.trim_end_matches('*').replace('"', "\"\"");
            if prefix { format!("\"{word}\"*") } else { format!("\"{word}\"") }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub prefix_last: bool,
    pub order: SearchOrder,
    pub limit: usize,
    /// Put around each matched word in the snippet.
    pub marks: (&'a str, &'a str),
}

/// Searches title, summary, body, author and tags; drafts included (the caller shows status).
pub fn search_posts(conn: &Connection, req: &SearchRequest<'_>, now: i64) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(req.query, req.prefix_last) else {
        return Ok(Vec::new());
    };
    let order = match req.order {
        SearchOrder::Rank => "rank",
        SearchOrder::Newest => "rowid DESC",
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, f.snip, f.rank FROM (
            SELECT rowid AS id, rank, snippet(post_fts, -1, ?2, ?3, '…', 12) AS snip
            FROM post_fts WHERE post_fts MATCH ?1 ORDER BY {order} LIMIT ?4
         ) f JOIN post p ON p.id = f.id LEFT JOIN author a ON a.id = p.author_id
         ORDER BY {}",
        if req.order == SearchOrder::Rank { "f.rank" } else { "p.sort_at DESC, p.id DESC" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![query, req.marks.0, req.marks.1, req.limit as i64], |r| {
        let snippet: String = r.get(10)?;
        // Snippets cut through code blocks, links and paragraphs: one plain line reads better.
        let snippet = crate::text::plain_snippet(&snippet);
        Ok(SearchHit { post: summary_from_row(r, now)?, snippet, rank: r.get(11)? })
    })?;
    rows.collect::<Result<Vec<_>, _>>().map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::SearchInterrupted,
        _ => e.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn queries_are_quoted_words() {
        assert_eq!(fts_query("web servers", false).as_deref(), Some("\"web\" \"servers\""));
        assert_eq!(fts_query("web serv", true).as_deref(), Some("\"web\" \"serv\"*"));
        assert_eq!(fts_query("serv*", false).as_deref(), Some("\"serv\"*"));
    }

    #[test]
    fn fts_syntax_is_neutralised() {
        assert_eq!(fts_query("a\"b OR", false).as_deref(), Some("\"a\"\"b\" \"OR\""));
        assert_eq!(fts_query("  -- ** ", true), None);
    }
}
