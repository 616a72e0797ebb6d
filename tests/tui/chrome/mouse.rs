//! Mouse clicks (when capture is on): select rows, focus panes, open similar posts and links.
//! Clicks arrive as actions with screen positions, mapped by the layout the drawing uses.

use byline::app::{Action, Focus, View};
use crossterm::event::KeyCode;

use super::sample;

fn click(h: &mut byline::tui::Headless, column: u16, row: u16) {
    h.action(Action::Click { column, row });
}

/// The id of the article on screen.
fn shown(h: &byline::tui::Headless) -> Option<i64> {
    h.state.posts.article.as_ref().map(|a| a.post.meta.id.0)
}

#[test]
fn mouse_capture_is_off_by_default_so_the_terminal_can_select_text() {
    let (_dir, h) = sample(120, 30);
    assert!(!h.state.settings.mouse);
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    let (_dir, mut h) = sample(120, 30);
    // Rows are two lines each under the list's title line (screen row 1): the third post is
    // on rows 6 and 7.
    click(&mut h, 10, 7);
    assert_eq!(h.state.posts.list.selected, 2);
    let third = h.state.posts.list.rows[2].post.id.0;
    assert_eq!(shown(&h), Some(third), "the article pane follows, as for j");
    assert_eq!(h.state.posts.focus, Focus::List);
    assert!(!h.state.posts.list.rows[2].read);

    click(&mut h, 10, 6);
    assert_eq!(h.state.posts.focus, Focus::Article, "a click on the selected row opens it");
    assert!(h.state.posts.list.rows[2].read);

    // A click in the list pane focuses it again; below the last row does nothing.
    click(&mut h, 10, 27);
    assert_eq!((h.state.posts.focus, h.state.posts.list.selected), (Focus::List, 2));
    // And a click in the article pane focuses that.
    click(&mut h, 80, 10);
    assert_eq!(h.state.posts.focus, Focus::Article);
}

#[test]
fn a_click_on_a_similar_post_opens_it() {
    let (_dir, mut h) = sample(120, 30);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('s'));
    let a = h.state.posts.article.as_ref().unwrap();
    assert!(a.related.len() >= 2, "the sample's first post has similar posts");
    let second = a.related[1].id.0;
    // Similar post 2's title is line related_at + 3; the pane's text starts on screen row 2.
    let line = a.related_at + 3;
    let row = 2 + (line - a.scroll) as u16;
    assert!(h.screen().lines().nth(usize::from(row)).unwrap().contains("2. "), "{}", h.screen());
    click(&mut h, 70, row);
    assert_eq!(shown(&h), Some(second));
}

#[test]
fn a_click_on_a_link_marker_opens_the_link() {
    let (_dir, mut h) = sample(120, 30);
    // Find a post with links.
    for _ in 0..10 {
        h.key(KeyCode::Enter);
        if h.state.posts.article.as_ref().is_some_and(|a| !a.links.is_empty()) {
            break;
        }
        h.key(KeyCode::Esc);
        h.key(KeyCode::Char('j'));
    }
    let a = h.state.posts.article.as_ref().unwrap();
    let first = a.links[0].clone();
    let text = |l: &ratatui::text::Line<'_>| l.spans.iter().map(|s| s.content.to_string()).collect::<String>();
    let n = a.lines.iter().position(|l| text(l).contains("[1]")).expect("a line with the first marker");
    let col = text(&a.lines[n]).find("[1]").unwrap();
    let col = text(&a.lines[n])[..col].chars().count() as u16;
    // Scroll the line into view, then click on the marker.
    while h.state.posts.article.as_ref().unwrap().scroll + 20 < n {
        h.key(KeyCode::Char('j'));
    }
    let scroll = h.state.posts.article.as_ref().unwrap().scroll;
    let row = 2 + (n - scroll) as u16;
    let x = h.state.layout.article.x + 1 + col + 1;
    click(&mut h, x, row);
    assert_eq!(h.opened(), [first]);
}

#[test]
fn in_the_tags_view_a_click_selects_a_tag_and_a_second_opens_its_posts() {
    let (_dir, mut h) = sample(120, 30);
    h.key(KeyCode::Char('2'));
    // The tags table: title on row 1, header on row 2, tags from row 3.
    click(&mut h, 5, 5);
    assert_eq!(h.state.tags.selected, 2);
    let tag = h.state.tags.items[2].name.clone();
    click(&mut h, 5, 5);
    assert_eq!(h.state.view, View::Posts);
    assert_eq!(h.state.posts.filter.tag, Some(tag));
}

#[test]
fn in_a_picker_a_click_selects_a_name_and_a_second_chooses_it() {
    let (_dir, mut h) = sample(120, 35);
    h.key(KeyCode::Char('t'));
    let screen = h.screen();
    let row = screen.lines().position(|l| l.contains(" frontend ")).unwrap() as u16;
    click(&mut h, 60, row);
    let Some(byline::app::Overlay::Picker(p)) = &h.state.overlay else { panic!("the picker stays open") };
    assert_eq!(p.selected, 2);
    click(&mut h, 60, row);
    assert_eq!(h.state.overlay, None);
    assert_eq!(h.state.posts.filter.tag.as_deref(), Some("frontend"));
}

#[test]
fn in_the_subscribers_view_a_click_selects_a_subscriber() {
    let (_dir, mut h) = sample(120, 30);
    h.key(KeyCode::Char('3'));
    let screen = h.screen();
    let row = screen.lines().position(|l| l.starts_with(" lucie.baptiste@")).unwrap() as u16;
    click(&mut h, 5, row);
    let selected = h.state.subscribers.list.selected_row().map(|s| s.email.as_str().to_string());
    assert_eq!(selected.as_deref(), Some("lucie.baptiste@example.net"));
    // Below the last subscriber: nothing changes.
    click(&mut h, 5, 25);
    let still = h.state.subscribers.list.selected_row().map(|s| s.email.as_str().to_string());
    assert_eq!(still, selected);
}
