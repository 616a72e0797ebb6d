//! The help fits small terminals: every key of the view can be read, by columns or scrolling.

use byline::app::Overlay;
use byline::app::keymap::{self, TableId};
use crossterm::event::KeyCode;

use super::sample;

/// Scrolls the help to its end, gathering every screen's text.
fn every_help_screen(h: &mut byline::tui::Headless) -> String {
    h.key(KeyCode::Char('?'));
    let mut seen = h.screen();
    for _ in 0..40 {
        h.key(KeyCode::Char('j'));
        assert_eq!(h.state.overlay, Some(Overlay::Help), "j scrolls, it does not close");
        seen.push_str(&h.screen());
    }
    seen
}

fn assert_lists_every_key(seen: &str, table: TableId) {
    for b in keymap::bindings(table) {
        assert!(seen.contains(b.help), "'{}' never shown:\n{seen}", b.help);
        assert!(seen.contains(&b.keys[0].label()), "{:?} never shown", b.keys[0]);
    }
}

#[test]
fn at_80x24_and_60x20_every_reader_key_can_be_read_by_scrolling() {
    for (w, hgt) in [(80, 24), (60, 20)] {
        let (_dir, mut h) = sample(w, hgt);
        h.key(KeyCode::Char('?'));
        let first = h.screen();
        assert!(first.contains("j/k PgUp/PgDn scroll"), "says how to see the rest at {w}x{hgt}:\n{first}");
        assert!(!first.contains("quit from anywhere"), "the last key is below the fold at {w}x{hgt}");
        h.key(KeyCode::Esc);
        let seen = every_help_screen(&mut h);
        assert_lists_every_key(&seen, TableId::Reader);
        // Scrolling stops at the last screenful, which shows the last key.
        assert!(h.screen().contains("quit from anywhere"), "{}", h.screen());
        h.key(KeyCode::Char('g'));
        assert_eq!(h.state.help_scroll, 0);
        h.key(KeyCode::Char('x'));
        assert_eq!(h.state.overlay, None, "another key closes the help");
    }
}

#[test]
fn a_wide_terminal_shows_the_help_in_two_columns_without_scrolling() {
    let (_dir, mut h) = sample(140, 30);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(!screen.contains("scroll:"), "{screen}");
    assert_lists_every_key(&screen, TableId::Reader);
    let row = screen.lines().find(|l| l.contains("move down")).unwrap();
    // Entries on the row, not counting a help text that is part of a longer one there.
    let helps: Vec<&str> = keymap::bindings(TableId::Reader).map(|b| b.help).filter(|h| row.contains(h)).collect();
    let entries = helps.iter().filter(|h| !helps.iter().any(|o| o != *h && o.contains(*h))).count();
    assert_eq!(entries, 2, "two columns side by side: {row}");
}

#[test]
fn compose_has_its_own_help_with_the_editing_keys() {
    let (_dir, mut h) = sample(80, 24);
    h.key(KeyCode::Char('n'));
    assert!(h.state.compose.is_some());
    assert!(h.screen().contains("F1 help"), "compose's hints name its help key:\n{}", h.screen());
    h.key(KeyCode::F(1));
    assert_eq!(h.state.overlay, Some(Overlay::Help));
    let mut seen = h.screen();
    for _ in 0..20 {
        h.key(KeyCode::Down);
        seen.push_str(&h.screen());
    }
    for words in ["undo", "redo", "select text", "copy the selection", "cut the selection", "paste", "Ctrl-Y"] {
        assert!(seen.contains(words), "compose help lacks '{words}':\n{seen}");
    }
    assert_lists_every_key(&seen, TableId::Compose);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.overlay, None);
    assert!(h.state.compose.is_some(), "closing the help leaves compose open");
}

#[test]
fn the_help_hint_is_the_last_dropped_from_a_narrow_status_bar() {
    for width in [20, 30, 45, 80] {
        let (_dir, h) = sample(width, 10);
        let screen = h.screen();
        let status = screen.lines().last().unwrap();
        assert!(status.contains("? help"), "at {width} columns: {status:?}");
    }
    let (_dir, h) = sample(30, 10);
    let status = h.screen().lines().last().unwrap().to_string();
    assert!(status.contains("Enter open") && !status.contains("search"), "others are dropped first: {status:?}");
}

#[test]
fn the_wheel_scrolls_the_help_instead_of_closing_it() {
    let (_dir, mut h) = sample(80, 24);
    h.key(KeyCode::Char('?'));
    h.action(byline::app::Action::Scroll { up: false, column: 40, row: 10 });
    assert_eq!((h.state.overlay.clone(), h.state.help_scroll), (Some(Overlay::Help), 3));
    h.action(byline::app::Action::Scroll { up: true, column: 40, row: 10 });
    assert_eq!((h.state.overlay.clone(), h.state.help_scroll), (Some(Overlay::Help), 0));
}
