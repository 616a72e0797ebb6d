//! "Similar posts": other published posts sharing the most tags, then the closest in wording.

use rusqlite::{Connection, params};

use super::Result;
use super::posts::{SUMMARY_COLUMNS, get_post, summary_from_row};
use crate::domain::{PostId, PostSummary};

/// Words too common to say two posts are alike.
const STOP: &[&str] = &[
    "about", "after", "again", "also", "because", "been", "before", "being", "between", "could", "does", "doing",
    "from", "have", "here", "into", "just", "like", "make", "more", "most", "much", "only", "other", "over", "same",
    "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "very", "what", "when", "where", "which", "while", "will", "with", "without", "would", "your",
];

/// The distinctive words of a title, as an FTS5 OR-query.
fn likeness_query(title: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for w in title.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase) {
        if w.chars().count() >= 4 && !STOP.contains(&w.as_str()) && !words.contains(&w) {
            words.push(w);
        }
    }
    words.truncate(6);
    (!words.is_empty()).then(|| words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR "))
}

/// Up to `limit` published posts most like `id`, in one query: shared tags first, ties broken by
/// how well they match the post's title words, then by recency.
pub fn related_posts(conn: &Connection, id: PostId, limit: usize, now: i64) -> Result<Vec<PostSummary>> {
    let post = get_post(conn, id, now)?;
    let query = likeness_query(&post.meta.title);
    let textual = if query.is_some() {
        "SELECT rowid AS id, rank AS score FROM post_fts WHERE post_fts MATCH ?4 ORDER BY rank LIMIT 50"
    } else {
        "SELECT NULL AS id, NULL AS score WHERE ?4 IS NOT NULL AND 0"
    };
    let sql = format!(
        "WITH tagged AS (
            SELECT b.post_id AS id, count(*) AS shared
            FROM post_tag a JOIN post_tag b ON b.tag_id = a.tag_id
            WHERE a.post_id = ?1 AND b.post_id <> ?1
            GROUP BY b.post_id
         ),
         textual AS ({textual})
         SELECT {SUMMARY_COLUMNS}
         FROM (SELECT id FROM tagged UNION SELECT id FROM textual) c
         JOIN post p ON p.id = c.id
         LEFT JOIN author a ON a.id = p.author_id
         LEFT JOIN tagged t ON t.id = p.id
         LEFT JOIN textual x ON x.id = p.id
         WHERE p.id <> ?1 AND p.published_at <= ?2
         ORDER BY coalesce(t.shared, 0) DESC, x.score IS NULL, x.score, p.sort_at DESC
         LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![id.0, now, limit as i64, query], |r| summary_from_row(r, now))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::likeness_query;

    #[test]
    fn title_words_skip_short_and_common_ones() {
        assert_eq!(
            likeness_query("How a Reverse Proxy Earns Its Keep, and why that matters").as_deref(),
            Some("\"reverse\" OR \"proxy\" OR \"earns\" OR \"keep\" OR \"matters\"")
        );
        assert_eq!(likeness_query("A to Z"), None);
    }
}
