//! Similar posts for every post at once: the tags and title words of the whole store read once
//! into memory, so a site export asks thousands of times without a query each.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rusqlite::Connection;

use super::{Candidate, PER_TAG, QUERY_WORDS, TEXTUAL, title_words};
use crate::domain::PostId;
use crate::store::Result;

/// What the ranking needs of one post (drafts and scheduled posts included: they take places
/// among a tag's newest posts just as `related_posts` counts them, and are dropped after).
struct Entry {
    id: i64,
    sort_at: i64,
    published: bool,
    tags: Vec<u32>,
    /// Indexes into the word lists, in the title's order: its query words are the first.
    words: Vec<u32>,
}

/// Every post's tags and title words, and the reverse lists. Posts are numbered newest (highest
/// id) first, so a lower number is a newer post and every list is sorted newest first. Memory is
/// a few dozen bytes per post and per tag of a post: no bodies, no summaries.
pub struct SimilarIndex {
    posts: Vec<Entry>,
    number: HashMap<i64, u32>,
    /// For each tag, its newest `PER_TAG` posts.
    by_tag: HashMap<u32, Vec<u32>>,
    /// For each title word, every post whose title has it.
    by_word: Vec<Vec<u32>>,
    /// A digest of every input read (see `fingerprint`).
    fingerprint: u64,
}

impl SimilarIndex {
    /// Reads the store (inside the caller's transaction, if it holds one).
    pub fn build(conn: &Connection, now: i64) -> Result<Self> {
        let mut words: HashMap<String, u32> = HashMap::new();
        let mut by_word: Vec<Vec<u32>> = Vec::new();
        let mut posts = Vec::new();
        let mut number = HashMap::new();
        // std's SipHash with fixed keys: the same rows give the same digest in every run.
        let mut digest = std::collections::hash_map::DefaultHasher::new();
        let mut stmt = conn.prepare("SELECT id, title, sort_at, published_at FROM post ORDER BY id DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, title, sort_at): (i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let published = row.get::<_, Option<i64>>(3)?.is_some_and(|at| at <= now);
            (id, &title, sort_at, published).hash(&mut digest);
            let n = posts.len() as u32;
            let mut ids = Vec::new();
            for word in title_words(&title) {
                let next = words.len() as u32;
                let w = *words.entry(word).or_insert(next);
                if w == next {
                    by_word.push(Vec::new());
                }
                by_word[w as usize].push(n);
                ids.push(w);
            }
            number.insert(id, n);
            posts.push(Entry { id, sort_at, published, tags: Vec::new(), words: ids });
        }
        let mut by_tag: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT tag_id, post_id FROM post_tag ORDER BY tag_id, post_id DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (tag, post): (u32, i64) = (row.get(0)?, row.get(1)?);
            (tag, post).hash(&mut digest);
            let Some(&n) = number.get(&post) else { continue };
            posts[n as usize].tags.push(tag);
            let newest = by_tag.entry(tag).or_default();
            if newest.len() < PER_TAG {
                newest.push(n);
            }
        }
        Ok(SimilarIndex { posts, number, by_tag, by_word, fingerprint: digest.finish() })
    }

    /// A digest of everything the answers depend on (each post's id, title, date and whether it
    /// is published, and every post's tags): two indexes with the same fingerprint, built by one
    /// build of byline, give the same similar posts for every post. The site export keeps its
    /// answers from the last run and reuses them while this does not change.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Up to `limit` published posts most like `id`, best first: the same posts, in the same
    /// order, as `related_posts` finds one at a time. Nothing for a post the index does not hold.
    pub fn similar(&self, id: PostId, limit: usize) -> Vec<PostId> {
        let Some(&me) = self.number.get(&id.0) else { return Vec::new() };
        SHARED.with_borrow_mut(|shared| self.similar_to(me, limit, shared))
    }

    fn similar_to(&self, me: u32, limit: usize, shared: &mut Shared) -> Vec<PostId> {
        let post = &self.posts[me as usize];
        shared.reset(self.posts.len());
        for tag in &post.tags {
            for &n in self.by_tag.get(tag).map(Vec::as_slice).unwrap_or_default() {
                shared.add(n, 1);
            }
        }
        let query = &post.words[..post.words.len().min(QUERY_WORDS)];
        // The newest posts sharing a word: a merge of the words' lists, each newest first.
        let mut heads: Vec<&[u32]> = query.iter().map(|&w| self.by_word[w as usize].as_slice()).collect();
        let mut textual = 0;
        while textual < TEXTUAL {
            let Some(newest) = heads.iter().filter_map(|list| list.first()).min().copied() else { break };
            for list in &mut heads {
                if list.first() == Some(&newest) {
                    *list = &list[1..];
                }
            }
            if newest != me {
                shared.add(newest, 0);
                textual += 1;
            }
        }
        let mut best: Vec<Candidate> = Vec::with_capacity(limit + 1);
        for &n in &shared.touched {
            let entry = &self.posts[n as usize];
            if n == me || !entry.published {
                continue;
            }
            let shared_words = entry.words.iter().filter(|w| query.contains(w)).count() as u32;
            let c =
                Candidate { id: entry.id, shared_tags: shared.count[n as usize], shared_words, sort_at: entry.sort_at };
            keep_best(&mut best, c, limit);
        }
        best.into_iter().map(|c| PostId(c.id)).collect()
    }
}

/// The shared-tag counts of one lookup, by post number, and the numbers counted: kept per thread
/// and cleared by what was touched, so a lookup costs its candidates, not the blog's size.
#[derive(Default)]
struct Shared {
    count: Vec<u32>,
    touched: Vec<u32>,
    seen: Vec<bool>,
}

impl Shared {
    fn reset(&mut self, posts: usize) {
        for &n in &self.touched {
            self.count[n as usize] = 0;
            self.seen[n as usize] = false;
        }
        self.touched.clear();
        if self.count.len() < posts {
            self.count.resize(posts, 0);
            self.seen.resize(posts, false);
        }
    }

    fn add(&mut self, n: u32, tags: u32) {
        let i = n as usize;
        if !self.seen[i] {
            self.seen[i] = true;
            self.touched.push(n);
        }
        self.count[i] += tags;
    }
}

thread_local! {
    static SHARED: std::cell::RefCell<Shared> = std::cell::RefCell::new(Shared::default());
}

/// Puts `c` among the `limit` best candidates kept so far, in order (best first).
fn keep_best(best: &mut Vec<Candidate>, c: Candidate, limit: usize) {
    let key = |c: &Candidate| std::cmp::Reverse((c.shared_tags, c.shared_words, c.sort_at, c.id));
    let at = best.partition_point(|b| key(b) < key(&c));
    if at < limit {
        best.insert(at, c);
        best.truncate(limit);
    }
}
