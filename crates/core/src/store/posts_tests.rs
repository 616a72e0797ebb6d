//! Tests of the post queries: keyset pages, tag plans, counts and positions on a real file.

use super::*;
use crate::store::{Store, each_post, post_summaries};

/// 40 posts a day apart; "even" tags every second one, "rare" only post 7.
fn blog() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store
        .write(|tx, _| {
            for i in 1..=40i64 {
                let mut tags = vec![TagName::parse("all").unwrap()];
                if i % 2 == 0 {
                    tags.push(TagName::parse("even").unwrap());
                }
                if i == 7 {
                    tags.push(TagName::parse("rare").unwrap());
                }
                let at = 1_700_000_000 + i * 86_400;
                let post = NewPost {
                    title: Title::parse(&format!("Post {i}")).unwrap(),
                    slug: None,
                    author: None,
                    tags,
                    summary: String::new(),
                    body: String::new(),
                    publish_at: (i % 5 != 0).then_some(at),
                    created_at: Some(at),
                };
                add_post(tx, &post, at)?;
            }
            Ok(())
        })
        .unwrap();
    (dir, store)
}

fn ids(posts: &[PostSummary]) -> Vec<i64> {
    posts.iter().map(|p| p.id.0).collect()
}

#[test]
fn pages_of_a_tag_match_the_whole_list_whichever_plan_finds_them() {
    let (_dir, store) = blog();
    let now = 1_800_000_000;
    for tag in ["all", "even", "rare"] {
        let whole = ListFilter { tag: Some(tag.into()), ..ListFilter::default() };
        let expected = ids(&list_posts(store.conn(), &whole, now).unwrap());
        for limit in [1, 3, 60] {
            let mut paged = Vec::new();
            let mut filter = ListFilter { limit: Some(limit), ..whole.clone() };
            loop {
                let page = list_posts(store.conn(), &filter, now).unwrap();
                let Some(last) = page.last() else { break };
                filter.older_than = Some((last.shown_at(), last.id));
                paged.extend(ids(&page));
            }
            assert_eq!(paged, expected, "tag {tag}, pages of {limit}");
        }
        let first = ids(&list_posts(store.conn(), &ListFilter { limit: Some(3), ..whole.clone() }, now).unwrap());
        let back = ListFilter { newer_than: Some((i64::MIN, PostId(0))), limit: Some(3), ..whole.clone() };
        let oldest = ids(&list_posts(store.conn(), &back, now).unwrap());
        assert_eq!(first, expected[..first.len()]);
        assert_eq!(oldest, expected[expected.len() - oldest.len()..]);
    }
    assert_eq!(
        ids(&list_posts(store.conn(), &ListFilter { tag: Some("rare".into()), ..ListFilter::default() }, now).unwrap()),
        [7]
    );
}

#[test]
fn counting_a_tag_alone_agrees_with_counting_rows() {
    let (_dir, store) = blog();
    let now = 1_800_000_000;
    for tag in ["all", "even", "rare"] {
        let f = ListFilter { tag: Some(tag.into()), limit: Some(2), ..ListFilter::default() };
        let listed = list_posts(store.conn(), &ListFilter { limit: None, ..f.clone() }, now).unwrap().len();
        assert_eq!(post_count(store.conn(), &f, now).unwrap(), listed as i64, "{tag}");
        let published = ListFilter { status: Some(PostStatus::Published), ..f.clone() };
        let listed = list_posts(store.conn(), &ListFilter { limit: None, ..published.clone() }, now).unwrap();
        assert_eq!(post_count(store.conn(), &published, now).unwrap(), listed.len() as i64, "{tag}");
    }
    assert!(matches!(
        post_count(store.conn(), &ListFilter { tag: Some("nope".into()), ..ListFilter::default() }, 0),
        Err(StoreError::TagNotFound(_))
    ));
}

#[test]
fn streamed_posts_and_summaries_by_id_agree_with_the_list() {
    let (_dir, store) = blog();
    let now = 1_700_000_000 + 100 * 86_400;
    let f = ListFilter { status: Some(PostStatus::Published), ..ListFilter::default() };
    let listed = list_posts(store.conn(), &f, now).unwrap();
    let mut streamed = Vec::new();
    each_post(store.conn(), &ListFilter { limit: Some(3), ..f.clone() }, now, |s| {
        streamed.push(s);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, listed, "every post, in the list's order, whatever the filter's paging");
    assert_eq!(listed.len(), 32);

    // In the order asked for, a missing id left out.
    let wanted = [listed[5].id, PostId(9_999), listed[0].id, listed[31].id];
    let got = post_summaries(store.conn(), &wanted, now).unwrap();
    assert_eq!(ids(&got), vec![listed[5].id.0, listed[0].id.0, listed[31].id.0]);
    assert_eq!(got[0], listed[5]);
    assert!(post_summaries(store.conn(), &[], now).unwrap().is_empty());
}
