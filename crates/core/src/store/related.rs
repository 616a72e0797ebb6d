//! "Similar posts": other published posts sharing the most tags, then the closest in wording.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use super::posts::{SUMMARY_COLUMNS, summary_from_row};
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

/// How many of the most recent posts of each shared tag are considered. A popular tag can carry
/// a fifth of a large blog; counting shared tags over all of them costs tens of milliseconds,
/// and the reader asks for similar posts on every selection change.
const PER_TAG: usize = 400;
/// How many of the newest posts matching the title's words get a text-similarity score.
const TEXTUAL: usize = 50;

/// Up to `limit` published posts most like `id`: the most shared tags first, ties broken by how
/// well they match the post's title words (bm25), then by recency. One statement, with bounded
/// work: the candidates are the newest `PER_TAG` posts of each of the post's tags plus the
/// newest `TEXTUAL` posts matching its title words, and only those are scored.
pub fn related_posts(conn: &Connection, id: PostId, limit: usize, now: i64) -> Result<Vec<PostSummary>> {
    let title: String = conn
        .prepare_cached("SELECT title FROM post WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| super::StoreError::PostNotFound(id.to_string()))?;
    let query = likeness_query(&title);
    let textual = if query.is_some() {
        // Newest matches first, so FTS5 does not rank every match of a common word; bm25 is
        // then computed for the returned rows only.
        format!(
            "SELECT rowid AS id, bm25(post_fts, 10.0, 4.0, 1.0, 2.0, 5.0) AS score FROM post_fts WHERE post_fts MATCH ?4 ORDER BY rowid DESC LIMIT {TEXTUAL}"
        )
    } else {
        "SELECT NULL AS id, NULL AS score WHERE ?4 IS NOT NULL AND 0".to_string()
    };
    let sql = format!(
        "WITH tagged AS (
            SELECT j.value AS id, count(*) AS shared
            FROM post_tag src
            JOIN json_each((
                SELECT json_group_array(post_id) FROM (
                    SELECT post_id FROM post_tag x WHERE x.tag_id = src.tag_id ORDER BY post_id DESC LIMIT {PER_TAG}
                )
            )) j
            WHERE src.post_id = ?1 AND j.value <> ?1
            GROUP BY j.value
         ),
         textual AS ({textual}),
         ranked AS (
            SELECT c.id, coalesce(t.shared, 0) AS shared, x.score AS score, p.sort_at AS sort_at
            FROM (SELECT id FROM tagged UNION SELECT id FROM textual) c
            JOIN post p ON p.id = c.id
            LEFT JOIN tagged t ON t.id = c.id
            LEFT JOIN textual x ON x.id = c.id
            WHERE c.id <> ?1 AND p.published_at <= ?2
            ORDER BY shared DESC, score IS NULL, score, sort_at DESC
            LIMIT ?3
         )
         SELECT {SUMMARY_COLUMNS}
         FROM ranked r JOIN post p ON p.id = r.id LEFT JOIN author a ON a.id = p.author_id
         ORDER BY r.shared DESC, r.score IS NULL, r.score, r.sort_at DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![id.0, now, limit as i64, query], |r| summary_from_row(r, now))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::likeness_query;
    use crate::domain::{NewPost, PostId, TagName, Title};
    use crate::store::{Store, add_post, related_posts};

    fn add(store: &mut Store, title: &str, tags: &[&str], publish_at: Option<i64>) -> PostId {
        let post = NewPost {
            title: Title::parse(title).unwrap(),
            slug: None,
            author: None,
            tags: TagName::parse_all(tags).unwrap(),
            summary: String::new(),
            body: String::new(),
            publish_at,
            created_at: Some(1_000),
        };
        store.write(|tx, _| add_post(tx, &post, 1_000)).unwrap()
    }

    fn titles(store: &Store, id: PostId) -> Vec<String> {
        related_posts(store.conn(), id, 3, 5_000).unwrap().into_iter().map(|p| p.title).collect()
    }

    #[test]
    fn shared_tags_then_title_words_then_recency_among_published_posts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let target = add(&mut store, "Target zebra", &["a", "b", "c"], Some(2_000));
        add(&mut store, "Shares one", &["a", "x"], Some(2_100));
        add(&mut store, "Shares three", &["a", "b", "c"], Some(2_000));
        add(&mut store, "Shares two", &["b", "c"], Some(2_200));
        add(&mut store, "Draft shares three", &["a", "b", "c"], None);
        add(&mut store, "Scheduled shares three", &["a", "b", "c"], Some(9_000));
        add(&mut store, "Another zebra", &["z"], Some(2_300));
        add(&mut store, "Shares one too", &["x", "c"], Some(2_400));
        assert_eq!(titles(&store, target), ["Shares three", "Shares two", "Shares one too"]);
        let zebra = add(&mut store, "Lonely zebra", &["y"], Some(2_500));
        assert_eq!(titles(&store, zebra), ["Another zebra", "Target zebra"]);
        let alone = add(&mut store, "Nothing alike", &["w"], Some(2_600));
        assert!(titles(&store, alone).is_empty());
    }

    #[test]
    fn title_words_skip_short_and_common_ones() {
        assert_eq!(
            likeness_query("How a Reverse Proxy Earns Its Keep, and why that matters").as_deref(),
            Some("\"reverse\" OR \"proxy\" OR \"earns\" OR \"keep\" OR \"matters\"")
        );
        assert_eq!(likeness_query("A to Z"), None);
    }
}
