//! The outbox view's keys.

use crossterm::event::KeyCode;

use crate::app::action::Action;
use crate::app::keymap::key::Key::{Char, Code};
use crate::app::keymap::key::{ALWAYS, Binding, LIST_NAV, Table, VIEWS, bind};

const OUTBOX_KEYS: &[Binding] = &[
    bind(&[Char('r')], Action::Retry, "send again: queued and deferred messages", Some("retry")),
    bind(&[Char('R')], Action::RetryUnknown, "send again the unknown messages (asks)", Some("retry unknown")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "back to the posts", None),
    bind(&[Char('q')], Action::Quit, "quit", Some("quit")),
];

/// The outbox view.
pub const OUTBOX: Table = &[LIST_NAV, OUTBOX_KEYS, VIEWS, ALWAYS];
