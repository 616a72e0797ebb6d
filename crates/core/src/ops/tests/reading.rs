//! Read marks in bulk: "mark all read" under a filter, the unread count, the next unread post.

use super::blog;
use crate::domain::{PostId, TagName, Title};
use crate::ops::list;
use crate::ops::posts::{self, PostFields, When};
use crate::ops::state;
use crate::store::{self, ListFilter, Store};

fn post(store: &mut Store, title: &str, tag: &str) -> PostId {
    let fields = PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(&[tag]).unwrap(),
        summary: String::new(),
        body: "Body".into(),
    };
    posts::save_post(store, None, &fields, Some(When::Now)).unwrap().id
}

fn read(store: &Store, ids: &[PostId]) -> Vec<bool> {
    let marked = store::read_ids(store.conn(), ids).unwrap();
    ids.iter().map(|id| marked.contains(id)).collect()
}

#[test]
fn mark_all_read_touches_only_the_posts_the_filter_shows() {
    let (_dir, mut store) = blog();
    let rust = [post(&mut store, "One", "rust"), post(&mut store, "Two", "rust")];
    let web = [post(&mut store, "Three", "web"), post(&mut store, "Four", "web")];
    state::mark_read(&mut store, rust[0], true).unwrap();
    let tagged = ListFilter { tag: Some("rust".into()), ..ListFilter::default() };
    assert_eq!(list::unread_count(&store, &tagged).unwrap(), 1);
    assert_eq!(list::unread_count(&store, &ListFilter::default()).unwrap(), 3);

    assert_eq!(state::mark_all_read(&mut store, &tagged).unwrap(), 1, "one was unread");
    assert_eq!(read(&store, &rust), [true, true]);
    assert_eq!(read(&store, &web), [false, false], "posts outside the filter stay unread");
    assert_eq!(list::unread_count(&store, &tagged).unwrap(), 0);
    assert_eq!(list::unread_count(&store, &ListFilter::default()).unwrap(), 2);
    // Each way of counting (the whole blog, one tag, anything else) agrees with the list.
    let unread_listed = |store: &Store, f: &ListFilter| {
        let f = ListFilter { unread_only: true, ..f.clone() };
        store::list_posts(store.conn(), &f, store.now()).unwrap().len()
    };
    let by_status = ListFilter { status: Some(crate::domain::PostStatus::Published), ..ListFilter::default() };
    let tag_and_status = ListFilter { tag: Some("web".into()), ..by_status.clone() };
    for f in [ListFilter::default(), tagged.clone(), by_status, tag_and_status] {
        assert_eq!(list::unread_count(&store, &f).unwrap(), unread_listed(&store, &f), "{f:?}");
    }
    // A deleted post's read mark goes with it, so it never counts against the total.
    state::mark_read(&mut store, web[0], true).unwrap();
    crate::ops::posts::trash_post(&mut store, web[0]).unwrap();
    assert_eq!(
        list::unread_count(&store, &ListFilter::default()).unwrap(),
        unread_listed(&store, &ListFilter::default())
    );
}

#[test]
fn marking_search_results_read_marks_those_posts_only() {
    let (_dir, mut store) = blog();
    let ids = [post(&mut store, "One", "rust"), post(&mut store, "Two", "rust"), post(&mut store, "Three", "web")];
    assert_eq!(state::mark_posts_read(&mut store, &ids[..2]).unwrap(), 2);
    assert_eq!(read(&store, &ids), [true, true, false]);
    assert_eq!(state::mark_posts_read(&mut store, &ids[..2]).unwrap(), 0, "already read");
}

#[test]
fn next_unread_skips_read_posts_and_starts_below_the_given_row() {
    let (_dir, mut store) = blog();
    // Saved one after another, so the list (newest first) is Four, Three, Two, One.
    let one = post(&mut store, "One", "rust");
    let two = post(&mut store, "Two", "rust");
    let three = post(&mut store, "Three", "web");
    state::mark_read(&mut store, three, true).unwrap();
    let all = ListFilter::default();
    let rows = store::list_posts(store.conn(), &all, store.now()).unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [three, two, one]);
    assert_eq!(list::next_unread(&store, &all, None).unwrap(), Some(two));
    let key = (rows[1].shown_at(), two);
    assert_eq!(list::next_unread(&store, &all, Some(key)).unwrap(), Some(one));
    state::mark_read(&mut store, one, true).unwrap();
    assert_eq!(list::next_unread(&store, &all, Some(key)).unwrap(), None);
}
