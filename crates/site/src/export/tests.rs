//! The export's own checks: which posts reach the feeds, cancelling, progress.

use super::*;
use crate::SiteError;
use crate::export::lists::LIST_PER_PAGE;
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

#[test]
fn tag_author_and_archive_lists_are_paginated_and_every_post_is_listed_once() {
    // 250 published posts (the first is a draft), every third tagged `odd`, all by Ann.
    let (dir, store) = blog(251);
    export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    let site = dir.path().join("site");
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // The titles a list page links, in order.
    let listed = |rel: &str| -> Vec<String> {
        let page = read(rel);
        let list = page.split("<ul class=\"list\">").nth(1).unwrap().split("</ul>").next().unwrap().to_string();
        let text_of = |a: &str| a.split_once('>').and_then(|(_, t)| t.split_once("</a>")).map(|(t, _)| t.to_string());
        list.split("<a href=").skip(1).filter_map(text_of).collect()
    };
    let pages = |first: &str, count: usize| -> Vec<String> {
        (1..=count)
            .flat_map(|n| {
                listed(&if n == 1 { format!("{first}index.html") } else { format!("{first}page/{n}/index.html") })
            })
            .collect()
    };
    let newest_first: Vec<String> = (1..251).rev().map(|i| format!("Post {i}")).collect();
    assert_eq!(listed("archive/index.html").len(), LIST_PER_PAGE);
    assert_eq!(pages("archive/", 3), newest_first);
    assert!(!site.join("archive/page/4").exists());
    assert_eq!(pages("authors/ann/", 3), newest_first);
    let odd: Vec<String> = newest_first.iter().filter(|t| t[5..].parse::<usize>().unwrap() % 3 == 0).cloned().collect();
    assert_eq!(odd.len(), 83);
    assert_eq!(pages("tags/odd/", 1), odd);
    assert!(!site.join("tags/odd/page/2").exists());
    // Pages link their neighbours, and the sitemap names every one.
    let second = read("archive/page/2/index.html");
    assert!(second.contains("href=\"https://x.example/archive/\"") && second.contains("archive/page/3/"), "{second}");
    let sitemap = read("sitemap.xml");
    for url in ["archive/", "archive/page/2/", "archive/page/3/", "authors/ann/page/3/", "tags/odd/"] {
        assert!(sitemap.contains(&format!("<loc>https://x.example/{url}</loc>")), "{url} not in the sitemap");
    }
}

/// Every file of the site at `root` but the export's own bookkeeping, by path.
fn site_files(root: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, into: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(root, &path, into);
            } else if !rel.starts_with(".byline-") {
                into.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = std::collections::BTreeMap::new();
    walk(root, root, &mut files);
    files
}

#[test]
fn after_each_edit_a_re_export_gives_the_bytes_a_fresh_export_gives() {
    // The pages skipped by their digests and the similar posts kept from the last export must
    // never leave a stale file: after each change, the kept folder equals a fresh export's.
    let (dir, mut store) = blog(40);
    let kept = opts(dir.path());
    export(&store, &kept, &JobCtl::detached()).unwrap();
    let posts = store::list_posts(store.conn(), &ListFilter::default(), 100_000).unwrap();
    let id_of = |title: &str| posts.iter().find(|p| p.title == title).unwrap().id;
    let edits = [
        // Shown on its page, the index, and the similar cards of the other `odd` posts.
        (id_of("Post 39"), store::PostChanges { summary: Some("A summary at last".into()), ..Default::default() }),
        (id_of("Post 21"), store::PostChanges { body: Some("Another body".into()), ..Default::default() }),
        // A title without the word all the others share: every similar ranking is made again.
        (id_of("Post 12"), store::PostChanges { title: Some(Title::parse("Renamed").unwrap()), ..Default::default() }),
        (
            id_of("Post 4"),
            store::PostChanges { tags: Some(TagName::parse_all(&["odd"]).unwrap()), ..Default::default() },
        ),
    ];
    for (n, (id, changes)) in edits.into_iter().enumerate() {
        store.write(|tx, now| store::update_post(tx, id, &changes, now)).unwrap();
        let report = export(&store, &kept, &JobCtl::detached()).unwrap();
        let fresh = SiteOptions { dir: dir.path().join(format!("fresh-{n}")), ..kept.clone() };
        export(&store, &fresh, &JobCtl::detached()).unwrap();
        let (old, new) = (site_files(&kept.dir), site_files(&fresh.dir));
        assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>(), "edit {n}");
        let stale: Vec<&String> = old.iter().filter(|(k, v)| new[*k] != **v).map(|(k, _)| k).collect();
        assert!(stale.is_empty(), "edit {n} left stale files: {stale:?} ({report:?})");
        assert!(report.written > 0 && report.unchanged > 0, "edit {n}: {report:?}");
    }
    // A similar-posts note edited by hand is not believed: the pages stay right.
    std::fs::write(kept.dir.join(".byline-similar"), "12\n1 2 3\n").unwrap();
    let report = export(&store, &kept, &JobCtl::detached()).unwrap();
    assert_eq!(report.written, 0, "{report:?}");
}

#[test]
fn an_edited_summary_rewrites_the_pages_whose_similar_cards_show_it() {
    let (dir, mut store) = blog(40);
    export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    let site = dir.path().join("site");
    // The pages that show Post 39 in their similar cards (the newest tagged `odd`, as every third).
    let showing = |summary: &str| -> Vec<String> {
        let mut pages: Vec<String> = std::fs::read_dir(site.join("posts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|slug| {
                let page = std::fs::read_to_string(site.join("posts").join(slug).join("index.html")).unwrap();
                page.split("class=\"similar\"").nth(1).is_some_and(|cards| cards.contains(summary))
            })
            .collect();
        pages.sort();
        pages
    };
    let id = store::list_posts(store.conn(), &ListFilter::default(), 100_000)
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Post 39")
        .unwrap()
        .id;
    let changes = store::PostChanges { summary: Some("Thirty-nine, summed up".into()), ..Default::default() };
    store.write(|tx, now| store::update_post(tx, id, &changes, now)).unwrap();
    export(&store, &opts(dir.path()), &JobCtl::detached()).unwrap();
    let pages = showing("Thirty-nine, summed up");
    assert!(!pages.is_empty(), "some post shows Post 39 among its similar posts");
    assert!(!pages.contains(&"post-39".to_string()), "{pages:?}");
}
