//! Tests of the followed feeds' queries on a real file: items keyed by GUID, own posts kept apart.

use super::*;
use crate::domain::{NewPost, PostStatus, Title};
use crate::store::{ListFilter, PostSource, Store};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store.set_clock(Some(1_800_000_000));
    store
        .write(|tx, now| {
            let post = NewPost {
                title: Title::parse("Own post").unwrap(),
                slug: None,
                author: None,
                tags: Vec::new(),
                summary: String::new(),
                body: "mine".into(),
                publish_at: Some(now - 10),
                created_at: None,
            };
            crate::store::add_post(tx, &post, now)?;
            Ok(())
        })
        .unwrap();
    (dir, store)
}

fn item(key: &str, title: &str, body: &str) -> FeedItem {
    FeedItem {
        key: key.into(),
        title: title.into(),
        body: body.into(),
        published_at: Some(1_700_000_000),
        ..Default::default()
    }
}

#[test]
fn items_are_keyed_by_guid_updated_in_place_and_kept_apart_from_own_posts() {
    let (_dir, mut store) = store();
    let new = NewFeed { url: "http://a.example/feed".into(), title: "A".into(), ..Default::default() };
    let (id, counts) = store
        .write(|tx, now| {
            let (id, added) = add_feed(tx, &new, now)?;
            assert!(added);
            Ok((id, store_items(tx, id, &[item("g1", "One", "first"), item("g2", "Two", "second")], now)?))
        })
        .unwrap();
    assert_eq!(counts, ItemCounts { new: 2, updated: 0, unchanged: 0 });
    let again = store
        .write(|tx, now| store_items(tx, id, &[item("g1", "One", "first, edited"), item("g2", "Two", "second")], now))
        .unwrap();
    assert_eq!(again, ItemCounts { new: 0, updated: 1, unchanged: 1 });

    let now = store.now();
    let own = crate::store::list_posts(store.conn(), &ListFilter::default(), now).unwrap();
    assert_eq!(own.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["Own post"]);
    let followed = ListFilter { source: PostSource::Feed(id.0), ..ListFilter::default() };
    let items = crate::store::list_posts(store.conn(), &followed, now).unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|p| p.status == PostStatus::Published));
    let all = ListFilter { source: PostSource::All, ..ListFilter::default() };
    assert_eq!(crate::store::post_count(store.conn(), &all, now).unwrap(), 3);
    assert_eq!(crate::store::post_count(store.conn(), &ListFilter::default(), now).unwrap(), 1);
    // The counts' fast paths must not count followed items as the blog's own.
    crate::store::mark_read(store.conn(), items[0].id, true, now).unwrap();
    assert_eq!(crate::store::unread_count(store.conn(), &ListFilter::default(), now).unwrap(), 1);
    assert_eq!(crate::store::unread_count(store.conn(), &all, now).unwrap(), 2);

    let edited = items.iter().find(|p| p.title == "One").unwrap().id;
    assert_eq!(crate::store::get_post(store.conn(), edited, now).unwrap().body, "first, edited");
    assert!(matches!(ensure_own_post(store.conn(), edited), Err(StoreError::FollowedReadOnly { .. })));
    assert_eq!(get_feed(store.conn(), id).unwrap().items, 2);

    let removed = store.write(|tx, _| remove_feed(tx, id)).unwrap();
    assert_eq!(removed, 2);
    assert_eq!(crate::store::post_count(store.conn(), &all, now).unwrap(), 1);
    assert!(store.check().unwrap().is_empty(), "the search index stays in step");
}

#[test]
fn a_move_onto_another_followed_feed_is_refused() {
    let (_dir, mut store) = store();
    store
        .write(|tx, now| {
            let (a, _) = add_feed(tx, &NewFeed { url: "http://a.example/f".into(), ..Default::default() }, now)?;
            let (b, _) = add_feed(tx, &NewFeed { url: "http://b.example/f".into(), ..Default::default() }, now)?;
            assert!(matches!(record_move(tx, a, "http://b.example/f"), Err(StoreError::FeedMovedOntoAnother { .. })));
            record_move(tx, a, "http://c.example/f")?;
            assert_eq!(feed_by_url(tx, "http://a.example/f")?, Some(a));
            assert_eq!(resolve_feed(tx, "http://c.example/f")?, a);
            assert_eq!(resolve_feed(tx, &b.to_string())?, b);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_fetch_names_a_feed_only_where_the_reader_gave_no_name() {
    let (_dir, mut store) = store();
    store
        .write(|tx, now| {
            let named = NewFeed { url: "http://a.example/f".into(), title: "My name".into(), ..Default::default() };
            let (a, _) = add_feed(tx, &named, now)?;
            let (b, _) = add_feed(tx, &NewFeed { url: "http://b.example/f".into(), ..Default::default() }, now)?;
            let rec =
                FetchRecord { title: Some("Their name".into()), etag: Some("\"e\"".into()), ..Default::default() };
            record_success(tx, a, Some(&rec), now)?;
            record_success(tx, b, Some(&rec), now)?;
            assert_eq!(get_feed(tx, a)?.title, "My name");
            assert_eq!(get_feed(tx, b)?.title, "Their name");
            assert_eq!(get_feed(tx, a)?.etag.as_deref(), Some("\"e\""));
            Ok(())
        })
        .unwrap();
}
