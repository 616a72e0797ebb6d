//! Search on real temporary files: tiers, paging, counts, the word cap, and the title index
//! following edits and deletes.

use super::{MAX_QUERY_WORDS, SearchPage, SearchQuery, SearchRequest, search_count, search_page};
use crate::domain::{NewPost, PostId, Title};
use crate::store::{PostChanges, Store, add_post, trash_post, update_post};

fn blog() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(1_700_000_000));
    (dir, store)
}

fn post(store: &mut Store, title: &str, body: &str) -> PostId {
    let new = NewPost {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: vec![],
        summary: String::new(),
        body: body.into(),
        publish_at: None,
        created_at: None,
    };
    store.write(|tx, now| add_post(tx, &new, now)).unwrap()
}

fn page(store: &Store, input: &str, offset: usize, limit: usize) -> SearchPage {
    let query = SearchQuery::parse(input).unwrap();
    let req = SearchRequest { query: &query, offset, limit, marks: ("{", "}") };
    search_page(store.conn(), &req, store.now()).unwrap()
}

fn titles(page: &SearchPage) -> Vec<&str> {
    page.hits.iter().map(|h| h.post.title.as_str()).collect()
}

#[test]
fn title_matches_come_before_body_matches_from_the_first_letter() {
    let (_dir, mut store) = blog();
    // Body matches are newer, so newest first would put them ahead.
    post(&mut store, "Caching at the edge", "about proxies");
    post(&mut store, "Unrelated", "a cache in front");
    post(&mut store, "Also unrelated", "caches everywhere");
    for input in ["c", "ca", "cac", "cach"] {
        let found = page(&store, input, 0, 10);
        assert_eq!(titles(&found)[0], "Caching at the edge", "{input}");
        assert!(found.hits[0].in_title && !found.hits[1].in_title, "{input}");
    }
    let found = page(&store, "cach", 0, 10);
    assert_eq!(titles(&found), ["Caching at the edge", "Also unrelated", "Unrelated"]);
    assert_eq!(found.hits[1].snippet, "{caches} everywhere");
    assert_eq!(found.hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!((found.total, found.more, found.title_matches), (Some(3), false, 1));
}

#[test]
fn pages_cover_every_hit_once_and_the_count_agrees() {
    let (_dir, mut store) = blog();
    for i in 0..7 {
        post(&mut store, &format!("Rust note {i}"), "text");
        post(&mut store, &format!("Other {i}"), "rust in the body");
    }
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let p = page(&store, "rust", offset, 3);
        seen.extend(p.hits.iter().map(|h| (h.post.id, h.in_title)));
        offset += p.hits.len();
        if !p.more {
            assert_eq!(p.total, Some(14), "the last page knows the total");
            break;
        }
    }
    assert_eq!(seen.len(), 14);
    assert!(seen[..7].iter().all(|(_, t)| *t) && seen[7..].iter().all(|(_, t)| !*t), "{seen:?}");
    let mut ids: Vec<_> = seen.iter().map(|(id, _)| *id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 14, "no hit twice");
    let first = page(&store, "rust", 0, 3);
    assert_eq!((first.total, first.more, first.title_matches), (None, true, 7), "the first page leaves the count");
    assert_eq!(search_count(store.conn(), &SearchQuery::parse("rust").unwrap()).unwrap(), 14);
}

#[test]
fn a_pasted_paragraph_searches_its_first_words() {
    let (_dir, mut store) = blog();
    post(&mut store, "Words", "alpha beta gamma delta epsilon zeta eta theta");
    let pasted = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    let q = SearchQuery::parse(pasted).unwrap();
    assert_eq!((q.terms().len(), q.dropped), (MAX_QUERY_WORDS, 4));
    assert_eq!(titles(&page(&store, pasted, 0, 10)), ["Words"], "the words past the cap do not narrow it to nothing");
}

#[test]
fn the_title_index_follows_renames_and_deletes() {
    let (_dir, mut store) = blog();
    let id = post(&mut store, "Old name", "body");
    let rename = PostChanges { title: Some(Title::parse("Fresh name").unwrap()), ..PostChanges::default() };
    store.write(|tx, now| update_post(tx, id, &rename, now)).unwrap();
    assert_eq!(page(&store, "old", 0, 10).title_matches, 0);
    assert_eq!(titles(&page(&store, "fre", 0, 10)), ["Fresh name"]);
    store.write(|tx, now| trash_post(tx, id, now)).unwrap();
    assert!(page(&store, "fre", 0, 10).hits.is_empty());
    crate::store::fts::integrity_check(store.conn()).unwrap();
}

#[test]
fn a_huge_body_costs_one_bounded_snippet() {
    let (_dir, mut store) = blog();
    post(&mut store, "Log", &"line of text\n".repeat(100_000));
    let found = page(&store, "line", 0, 10);
    assert_eq!(found.hits.len(), 1);
    assert!(found.hits[0].snippet.starts_with("{line} of text {line}"), "{}", found.hits[0].snippet);
    assert!(found.hits[0].snippet.len() < 200);
}

/// Title matches are counted only up to a cap (at a million posts `s*` matches 470,000 titles):
/// paging through a query whose title matches pass the cap gives the same hits, in the same
/// order, as counting them all, and the last page still knows the total.
#[test]
fn a_capped_title_count_pages_exactly_as_a_full_one() {
    let (_dir, mut store) = blog();
    for i in 0..9 {
        post(&mut store, &format!("Rust note {i}"), "text");
        post(&mut store, &format!("Other {i}"), "rust in the body");
    }
    let query = SearchQuery::parse("rust").unwrap();
    let walk = |cap: usize, limit: usize| {
        let (mut offset, mut seen) = (0, Vec::new());
        let last = loop {
            let req = SearchRequest { query: &query, offset, limit, marks: ("{", "}") };
            let p = super::search_page_counting(store.conn(), &req, store.now(), cap).unwrap();
            assert!(p.title_matches <= 9, "a lower bound, never more than there are: {}", p.title_matches);
            seen.extend(p.hits.iter().map(|h| (h.post.id, h.in_title)));
            offset += p.hits.len();
            if !p.more {
                break p.total;
            }
        };
        (seen, last)
    };
    for limit in [1, 2, 4, 9, 10, 30] {
        let full = walk(usize::MAX, limit);
        assert_eq!(full.1, Some(18));
        for cap in [1, 3, 9, 10] {
            assert_eq!(walk(cap, limit), full, "cap {cap}, pages of {limit}");
        }
    }
}
