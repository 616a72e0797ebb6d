//! The stable per-post id the feeds use: given once, never changed, unique, backfilled by migration 5.

use std::collections::HashSet;

use super::blog;
use crate::domain::{PostId, Slug, TagName, Title};
use crate::ops::posts::{self, PostFields, When};
use crate::store::{self, Store};

fn fields(title: &str, slug: Option<&str>) -> PostFields {
    PostFields {
        title: Title::parse(title).unwrap(),
        slug: slug.map(|s| Slug::parse(s).unwrap()),
        author: None,
        tags: TagName::parse_all(&["rust"]).unwrap(),
        summary: String::new(),
        body: "Body".into(),
    }
}

fn guid(store: &Store, id: PostId) -> String {
    store::get_post(store.conn(), id, store.now()).unwrap().meta.guid
}

/// A v4 UUID as a URN: what both the store and the migration write.
fn is_uuid_urn(g: &str) -> bool {
    let Some(u) = g.strip_prefix("urn:uuid:") else { return false };
    let parts: Vec<&str> = u.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && u.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && parts[2].starts_with('4')
        && parts[3].starts_with(['8', '9', 'a', 'b'])
}

#[test]
fn a_post_keeps_its_guid_across_edits_slug_changes_and_republishing() {
    let (_dir, mut store) = blog();
    let id = posts::save_post(&mut store, None, &fields("First", Some("first")), Some(When::Now)).unwrap().id;
    let given = guid(&store, id);
    assert!(is_uuid_urn(&given), "{given}");

    posts::save_post(&mut store, Some(id), &fields("First, retitled", Some("moved-elsewhere")), None).unwrap();
    let moved = store::get_post(store.conn(), id, store.now()).unwrap();
    assert_eq!(moved.meta.slug, "moved-elsewhere");
    assert_eq!(moved.meta.guid, given, "a slug change keeps the id");

    posts::unpublish_post(&mut store, id).unwrap();
    posts::publish_post(&mut store, id, When::Now).unwrap();
    assert_eq!(guid(&store, id), given, "republishing keeps the id");

    posts::trash_post(&mut store, id).unwrap();
    let back = posts::restore_post(&mut store, None).unwrap();
    assert_eq!(back.meta.guid, given, "a post restored from the trash is the same item");
}

#[test]
fn every_post_gets_its_own_guid() {
    let (_dir, mut store) = blog();
    let ids: Vec<PostId> = (0..50)
        .map(|i| posts::save_post(&mut store, None, &fields(&format!("Post {i}"), None), None).unwrap().id)
        .collect();
    let guids: HashSet<String> = ids.iter().map(|&id| guid(&store, id)).collect();
    assert_eq!(guids.len(), ids.len());
    assert!(guids.iter().all(|g| is_uuid_urn(g)));
    // The database itself refuses a duplicate, whatever path writes one.
    let taken = guid(&store, ids[0]);
    let dup = store.conn().execute("UPDATE post SET guid = ?1 WHERE id = ?2", rusqlite::params![taken, ids[1].0]);
    assert!(dup.is_err(), "a second post with the same guid was accepted");
}

#[test]
fn an_insert_that_names_no_guid_still_gets_one() {
    let (_dir, store) = blog();
    store
        .conn()
        .execute("INSERT INTO post (id, slug, title, created_at, updated_at) VALUES (7, 'raw', 'Raw', 1, 1)", [])
        .unwrap();
    assert!(is_uuid_urn(&guid(&store, PostId(7))));
}

#[test]
fn the_migration_gives_every_existing_post_a_distinct_guid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A file as version 4 left it: no guid column, posts already there.
        drop(Store::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 4;
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
             ALTER TABLE post DROP COLUMN guid;",
        )
        .unwrap();
        for i in 1..=200 {
            conn.execute(
                "INSERT INTO post (id, slug, title, created_at, updated_at, published_at) VALUES (?1, ?2, 'Old', 1, 1, 1)",
                rusqlite::params![i, format!("old-{i}")],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let stored: Vec<Option<String>> = {
        let mut stmt = store.conn().prepare("SELECT guid FROM post ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(stored.len(), 200);
    let distinct: HashSet<&str> = stored.iter().map(|g| g.as_deref().unwrap()).collect();
    assert_eq!(distinct.len(), 200, "backfilled ids are distinct");
    assert!(distinct.iter().all(|g| is_uuid_urn(g)), "{distinct:?}");
    assert_eq!(guid(&store, PostId(1)), stored[0].clone().unwrap(), "the post carries the stored id");
}

#[test]
fn a_post_trashed_before_guids_existed_gets_one_when_restored() {
    let (_dir, mut store) = blog();
    let id = posts::save_post(&mut store, None, &fields("Old", None), None).unwrap().id;
    posts::trash_post(&mut store, id).unwrap();
    // A snapshot written by a byline without guids has no such field.
    store.conn().execute("UPDATE trash SET snapshot = json_remove(snapshot, '$.guid')", []).unwrap();
    let back = posts::restore_post(&mut store, None).unwrap();
    assert!(is_uuid_urn(&back.meta.guid), "{}", back.meta.guid);
}
