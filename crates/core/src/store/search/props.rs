//! Property: whatever a person types, the FTS5 query built from it runs on the real tables
//! without a syntax error (search_page and search_count both).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{SearchQuery, SearchRequest, search_count, search_page};
use crate::domain::{NewPost, Title};
use crate::store::{Store, add_post};

/// Typed text biased toward FTS5's own syntax: quotes, stars, parentheses, column filters,
/// operators, carets and plus signs, mixed with words in several scripts.
fn typed() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("*".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(":".to_string()),
        Just("^".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("NEAR".to_string()),
        Just("title:".to_string()),
        Just("{title body}".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\0".to_string()),
        "[a-z]{1,6}",
        "[日本語éß😀]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

#[test]
fn any_typed_query_runs_against_real_fts5_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(1_700_000_000));
    for (title, body) in [("Caching web servers", "AND OR NOT near quotes \" here"), ("日本語", "title: body")] {
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
        store.write(|tx, now| add_post(tx, &new, now)).unwrap();
    }
    // One store for all cases: opening a database per case would make this the slowest test.
    let config = Config { cases: 256, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    runner
        .run(&typed(), |input| {
            let Some(query) = SearchQuery::parse(&input) else {
                return Ok(());
            };
            let req = SearchRequest { query: &query, offset: 0, limit: 5, marks: ("[", "]") };
            let page = search_page(store.conn(), &req, store.now());
            prop_assert!(page.is_ok(), "{input:?} as {:?}: {:?}", query.fts(), page.err());
            let count = search_count(store.conn(), &query);
            prop_assert!(count.is_ok(), "{input:?} as {:?}: {:?}", query.fts(), count.err());
            Ok(())
        })
        .unwrap();
}
