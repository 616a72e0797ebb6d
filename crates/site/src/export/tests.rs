//! The export's own checks: which posts reach the feeds, cancelling, progress.

use super::*;
use crate::SiteError;
use byline_core::domain::{NewPost, TagName, Title};
use byline_core::jobs::CancelToken;

/// A store of `n` published posts, every third tagged `odd`, the first a draft.
fn blog(n: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    for i in 0..n {
        let post = NewPost {
            title: Title::parse(&format!("Post {i}")).unwrap(),
            slug: None,
            author: Some("Ann".into()),
            tags: TagName::parse_all(if i % 3 == 0 { &["odd"][..] } else { &[][..] }).unwrap(),
            summary: String::new(),
            body: format!("Body {i}"),
            publish_at: (i > 0).then_some(1_000 + i as i64),
            created_at: Some(1_000),
        };
        store.write(|tx, _| store::add_post(tx, &post, 1_000)).unwrap();
    }
    store.set_clock(Some(100_000));
    (dir, store)
}

fn opts(dir: &std::path::Path) -> SiteOptions {
    SiteOptions { dir: dir.join("site"), base_url: "https://x.example/".into(), ..SiteOptions::default() }
}

/// The titles of a feed's items (the RSS file of the site at `rel`).
fn feed_titles(dir: &std::path::Path, rel: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("site").join(rel)).unwrap();
    text.split("<item>")
        .skip(1)
        .map(|item| item.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap().to_string())
        .collect()
}

#[test]
fn the_feeds_get_the_newest_posts_of_the_blog_and_each_tag() {
    let (dir, store) = blog(80);
    let report = export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    assert_eq!(report.posts, 79);
    let blog = feed_titles(dir.path(), "feed.xml");
    let newest: Vec<String> = (60..80).rev().map(|i| format!("Post {i}")).collect();
    assert_eq!(blog, newest);
    // The tag's feed reaches back past the blog's newest twenty.
    let odd = feed_titles(dir.path(), "tags/odd/feed.xml");
    let odd_newest: Vec<String> = (1..80).rev().filter(|i| i % 3 == 0).take(20).map(|i| format!("Post {i}")).collect();
    assert_eq!(odd, odd_newest);
}

#[test]
fn a_re_export_renders_only_the_pages_and_feeds_an_edit_touched() {
    let (dir, mut store) = blog(40);
    let first = export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    let again = export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    assert_eq!((again.written, again.unchanged), (0, first.written), "{again:?}");

    // A page edited by hand to the same length is not made again: its inputs did not change.
    let page = dir.path().join("site/posts/post-5/index.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, vec![b'x'; original.len()]).unwrap();
    // One post's body changes: its page and the feeds that carry it are written, nothing else
    // but the pages listing it would change, and they list titles only.
    let id = store::list_posts(store.conn(), &ListFilter::default(), 100_000).unwrap()[0].id;
    let changes = store::PostChanges { body: Some("A new body".into()), ..Default::default() };
    store.write(|tx, now| store::update_post(tx, id, &changes, now)).unwrap();
    let edited = export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), vec![b'x'; original.len()]);
    let feed = std::fs::read_to_string(dir.path().join("site/feed.xml")).unwrap();
    assert!(feed.contains("A new body"), "the blog's feed carries the new body");
    // The post's page, its updated date in the lists (index, tag, author, archive) and the sitemap,
    // and the three feeds of the blog.
    assert!(edited.written >= 4 && edited.written <= 12, "{edited:?}");
    assert_eq!(edited.written + edited.unchanged, first.written, "{edited:?}");

    // The page comes back when it is missing, and when its length is not the one written.
    std::fs::remove_file(&page).unwrap();
    export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), original);
}

#[test]
fn a_cancelled_export_stops_with_cancelled() {
    let (dir, store) = blog(5);
    let token = CancelToken::default();
    token.cancel();
    let err = export(&store, &opts(dir.path()), &JobCtl::new(token, None)).unwrap_err();
    assert!(matches!(err, SiteError::Cancelled), "{err}");
}

#[test]
fn progress_counts_every_step_to_the_end() {
    let (dir, store) = blog(12);
    let ctl = JobCtl::detached();
    export(&store, &opts(dir.path()), &ctl).unwrap();
    let p = ctl.progress();
    assert_eq!(Some(p.done), p.total, "{p:?}");
}

#[test]
fn an_imported_post_keeps_its_old_feed_id_in_every_feed() {
    let (dir, store) = blog(3);
    // As the importer leaves it: the GUID the post had in the old blog's feed.
    store.conn().execute("UPDATE post SET source_id = 'https://old.example/?p=42' WHERE slug = 'post-2'", []).unwrap();
    export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    let read = |rel: &str| std::fs::read_to_string(dir.path().join("site").join(rel)).unwrap();
    let rss = read("feed.xml");
    assert!(rss.contains("<guid isPermaLink=\"false\">https://old.example/?p=42</guid>"), "{rss}");
    assert_eq!(rss.matches("<guid isPermaLink=\"false\">urn:uuid:").count(), 1, "the other post keeps its own id");
    assert!(read("atom.xml").contains("<id>https://old.example/?p=42</id>"));
    assert!(read("feed.json").contains("\"id\": \"https://old.example/?p=42\""));
}
