//! The tags view: rename, merge, delete (and the refusal for followed tags), the posts of a tag.

use super::*;

#[test]
fn the_tags_view_lists_tags_with_their_post_counts() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.state.view, View::Tags);
    let expected = tag_counts(h.store());
    assert_eq!(expected.len(), 12);
    let shown: Vec<(String, i64)> = h.state.tags.items.iter().map(|t| (t.name.clone(), t.posts)).collect();
    assert_eq!(shown, expected);
    let screen = h.screen();
    assert!(screen.contains("Tags · 12"), "{screen}");
    for (name, count) in &expected {
        let row = screen.lines().find(|l| l.split_whitespace().next() == Some(name)).expect("a row per tag");
        assert_eq!(row.split_whitespace().collect::<Vec<_>>(), [name, &count.to_string(), name], "{row}");
    }
    assert!(expected.contains(&("performance".into(), 5)), "{expected:?}");
}

#[test]
fn r_renames_a_tag_everywhere() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Char('r'));
    assert_eq!(form(&h).field(FieldId::NewName), "seo");
    clear_field(&mut h);
    h.type_text("search-engines");
    h.key(KeyCode::Enter); // the only field: Enter saves
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), "renamed 'seo' to 'search-engines'");
    let tags = tag_counts(h.store());
    assert!(tags.contains(&("search-engines".into(), 2)) && !tags.iter().any(|(n, _)| n == "seo"), "{tags:?}");
    let p = post_titled(h.store(), "How Crawlers Find Your Pages: Sitemaps and robots.txt").expect("post");
    assert_eq!(p.meta.tags, ["search", "search-engines"]);
    assert!(h.state.tags.items.iter().any(|t| t.name == "search-engines"), "the view re-reads");
    assert_eq!(subscriber(h.store(), "marcus.oyelaran@example.com").expect("sub").tags, ["search-engines"]);

    // Renaming onto an existing tag is refused on the field; nothing changes.
    select_tag(&mut h, "teams");
    h.key(KeyCode::Char('r'));
    clear_field(&mut h);
    h.type_text("tooling");
    h.ctrl('s');
    let error = form_error(&h, "New name").expect("refused");
    assert!(error.contains("tooling"), "{error}");
    assert_eq!(form(&h).field(FieldId::NewName), "tooling");
    assert!(tag_counts(h.store()).contains(&("teams".into(), 2)));
}

#[test]
fn m_merges_a_tag_into_another() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let store_posts = |h: &Headless, tag: &str| -> Vec<String> {
        let f = ListFilter { tag: Some(tag.into()), ..Default::default() };
        let mut v: Vec<String> =
            store::list_posts(h.store().conn(), &f, T).expect("list").into_iter().map(|p| p.title).collect();
        v.sort();
        v
    };
    let mut expected = store_posts(&h, "teams");
    expected.extend(store_posts(&h, "tooling"));
    expected.sort();
    expected.dedup();

    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "teams");
    h.key(KeyCode::Char('m'));
    h.type_text("te");
    assert_eq!(form(&h).fields[0].suggestions(4), Vec::<&str>::new(), "a tag is not offered to merge into itself");
    assert!(!h.screen().contains("Tab: teams"), "{}", h.screen());
    clear_field(&mut h);
    h.type_text("too");
    assert!(h.screen().contains("Tab: tooling"), "{}", h.screen());
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Into), "tooling");
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), "merged 'teams' into 'tooling' (2 posts)");
    assert!(!tag_counts(h.store()).iter().any(|(n, _)| n == "teams"));
    assert_eq!(store_posts(&h, "tooling"), expected, "the posts moved");
    assert!(!h.state.tags.items.iter().any(|t| t.name == "teams"), "the view re-reads");

    // Merging into a tag that does not exist is refused on the field.
    select_tag(&mut h, "media");
    h.key(KeyCode::Char('m'));
    h.type_text("nonesuch");
    h.key(KeyCode::Enter);
    assert!(form_error(&h, "Into").is_some());
    assert!(tag_counts(h.store()).contains(&("media".into(), 1)));
}

#[test]
fn d_deletes_a_tag_nobody_follows_after_asking() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "languages");
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains("Delete the tag 'languages' from 2 post(s)?"));
    h.key(KeyCode::Char('n'));
    assert!(tag_counts(h.store()).contains(&("languages".into(), 2)), "n keeps it");

    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), "deleted 'languages' from 2 post(s)");
    assert!(!tag_counts(h.store()).iter().any(|(n, _)| n == "languages"));
    let p = post_titled(h.store(), "Choosing a Back-End Language Without Starting a War").expect("post kept");
    assert_eq!(p.meta.tags, ["servers", "teams"]);
    assert_eq!(h.state.tags.items.len(), 11);
}

#[test]
fn deleting_a_followed_tag_is_refused_and_changes_nothing() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let tags_before = tag_counts(h.store());
    let subs_before = subscribers(h.store());
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    let msg = message(&h);
    assert!(msg.contains("1 subscriber(s) follow 'seo'"), "{msg}");
    assert!(msg.contains("merge it into another tag with m"), "{msg}");
    assert!(h.screen().contains("1 subscriber(s) follow 'seo'"), "{}", h.screen());
    assert_eq!(tag_counts(h.store()), tags_before);
    assert_eq!(subscribers(h.store()), subs_before);
}

#[test]
fn enter_on_a_tag_shows_its_posts() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "databases");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.view, View::Posts);
    assert_eq!(h.state.posts.filter.tag.as_deref(), Some("databases"));
    let mut titles: Vec<String> = h.state.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["The Machine Learning Behind Similar Posts", "Why One Slow Query Can Sink a Whole Site"],
        "only the tag's posts"
    );
    let screen = h.screen();
    assert!(screen.lines().next().is_some_and(|l| l.contains("tag: databases") && l.contains("2 posts")), "{screen}");
}
