//! Snapshots of what the editor sees on the admin side: the compose pane (wide and narrow, with
//! its preview and a field error), the tags and subscribers views, their forms, a confirmation
//! and the help of each view. Plain theme, UTC and a fixed clock (see `Headless`), so the
//! screens are the same on every machine.

use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use tempfile::TempDir;

/// The fixed clock: 2026-07-01T00:00:00Z.
const T: i64 = 1_782_864_000;

/// The sample blog at `T`, in a terminal of this size. The directory lives as long as the TUI.
fn seeded(width: u16, height: u16) -> (TempDir, Headless) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("blog.db")).expect("open store");
    store.set_clock(Some(T));
    byline::transfer::sample::load(&mut store).expect("sample blog");
    let h = Headless::new(store, width, height).expect("headless");
    (dir, h)
}

/// The rows drawn as selected (reversed, in the plain theme), below the header and above the
/// status bar: what a text snapshot cannot show.
fn selected_rows(h: &Headless) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(h.state.width, h.state.height)).expect("test terminal");
    h.draw(&mut terminal);
    let buffer = terminal.backend().buffer();
    (1..buffer.area.height.saturating_sub(1))
        .filter(|&y| buffer[(0, y)].modifier.contains(Modifier::REVERSED))
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim().to_string())
        .collect()
}

/// A new post with every field filled and a slug the editor got wrong, after Ctrl-S.
fn compose_with_a_slug_error(h: &mut Headless) {
    h.key(KeyCode::Char('n'));
    h.type_text("Notes on Caching Headers");
    h.key(KeyCode::Tab);
    h.type_text("Caching Headers");
    h.key(KeyCode::Tab);
    h.type_text("Kofi Adjei");
    h.key(KeyCode::Tab);
    h.type_text("caching, performance");
    h.key(KeyCode::Tab);
    h.type_text("What Cache-Control says, and who listens.");
    h.key(KeyCode::Tab);
    h.type_text(
        "# Cache-Control\n\nA response can say how long it stays *fresh*:\n\n- `max-age` for browsers\n- `s-maxage` for shared caches\n\nEverything else is **negotiation**.",
    );
    h.ctrl('s');
}

#[test]
fn compose_wide_with_side_by_side_preview_and_a_slug_error() {
    let (_dir, mut h) = seeded(130, 32);
    compose_with_a_slug_error(&mut h);
    let screen = h.screen();
    assert!(screen.contains("invalid slug 'Caching Headers'"), "{screen}");
    assert!(screen.contains("Preview"), "{screen}");
    insta::assert_snapshot!("compose_wide_slug_error", screen);
}

#[test]
fn compose_narrow_editor_then_preview_after_ctrl_p() {
    let (_dir, mut h) = seeded(80, 24);
    compose_with_a_slug_error(&mut h);
    let screen = h.screen();
    assert!(screen.contains("invalid slug"), "{screen}");
    assert!(!screen.contains("Preview"), "narrow: the editor alone\n{screen}");
    insta::assert_snapshot!("compose_narrow_slug_error", screen);

    h.ctrl('p');
    let screen = h.screen();
    assert!(screen.contains("Preview") && !screen.contains("Body (markdown)"), "{screen}");
    insta::assert_snapshot!("compose_narrow_preview", screen);
}

#[test]
fn tags_view() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    let selected = selected_rows(&h);
    assert_eq!(selected.len(), 1, "{selected:?}");
    assert!(selected[0].starts_with("frontend"), "{selected:?}");
    insta::assert_snapshot!("tags_view", h.screen());
}

#[test]
fn subscribers_view_filtered_by_text() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('/'));
    h.type_text("example.net");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.subscribers.shown().len(), 2);
    let selected = selected_rows(&h);
    assert_eq!(selected.len(), 1, "{selected:?}");
    assert!(selected[0].starts_with("piet.whitlock@example.net"), "the first shown row is selected: {selected:?}");
    insta::assert_snapshot!("subscribers_view_text_filter", h.screen());
}

#[test]
fn subscribers_view_filtered_by_status() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.subscribers.shown().len(), 3);
    insta::assert_snapshot!("subscribers_view_status_filter", h.screen());
}

#[test]
fn subscriber_add_form_with_a_live_email_error() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('a'));
    h.type_text("ada@example");
    insta::assert_snapshot!("subscriber_add_email_error", h.screen());
}

#[test]
fn post_delete_confirmation() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('d'));
    insta::assert_snapshot!("post_delete_confirm", h.screen());
}

#[test]
fn tag_delete_confirmation() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('d'));
    insta::assert_snapshot!("tag_delete_confirm", h.screen());
}

#[test]
fn help_in_the_tags_view() {
    let (_dir, mut h) = seeded(100, 30);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("rename the tag") && !screen.contains("add a subscriber"), "{screen}");
    insta::assert_snapshot!("help_tags", screen);
}

#[test]
fn help_in_the_subscribers_view() {
    let (_dir, mut h) = seeded(100, 30);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("add a subscriber") && !screen.contains("rename the tag"), "{screen}");
    insta::assert_snapshot!("help_subscribers", screen);
}

#[test]
fn help_in_the_subscribers_view_in_two_columns_when_short() {
    let (_dir, mut h) = seeded(100, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("add a subscriber") && screen.contains("quit from anywhere"), "{screen}");
    insta::assert_snapshot!("help_subscribers_two_columns", screen);
}
