//! The subscribers view's keys.

use crossterm::event::KeyCode;

use crate::app::action::Action;
use crate::app::keymap::key::Key::{Char, Code};
use crate::app::keymap::key::{ALWAYS, Binding, LIST_NAV, Table, VIEWS, bind};

const SUBSCRIBER_KEYS: &[Binding] = &[
    bind(&[Char('a')], Action::New, "add a subscriber", Some("add")),
    bind(&[Char('e')], Action::Edit, "edit name, tags, status", Some("edit")),
    bind(&[Char('u')], Action::Unsubscribe, "unsubscribe", None),
    bind(&[Char('d')], Action::Delete, "remove for good", None),
    bind(&[Char('i')], Action::Import, "import a CSV file", Some("import")),
    bind(&[Char('x')], Action::Export, "export a CSV file", Some("export")),
    bind(&[Char('/')], Action::SearchStart, "filter by text", Some("filter")),
    bind(&[Char('f')], Action::StatusFilter, "cycle the status filter", Some("status")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "back to the posts", None),
    bind(&[Char('q')], Action::Quit, "quit", Some("quit")),
];

/// The subscribers view.
pub const SUBSCRIBERS: Table = &[LIST_NAV, SUBSCRIBER_KEYS, VIEWS, ALWAYS];
