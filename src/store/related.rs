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

/// The distinctive words of a title: at least four letters, not common, at most six.
fn likeness_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in title.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase) {
        if w.chars().count() >= 4 && !STOP.contains(&w.as_str()) && !words.contains(&w) {
            words.push(w);
        }
    }
    words.truncate(6);
    words
}

/// How many of each shared tag's newest posts (by id, which follows creation) are candidates.
/// Bounds the work for a tag on thousands of posts; a blog with fewer posts per tag sees them all.
const PER_TAG: i64 = 100;

/// How many posts the title words may match together. Ranking scores every post a word is in
/// (about 1 ms per 1,000 at 100,000 posts), and a word in thousands of posts tells little about
/// likeness anyway (its bm25 weight is near zero); so the rarest words are kept within this budget.
const MAX_RANKED: i64 = 1000;

/// The title's distinctive words that fit the ranking budget, rarest first, as an FTS5 OR-query.
fn likeness_query(conn: &Connection, title: &str) -> Result<Option<String>> {
    // Counting stops at the budget, so a common word costs no more than a rare one (0.1 ms).
    let mut count =
        conn.prepare_cached("SELECT count(*) FROM (SELECT 1 FROM post_fts WHERE post_fts MATCH ?1 LIMIT ?2)")?;
    let mut found: Vec<(i64, String)> = Vec::new();
    for word in likeness_words(title) {
        let phrase = format!("\"{word}\"");
        let posts: i64 = count.query_row(params![phrase, MAX_RANKED + 1], |r| r.get(0))?;
        found.push((posts, phrase));
    }
    found.sort_by_key(|(posts, _)| *posts);
    let mut total = 0;
    let mut kept: Vec<String> = Vec::new();
    for (posts, phrase) in found {
        total += posts;
        if total > MAX_RANKED {
            break;
        }
        kept.push(phrase);
    }
    Ok((!kept.is_empty()).then(|| kept.join(" OR ")))
}

/// Up to `limit` published posts most like `id`: shared tags first, ties broken by how well they
/// match the post's distinctive title words, then by recency. Candidates are each shared tag's
/// `PER_TAG` newest posts and the 50 best matches of the title words, so the work stays bounded
/// however popular the tags or common the words (at 100,000 posts: milliseconds, not 250 ms).
pub fn related_posts(conn: &Connection, id: PostId, limit: usize, now: i64) -> Result<Vec<PostSummary>> {
    let post = get_post(conn, id, now)?;
    let query = likeness_query(conn, &post.meta.title)?;
    let mut candidates: Vec<i64> = Vec::new();
    let tag_ids: Vec<i64> = conn
        .prepare_cached("SELECT tag_id FROM post_tag WHERE post_id = ?1")?
        .query_map([id.0], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut newest = conn.prepare_cached(
        "SELECT post_id FROM post_tag WHERE tag_id = ?1 AND post_id <> ?2 ORDER BY post_id DESC LIMIT ?3",
    )?;
    for tag_id in tag_ids {
        for post_id in newest.query_map(params![tag_id, id.0, PER_TAG], |r| r.get::<_, i64>(0))? {
            candidates.push(post_id?);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let candidates = serde_json::Value::from(candidates).to_string();
    let textual = if query.is_some() {
        "SELECT rowid AS id, rank AS score FROM post_fts WHERE post_fts MATCH ?5 ORDER BY rank LIMIT 50"
    } else {
        "SELECT NULL AS id, NULL AS score WHERE ?5 IS NOT NULL AND 0"
    };
    // Rank the candidates on ids and sort keys only; read the list columns for the winners.
    let sql = format!(
        "WITH textual AS ({textual}),
         best AS (
            SELECT c.id,
                   (SELECT count(*) FROM post_tag x
                    WHERE x.post_id = c.id AND x.tag_id IN (SELECT tag_id FROM post_tag WHERE post_id = ?1)) AS shared,
                   t.score, p.sort_at
            FROM (SELECT value AS id FROM json_each(?4) UNION SELECT id FROM textual) c
            JOIN post p ON p.id = c.id
            LEFT JOIN textual t ON t.id = c.id
            WHERE p.id <> ?1 AND p.published_at <= ?2
            ORDER BY shared DESC, t.score IS NULL, t.score, p.sort_at DESC, p.id DESC
            LIMIT ?3
         )
         SELECT {SUMMARY_COLUMNS}
         FROM best b JOIN post p ON p.id = b.id LEFT JOIN author a ON a.id = p.author_id
         ORDER BY b.shared DESC, b.score IS NULL, b.score, b.sort_at DESC, b.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![id.0, now, limit as i64, candidates, query], |r| summary_from_row(r, now))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::likeness_words;
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
            likeness_words("How a Reverse Proxy Earns Its Keep, and why that matters"),
            ["reverse", "proxy", "earns", "keep", "matters"]
        );
        assert!(likeness_words("A to Z").is_empty());
    }
}
