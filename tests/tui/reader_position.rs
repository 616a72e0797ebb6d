//! The reader comes back where it was: selected post, and how far the open article was scrolled.

use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::KeyCode;

fn seeded(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("blog.db");
    let mut store = Store::open(&path).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    path
}

#[test]
fn selection_and_article_scroll_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = seeded(&dir);
    let mut app = Headless::new(Store::open(&path).unwrap(), 120, 30).unwrap();
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Enter);
    for _ in 0..7 {
        app.key(KeyCode::Char('j'));
    }
    let (id, scroll) = {
        let a = app.state.posts.article.as_ref().unwrap();
        (a.post.meta.id, a.scroll)
    };
    assert_eq!(scroll, 7);
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('q'));
    assert!(app.state.quit);

    let again = Headless::new(Store::open(&path).unwrap(), 120, 30).unwrap();
    assert_eq!(again.state.posts.list.selected, 2);
    let a = again.state.posts.article.as_ref().expect("the wide layout previews the selected post");
    assert_eq!((a.post.meta.id, a.scroll), (id, 7));
}

#[test]
fn a_scroll_saved_for_another_post_is_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = seeded(&dir);
    let mut app = Headless::new(Store::open(&path).unwrap(), 120, 30).unwrap();
    app.key(KeyCode::Enter);
    for _ in 0..4 {
        app.key(KeyCode::Char('j'));
    }
    app.key(KeyCode::Esc);
    app.key(KeyCode::Char('j'));
    app.key(KeyCode::Char('q'));
    // The article open at quit was the previewed second post, scrolled 0.
    let again = Headless::new(Store::open(&path).unwrap(), 120, 30).unwrap();
    assert_eq!(again.state.posts.list.selected, 1);
    assert_eq!(again.state.posts.article.as_ref().unwrap().scroll, 0);
}
