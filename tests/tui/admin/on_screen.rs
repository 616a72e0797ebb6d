//! Keys act on the post on screen: the article shown and the selected row never drift apart
//! (after compose, after a similar post), a pasted query searches, and a change reloads every
//! view that shows what it touched.

use super::*;

/// The title of the article in the article pane, if one is open.
fn shown(h: &Headless) -> String {
    h.state.posts.article.as_ref().map(|a| a.post.meta.title.clone()).unwrap_or_default()
}

fn selected(h: &Headless) -> String {
    h.state.posts.list.selected_row().map(|r| r.post.title.clone()).unwrap_or_default()
}

#[test]
fn after_compose_the_keys_act_on_the_post_shown_not_a_row_left_selected() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let live = "Why One Slow Query Can Sink a Whole Site";
    select_post(&mut h, live);
    assert_eq!(post_titled(h.store(), live).expect("sample").meta.status, PostStatus::Published);

    h.key(KeyCode::Char('n'));
    h.type_text("Drift Check");
    h.ctrl('s');
    h.key(KeyCode::Esc);
    assert!(h.state.compose.is_none());
    assert_eq!(shown(&h), "Drift Check", "the pane shows the post just saved");
    assert_eq!(selected(&h), shown(&h), "the selected row is the post on screen:\n{}", h.screen());

    h.key(KeyCode::Char('p'));
    assert_eq!(post_titled(h.store(), live).expect("post").meta.status, PostStatus::Published, "not taken down");
    assert_eq!(post_titled(h.store(), "Drift Check").expect("post").meta.status, PostStatus::Published);
    assert!(message(&h).contains("'Drift Check'"), "the message names the post: {}", message(&h));
}

#[test]
fn a_post_saved_outside_the_filter_leaves_the_pane_on_the_selected_row() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Enter); // the posts tagged seo
    let row = selected(&h);
    h.key(KeyCode::Char('n'));
    h.type_text("Untagged Draft");
    h.ctrl('s');
    h.key(KeyCode::Esc);
    assert_eq!(selected(&h), row, "the new post is not in this list");
    assert_eq!(shown(&h), row, "so the pane shows the selected row again:\n{}", h.screen());
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(&byline::text::fit(&row, 40)));
}

/// Opens `first`, then the first of its similar posts; the title now on screen.
fn open_a_similar_post(h: &mut Headless, first: &str) -> String {
    select_post(h, first);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Enter);
    shown(h)
}

#[test]
fn after_a_similar_post_and_q_the_keys_act_on_the_post_shown() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let first = "How Crawlers Find Your Pages: Sitemaps and robots.txt";
    let similar = open_a_similar_post(&mut h, first);
    assert_ne!(similar, first, "a similar post is open");

    // In the article, the keys act on it.
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(&byline::text::fit(&similar, 40)), "{}", confirm_question(&h));
    h.key(KeyCode::Char('n'));

    h.key(KeyCode::Char('q'));
    assert_eq!(h.state.posts.focus, byline::app::Focus::List);
    assert_eq!(selected(&h), shown(&h), "the pane and the selected row agree:\n{}", h.screen());
    h.key(KeyCode::Char('d'));
    let q = confirm_question(&h);
    assert!(q.contains(&byline::text::fit(&shown(&h), 40)), "d names the post on screen: {q}");
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Char('T'));
    let tags = post_titled(h.store(), &shown(&h)).expect("post").meta.tags.join(", ");
    assert_eq!(form(&h).field(FieldId::Tags), tags, "T edits the tags of the post on screen");
    assert!(form(&h).title.contains(&byline::text::fit(&shown(&h), 40)), "the form names it: {}", form(&h).title);
}

#[test]
fn on_a_narrow_screen_the_keys_follow_what_is_shown() {
    let blog = Blog::seeded();
    let mut h = blog.tui(80, 24);
    let first = "How Crawlers Find Your Pages: Sitemaps and robots.txt";
    let similar = open_a_similar_post(&mut h, first);
    assert_ne!(similar, first);
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(&byline::text::fit(&similar, 40)));
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Char('q')); // the list, with its selected row, is what is on screen now
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(&byline::text::fit(&selected(&h), 40)));
}

fn result_ids(h: &Headless) -> Vec<i64> {
    h.state.posts.list.rows.iter().map(|r| r.post.id.0).collect()
}

