//! The tags view's keys.

use crossterm::event::KeyCode;

use crate::app::action::Action;
use crate::app::keymap::key::Key::{Char, Code};
use crate::app::keymap::key::{ALWAYS, Binding, LIST_NAV, Table, VIEWS, bind};

const TAG_KEYS: &[Binding] = &[
    bind(&[Code(KeyCode::Enter)], Action::Open, "show the posts with this tag", Some("posts")),
    bind(&[Char('r')], Action::Rename, "rename the tag", Some("rename")),
    bind(&[Char('m')], Action::Merge, "merge into another tag", Some("merge")),
    bind(&[Char('d')], Action::Delete, "delete the tag", Some("delete")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "back to the posts", None),
    bind(&[Char('q')], Action::Quit, "quit", Some("quit")),
];

/// The tags view.
pub const TAGS: Table = &[LIST_NAV, TAG_KEYS, VIEWS, ALWAYS];
