//! Back is one level back: a view stack, not a rule per view.

use byline::app::View;
use crossterm::event::KeyCode;

use super::sample;

/// Selects the tag called `name` in the tags view.
fn select_tag(h: &mut byline::tui::Headless, name: &str) {
    h.key(KeyCode::Char('g'));
    while h.state.tags.items.get(h.state.tags.selected).is_some_and(|t| t.name != name) {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.state.tags.items[h.state.tags.selected].name, name);
}

#[test]
fn q_and_esc_from_a_tags_posts_return_to_the_tags_view_with_the_tag_selected() {
    for back in [KeyCode::Char('q'), KeyCode::Esc] {
        let (_dir, mut h) = sample(120, 30);
        h.key(KeyCode::Char('2'));
        select_tag(&mut h, "seo");
        let selected = h.state.tags.selected;
        h.key(KeyCode::Enter);
        assert_eq!(h.state.view, View::Posts);
        assert_eq!(h.state.posts.filter.tag.as_deref(), Some("seo"));
        // Into an article and back out of it: each key is one level.
        h.key(KeyCode::Enter);
        h.key(back);
        assert_eq!(h.state.view, View::Posts, "the first back leaves the article");
        h.key(back);
        assert!(!h.state.quit, "{back:?} never quits from a tag's posts");
        assert_eq!(h.state.view, View::Tags);
        assert_eq!(h.state.tags.selected, selected, "the same tag is selected");
        assert_eq!(h.state.posts.filter.tag, None, "the posts view has its filter from before");
        assert!(h.screen().contains("Tags · 12"));
    }
}

#[test]
fn at_the_bottom_of_the_stack_q_quits_as_before() {
    let (_dir, mut h) = sample(120, 30);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('q'));
    assert_eq!(h.state.view, View::Tags);
    h.key(KeyCode::Char('q'));
    assert!(h.state.quit, "the tags view is the bottom: q quits");
}

#[test]
fn the_number_keys_switch_views_like_tabs_and_start_a_fresh_stack() {
    let (_dir, mut h) = sample(120, 30);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.stack.len(), 1);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('1'));
    assert!(h.state.stack.is_empty());
    h.key(KeyCode::Char('q'));
    assert!(h.state.quit, "no tags view to return to after a switch");
}
