//! Tests of the source picker's counts on a real file: per feed, per category and in total,
//! under the other filters, and new items from a refresh counted unread.

use super::*;
use crate::domain::{NewPost, Title};
use crate::store::feeds::{FeedItem, NewFeed, add_feed, store_items};
use crate::store::{Store, list_posts, mark_read};

fn item(key: &str) -> FeedItem {
    FeedItem { key: key.into(), title: format!("Item {key}"), published_at: Some(1_700_000_000), ..Default::default() }
}

/// Two own posts; feeds A and B filed under "Tech" (spelt two ways), C under none.
fn store() -> (tempfile::TempDir, Store, [i64; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store.set_clock(Some(1_800_000_000));
    let ids = store
        .write(|tx, now| {
            for title in ["Own one", "Own two"] {
                let post = NewPost {
                    title: Title::parse(title).unwrap(),
                    slug: None,
                    author: None,
                    tags: Vec::new(),
                    summary: String::new(),
                    body: "mine".into(),
                    publish_at: Some(now - 10),
                    created_at: None,
                };
                crate::store::add_post(tx, &post, now)?;
            }
            let mut ids = [0; 3];
            let feeds = [
                ("http://a.example/f", "Alpha", Some("Tech"), 2),
                ("http://b.example/f", "beta", Some("tech"), 1),
                ("http://c.example/f", "", None, 3),
            ];
            for (i, (url, title, category, n)) in feeds.into_iter().enumerate() {
                let new = NewFeed {
                    url: url.into(),
                    title: title.into(),
                    category: category.map(String::from),
                    ..Default::default()
                };
                let (id, _) = add_feed(tx, &new, now)?;
                let items: Vec<FeedItem> = (0..n).map(|k| item(&format!("{i}-{k}"))).collect();
                store_items(tx, id, &items, now)?;
                ids[i] = id.0;
            }
            Ok(ids)
        })
        .unwrap();
    (dir, store, ids)
}

fn shown(rows: &[SourceCount]) -> Vec<(PostSource, &str, i64, i64)> {
    rows.iter().map(|r| (r.source.clone(), r.name.as_str(), r.unread, r.posts)).collect()
}

#[test]
fn every_source_has_its_unread_and_total_counts_in_the_pickers_order() {
    let (_dir, store, [a, b, c]) = store();
    let now = store.now();
    let first_of_c =
        list_posts(store.conn(), &ListFilter { source: PostSource::Feed(c), ..ListFilter::default() }, now).unwrap()[0]
            .id;
    mark_read(store.conn(), first_of_c, true, now).unwrap();
    let rows = source_counts(store.conn(), &ListFilter::default(), now).unwrap();
    assert_eq!(
        shown(&rows),
        [
            (PostSource::Own, "own posts", 2, 2),
            (PostSource::All, "everything", 7, 8),
            (PostSource::Followed, "all followed", 5, 6),
            (PostSource::Category("Tech".into()), "Tech", 3, 3),
            // No category sorts first; a feed without a title is named by its address.
            (PostSource::Feed(c), "http://c.example/f", 2, 3),
            (PostSource::Feed(a), "Alpha", 2, 2),
            (PostSource::Feed(b), "beta", 1, 1),
        ]
    );
    // Under "unread only" every row counts its unread posts only.
    let unread = ListFilter { unread_only: true, ..ListFilter::default() };
    let rows = source_counts(store.conn(), &unread, now).unwrap();
    assert_eq!(rows.iter().find(|r| r.source == PostSource::Feed(c)).map(|r| r.posts), Some(2));
}

#[test]
fn a_category_lists_the_items_of_its_feeds_whatever_the_case() {
    let (_dir, store, _) = store();
    let now = store.now();
    let tech = ListFilter { source: PostSource::Category("TECH".into()), ..ListFilter::default() };
    assert_eq!(list_posts(store.conn(), &tech, now).unwrap().len(), 3);
    assert_eq!(crate::store::post_count(store.conn(), &tech, now).unwrap(), 3);
    assert!(category_exists(store.conn(), "tech").unwrap());
    assert!(!category_exists(store.conn(), "cooking").unwrap());
}

#[test]
fn items_new_from_a_refresh_are_unread_and_read_ones_stay_read() {
    let (_dir, mut store, [a, _, _]) = store();
    let now = store.now();
    let feed = ListFilter { source: PostSource::Feed(a), ..ListFilter::default() };
    for p in list_posts(store.conn(), &feed, now).unwrap() {
        mark_read(store.conn(), p.id, true, now).unwrap();
    }
    let counts = store
        .write(|tx, now| {
            store_items(tx, crate::store::feeds::FeedId(a), &[item("0-0"), item("0-1"), item("0-new")], now)
        })
        .unwrap();
    assert_eq!(counts.new, 1);
    let rows = source_counts(store.conn(), &ListFilter::default(), now).unwrap();
    let row = rows.iter().find(|r| r.source == PostSource::Feed(a)).unwrap();
    assert_eq!((row.unread, row.posts), (1, 3), "the new item alone is unread");
}
