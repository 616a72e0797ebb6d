//! Posts from a real store through the feeds: the item id is the post's guid, which a slug change
//! and republishing leave alone while the link follows the slug.

use byline_core::domain::{PostStatus, PostSummary, Slug, TagName, Title};
use byline_core::ops::posts::{self, PostFields, When};
use byline_core::store::{self, ListFilter, Store};
use byline_site::feeds::{self, FeedItem};

use super::meta;
use super::python::check;

fn fields(title: &str, slug: &str) -> PostFields {
    PostFields {
        title: Title::parse(title).unwrap(),
        slug: Some(Slug::parse(slug).unwrap()),
        author: Some("Ada".into()),
        tags: TagName::parse_all(&["rust"]).unwrap(),
        summary: "Sum".into(),
        body: "Body".into(),
    }
}

fn published(store: &Store) -> Vec<PostSummary> {
    let filter = ListFilter { status: Some(PostStatus::Published), ..ListFilter::default() };
    store::list_posts(store.conn(), &filter, store.now()).unwrap()
}

fn feed_items(store: &Store) -> Vec<FeedItem> {
    published(store)
        .iter()
        .map(|p| FeedItem::from_post(p, format!("https://blog.example.com/posts/{}/", p.slug), "<p>Body</p>".into()))
        .collect()
}

#[test]
fn a_moved_or_republished_post_keeps_its_feed_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(1_700_000_000));
    let id = posts::save_post(&mut store, None, &fields("Moving", "old-home"), Some(When::Now)).unwrap().id;
    store.set_clock(Some(1_700_000_100));
    posts::save_post(&mut store, None, &fields("Staying", "stays"), Some(When::Now)).unwrap();

    let Some(before) = check("feed", "feed.xml", &feeds::rss(&meta(), &feed_items(&store))) else { return };
    store.set_clock(Some(1_700_000_200));
    posts::save_post(&mut store, Some(id), &fields("Moving", "new-home"), None).unwrap();
    posts::unpublish_post(&mut store, id).unwrap();
    posts::publish_post(&mut store, id, When::FirstDate).unwrap();
    let after = check("feed", "feed.xml", &feeds::rss(&meta(), &feed_items(&store))).unwrap();

    let ids = |seen: &serde_json::Value| -> Vec<String> {
        seen["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
    };
    let guids: Vec<String> = published(&store).iter().map(|p| p.guid.clone()).collect();
    assert_eq!(ids(&before), guids);
    assert_eq!(ids(&after), ids(&before), "same items, same order: nothing looks new to a reader");
    assert_eq!(after["entries"][1]["link"], "https://blog.example.com/posts/new-home/");
    assert_eq!(before["entries"][1]["link"], "https://blog.example.com/posts/old-home/");
}
