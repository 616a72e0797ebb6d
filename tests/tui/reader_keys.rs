//! Keys that do nothing say so, and point to the help.

use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::{KeyCode, KeyModifiers};

#[test]
fn an_unbound_letter_points_to_the_help_and_the_next_key_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    let mut app = Headless::new(store, 80, 24).unwrap();
    app.key(KeyCode::Char('Z'));
    assert_eq!(app.state.message.as_deref(), Some("'Z' does nothing here; ? lists the keys"));
    assert!(app.screen().contains("'Z' does nothing here; ? lists the keys"));
    assert_eq!(app.state.posts.list.selected, 0);
    app.key(KeyCode::Char('j'));
    assert_eq!(app.state.message, None);
    assert_eq!(app.state.posts.list.selected, 1);
    // Control chords and function keys that do nothing stay quiet.
    app.key_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    app.key(KeyCode::F(5));
    assert_eq!(app.state.message, None);
}

/// Similar posts follow the article from their own thread; `s` pressed before they arrive waits
/// for them instead of saying there are none.
#[test]
fn s_before_the_similar_posts_arrive_selects_them_when_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    let mut app = Headless::new(store, 120, 30).unwrap();
    app.defer_related = true;
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Enter);
    let article = app.state.posts.article.as_ref().unwrap();
    assert!(article.related.is_empty() && !article.related_loaded);

    app.key(KeyCode::Char('s'));
    assert_eq!(app.state.message.as_deref(), Some("finding similar posts…"));
    assert_eq!(app.state.posts.article.as_ref().unwrap().related_selected, None);

    app.load_related();
    let article = app.state.posts.article.as_ref().unwrap();
    assert!(!article.related.is_empty());
    assert_eq!(article.related_selected, Some(0), "the first similar post is selected on arrival");
    assert!(app.screen().contains("Similar posts"));
}
