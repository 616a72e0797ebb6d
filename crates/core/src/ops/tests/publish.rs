//! Publishing: idempotent, the first date kept across unpublish and publish, schedules.

use super::blog;
use crate::domain::{PostId, PostStatus, TagName, Title};
use crate::ops::posts::{self, PostFields, When};
use crate::store::{self, Store};

fn draft(store: &mut Store, title: &str) -> PostId {
    let fields = PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(&["rust"]).unwrap(),
        summary: String::new(),
        body: "Body".into(),
    };
    posts::save_post(store, None, &fields, None).unwrap().id
}

fn published_at(store: &Store, id: PostId) -> Option<i64> {
    store::get_post(store.conn(), id, store.now()).unwrap().meta.published_at
}

#[test]
fn publishing_a_live_post_again_keeps_it_and_its_date() {
    let (_dir, mut store) = blog();
    let id = draft(&mut store, "Pi day");
    let first = posts::publish_post(&mut store, id, When::Now).unwrap();
    assert!(first.changed);
    let dated = published_at(&store, id);
    store.set_clock(Some(1_700_000_000 + 86_400 * 30));
    for when in [When::Now, When::FirstDate, When::At(1_800_000_000)] {
        let again = posts::publish_post(&mut store, id, when).unwrap();
        assert!(!again.changed, "{when:?}");
        assert_eq!(again.post.meta.status, PostStatus::Published);
        assert_eq!(published_at(&store, id), dated, "{when:?} re-dated a live post");
    }
}

#[test]
fn the_first_date_survives_unpublish_and_is_offered_back() {
    let (_dir, mut store) = blog();
    let id = draft(&mut store, "Old news");
    posts::publish_post(&mut store, id, When::Now).unwrap();
    let first = published_at(&store, id).unwrap();
    store.set_clock(Some(first + 86_400 * 10));
    posts::unpublish_post(&mut store, id).unwrap();
    let meta = store::get_post(store.conn(), id, store.now()).unwrap().meta;
    assert_eq!((meta.status, meta.first_published_at), (PostStatus::Draft, Some(first)));

    let back = posts::publish_post(&mut store, id, When::FirstDate).unwrap();
    assert!(back.first_date_restored);
    assert_eq!(published_at(&store, id), Some(first));

    posts::unpublish_post(&mut store, id).unwrap();
    let today = posts::publish_post(&mut store, id, When::Now).unwrap();
    assert!(!today.first_date_restored);
    assert_eq!(published_at(&store, id), Some(store.now()));
    assert_eq!(today.post.meta.first_published_at, Some(first), "the first date is still the first");
}

#[test]
fn a_schedule_is_not_a_first_date_until_it_comes() {
    let (_dir, mut store) = blog();
    let id = draft(&mut store, "Soon");
    let later = store.now() + 3_600;
    posts::publish_post(&mut store, id, When::At(later)).unwrap();
    posts::unpublish_post(&mut store, id).unwrap();
    assert_eq!(store::get_post(store.conn(), id, store.now()).unwrap().meta.first_published_at, None);
    // Published early: the schedule is reported, the post is live now.
    posts::publish_post(&mut store, id, When::At(later)).unwrap();
    let early = posts::publish_post(&mut store, id, When::Now).unwrap();
    assert_eq!(early.was_scheduled_for, Some(later));
    assert_eq!(early.post.meta.status, PostStatus::Published);
    // A schedule that came by itself counts as the first date once taken down.
    let id = draft(&mut store, "Timed");
    posts::publish_post(&mut store, id, When::At(later)).unwrap();
    store.set_clock(Some(later + 60));
    posts::unpublish_post(&mut store, id).unwrap();
    assert_eq!(store::get_post(store.conn(), id, store.now()).unwrap().meta.first_published_at, Some(later));
}

#[test]
fn the_migration_fills_the_first_date_of_posts_already_published() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A file as version 2 left it: no first_published_at column.
        drop(Store::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 2;
             DROP INDEX post_by_feed_item;
             DROP INDEX post_by_feed;
             DROP INDEX post_by_source_date;
             ALTER TABLE post DROP COLUMN feed_item;
             ALTER TABLE post DROP COLUMN feed_id;
             DROP TABLE feed;
             DROP INDEX post_by_source;
             ALTER TABLE post DROP COLUMN source_id;
             ALTER TABLE post DROP COLUMN source_meta;
             DROP TRIGGER post_guid_insert;
             DROP INDEX post_by_guid;
             ALTER TABLE post DROP COLUMN guid;
             ALTER TABLE post DROP COLUMN first_published_at;
             INSERT INTO post (id, slug, title, created_at, updated_at, published_at)
                 VALUES (1, 'live', 'Live', 100, 100, 1000), (2, 'draft', 'Draft', 100, 100, NULL);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let first = |id| store::get_post(store.conn(), PostId(id), store.now()).unwrap().meta.first_published_at;
    assert_eq!((first(1), first(2)), (Some(1000), None));
    let stored: Option<i64> =
        store.conn().query_row("SELECT first_published_at FROM post WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, Some(1000), "filled in the file, not only when read");
}