#[test]
fn a_pasted_query_searches_like_typing_it() {
    let blog = Blog::seeded();
    let mut typed = blog.tui(130, 32);
    typed.key(KeyCode::Char('/'));
    typed.type_text("cache");
    let expected = result_ids(&typed);
    assert!(!expected.is_empty(), "the sample has posts about caches");

    let mut pasted = blog.tui(130, 32);
    pasted.key(KeyCode::Char('/'));
    pasted.send(Msg::Paste("cache".into()));
    assert_eq!(result_ids(&pasted), expected, "the paste ran the same search");
    pasted.key(KeyCode::Enter);
    assert_eq!(result_ids(&pasted), expected, "Enter keeps the results");
    assert!(!pasted.screen().contains("No posts match"), "{}", pasted.screen());

    // Pasted after typed letters, and a paste too short to search waits like a letter.
    let mut mixed = blog.tui(130, 32);
    mixed.key(KeyCode::Char('/'));
    mixed.send(Msg::Paste("c".into()));
    assert!(mixed.state.posts.search_pending.is_none() && result_ids(&mixed).len() > expected.len());
    mixed.send(Msg::Paste("ache".into()));
    assert_eq!(result_ids(&mixed), expected);
}

/// The tags shown in the article header, e.g. `["#search", "#seo"]`.
fn header_tags(h: &Headless) -> Vec<String> {
    let screen = h.screen();
    // The article pane is right of the list's border.
    let line = screen.lines().filter_map(|l| l.rsplit('│').next()).find(|l| l.trim_start().starts_with("By "));
    let mut tags: Vec<String> =
        line.unwrap_or_default().split_whitespace().filter(|w| w.starts_with('#')).map(str::to_string).collect();
    tags.sort();
    tags
}

#[test]
fn renaming_or_merging_a_tag_reloads_the_article_and_the_list() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "How Crawlers Find Your Pages: Sitemaps and robots.txt";
    select_post(&mut h, title);
    assert_eq!(header_tags(&h), ["#search", "#seo"]);

    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Char('r'));
    clear_field(&mut h);
    h.type_text("findability");
    h.key(KeyCode::Enter);
    assert_eq!(message(&h), "renamed 'seo' to 'findability'");
    h.key(KeyCode::Char('1'));
    assert_eq!(shown(&h), title);
    assert_eq!(header_tags(&h), ["#findability", "#search"], "{}", h.screen());
    let row = h.state.posts.list.selected_row().expect("row");
    assert_eq!(row.post.tags, ["findability", "search"], "the list rows reload too");

    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "findability");
    h.key(KeyCode::Char('m'));
    h.type_text("search");
    h.ctrl('s');
    assert!(message(&h).starts_with("merged 'findability' into 'search'"), "{}", message(&h));
    h.key(KeyCode::Char('1'));
    assert_eq!(header_tags(&h), ["#search"], "{}", h.screen());
}

#[test]
fn a_post_change_reloads_the_tag_counts() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('1'));
    select_post(&mut h, "Load Testing Without Fooling Yourself");
    h.key(KeyCode::Char('T'));
    h.type_text(", fresh");
    h.ctrl('s');
    assert!(message(&h).contains("Load Testing Without Fooling Yourself"), "T names the post: {}", message(&h));
    let counts: Vec<(String, i64)> = h.state.tags.items.iter().map(|t| (t.name.clone(), t.posts)).collect();
    assert_eq!(counts, tag_counts(h.store()), "the tags view's counts are fresh before it is shown again");
}

#[test]
fn a_reloaded_article_keeps_the_readers_place() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    select_post(&mut h, "Why One Slow Query Can Sink a Whole Site");
    h.key(KeyCode::Enter);
    for _ in 0..12 {
        h.key(KeyCode::Char('j'));
    }
    let scroll = h.state.posts.article.as_ref().expect("open").scroll;
    assert!(scroll > 0);
    h.key(KeyCode::Char('T'));
    h.type_text(", fresh");
    h.ctrl('s');
    let a = h.state.posts.article.as_ref().expect("still open");
    assert!(a.post.meta.tags.iter().any(|t| t == "fresh"), "the article reloaded");
    assert_eq!(a.scroll, scroll, "the reader's place is kept");
}

#[test]
fn the_tags_view_on_screen_follows_a_change_made_elsewhere() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    let mut other = blog.store();
    let post = post_titled(&other, "Load Testing Without Fooling Yourself").expect("post");
    let tag = byline::domain::TagName::parse("elsewhere").expect("tag");
    byline::ops::posts::add_tags(&mut other, post.meta.id, &[tag]).expect("tag the post");
    h.send(Msg::DataChanged);
    assert!(h.state.tags.items.iter().any(|t| t.name == "elsewhere" && t.posts == 1), "{:?}", h.state.tags.items);
    assert!(h.screen().contains("elsewhere"), "{}", h.screen());
}

#[test]
fn an_empty_followed_list_says_how_to_follow_a_feed_not_how_to_write_a_post() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('F'));
    h.type_text("all followed");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("No followed items. `byline follow URL` adds a"), "{screen}");
    assert!(!screen.contains("to write one"), "{screen}");
}
