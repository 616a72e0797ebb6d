//! Status messages by meaning, wrapped when long, and kept in a log.

use byline::app::messages::Level;
use byline::app::{Msg, Overlay};
use crossterm::event::KeyCode;
use ratatui::style::Color;

use super::{buffer, sample};

/// The colour of the status bar's first letter (after the leading space).
fn status_colour(h: &mut byline::tui::Headless) -> Option<Color> {
    let b = buffer(h, true);
    b.cell((1, h.state.height - 1)).and_then(|c| if c.fg == Color::Reset { None } else { Some(c.fg) })
}

#[test]
fn messages_are_coloured_by_meaning() {
    let (_dir, mut h) = sample(100, 30);
    h.send(Msg::Error("cannot write: the disk is full".into()));
    assert_eq!(h.state.message_level(), Level::Error);
    assert_eq!(status_colour(&mut h), Some(Color::Red));

    // A write that worked says so in green.
    h.key(KeyCode::Char('y'));
    assert!(h.state.message.as_deref().unwrap_or("").starts_with("copied"), "{:?}", h.state.message);
    assert_eq!(h.state.message_level(), Level::Success);
    assert_eq!(status_colour(&mut h), Some(Color::Green));

    // Information is the terminal's own colour.
    h.key(KeyCode::Char('Z'));
    assert_eq!(h.state.message_level(), Level::Info);
    assert_eq!(status_colour(&mut h), None);
}

#[test]
fn a_long_error_wraps_over_more_lines_instead_of_being_cut() {
    let (_dir, mut h) = sample(60, 20);
    let why = "cannot write: database is locked by another program; your change is kept and will be retried";
    h.send(Msg::Error(why.into()));
    let screen = h.screen();
    // Two lines of 58 columns hold it; the status bar grows upwards over the list.
    let bottom: Vec<&str> = screen.lines().rev().take(2).collect();
    let joined: String = bottom.iter().rev().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(joined, why, "the whole error is on screen:\n{screen}");
}

#[test]
fn the_message_log_shows_the_last_messages_again_newest_first() {
    let (_dir, mut h) = sample(100, 30);
    h.send(Msg::Error("first: the disk is full".into()));
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('Z'));
    h.key(KeyCode::Char('j'));
    assert_eq!(h.state.message, None, "gone from the status bar");
    let log: Vec<_> = h.state.messages.log.iter().map(|m| (m.level, m.text.clone())).collect();
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0], (Level::Error, "first: the disk is full".to_string()));

    h.key(KeyCode::Char('L'));
    assert_eq!(h.state.overlay, Some(Overlay::Messages));
    let screen = h.screen();
    let at = |s: &str| screen.find(s).unwrap_or_else(|| panic!("'{s}' not in the log:\n{screen}"));
    assert!(at("'Z' does nothing here") < at("copied") && at("copied") < at("first: the disk is full"));
    assert!(screen.contains("error   first: the disk is full"), "the level is a word too:\n{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(h.state.overlay, None);
}

#[test]
fn the_log_keeps_the_last_hundred() {
    let (_dir, mut h) = sample(100, 30);
    for i in 0..130 {
        h.send(Msg::Error(format!("failure {i}")));
    }
    let log = &h.state.messages.log;
    assert_eq!(log.len(), 100);
    assert_eq!(log.front().map(|m| m.text.as_str()), Some("failure 30"));
    assert_eq!(log.back().map(|m| m.text.as_str()), Some("failure 129"));
}

#[test]
fn advice_in_the_tui_names_keys_not_command_line_flags() {
    let dir = tempfile::tempdir().unwrap();
    let store = byline::store::Store::open(&dir.path().join("blog.db")).unwrap();
    let h = byline::tui::Headless::new(store, 80, 24).unwrap();
    let screen = h.screen();
    assert!(screen.contains("No posts yet. Press n to write one."), "{screen}");
    assert!(!screen.contains("--"), "{screen}");
}
