//! The export's own checks: which posts reach the feeds, cancelling, progress.

use super::*;
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

#[test]
fn the_feeds_get_the_newest_posts_of_the_blog_and_each_tag_and_their_files_are_written() {
    let (dir, store) = blog(80);
    let seen = std::cell::RefCell::new((Vec::new(), Vec::new(), 0));
    let maker = |input: &FeedInput<'_>| {
        *seen.borrow_mut() = (
            input.posts.iter().map(|e| e.post.title.clone()).collect::<Vec<_>>(),
            input.tags.to_vec(),
            input.pages.len(),
        );
        Ok(vec![(PathBuf::from("tags/odd/feed.xml"), b"<rss/>".to_vec()), (PathBuf::from("feed.xml"), b"x".to_vec())])
    };
    let report = export_with_feeds(&store, &opts(dir.path()), &JobCtl::detached(), &maker).unwrap();
    assert_eq!(report.posts, 79);
    let (titles, tags, pages) = seen.take();
    // The newest 20 (79 down to 60), then the older posts of `odd` until it has 20.
    assert_eq!(titles.first().map(String::as_str), Some("Post 79"));
    assert_eq!(titles.len(), 20 + (20 - 7), "{titles:?}");
    assert!(titles[20..].iter().all(|t| t.trim_start_matches("Post ").parse::<usize>().unwrap() % 3 == 0));
    assert_eq!(tags, [("odd".to_string(), "odd".to_string())]);
    // 79 posts, 8 index pages, a tag, an author and the archive.
    assert_eq!(pages, 79 + 8 + 3);
    assert_eq!(std::fs::read(dir.path().join("site/tags/odd/feed.xml")).unwrap(), b"<rss/>");

    let escape = |_: &FeedInput<'_>| Ok(vec![(PathBuf::from("../feed.xml"), b"x".to_vec())]);
    let err = export_with_feeds(&store, &opts(dir.path()), &JobCtl::detached(), &escape).unwrap_err();
    assert!(matches!(err, SiteError::UnsafePath(_)), "{err}");
    assert!(!dir.path().join("feed.xml").exists());
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
