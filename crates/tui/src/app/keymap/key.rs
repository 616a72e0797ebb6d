//! Keys as data: a key, a binding (keys, action, help text, hint), and the sections several
//! tables share. Each view keeps its own table next to its update (`views/*/keys.rs`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::Action;
use crate::app::state::View;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => ev.code == code,
        }
    }

    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(KeyCode::Up) => "↑".into(),
            Key::Code(KeyCode::Down) => "↓".into(),
            Key::Code(KeyCode::PageUp) => "PgUp".into(),
            Key::Code(KeyCode::PageDown) => "PgDn".into(),
            Key::Code(KeyCode::Home) => "Home".into(),
            Key::Code(KeyCode::End) => "End".into(),
            Key::Code(KeyCode::Enter) => "Enter".into(),
            Key::Code(KeyCode::Esc) => "Esc".into(),
            Key::Code(KeyCode::Tab) => "Tab".into(),
            Key::Code(KeyCode::BackTab) => "Shift-Tab".into(),
            Key::Code(KeyCode::F(n)) => format!("F{n}"),
            Key::Code(other) => format!("{other:?}"),
        }
    }
}

/// One binding: the keys, what they do, the help text, and a short status-bar hint if any.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    pub hint: Option<&'static str>,
}

pub const fn bind(keys: &'static [Key], action: Action, help: &'static str, hint: Option<&'static str>) -> Binding {
    Binding { keys, action, help, hint }
}

use Key::{Char, Code, Ctrl};

/// A table is a list of sections, so the keys several views share are written once.
pub type Table = &'static [&'static [Binding]];

/// Moving through a list (tags, subscribers, pickers).
pub const LIST_NAV: &[Binding] = &[
    bind(&[Char('j'), Code(KeyCode::Down)], Action::Down, "move down", None),
    bind(&[Char('k'), Code(KeyCode::Up)], Action::Up, "move up", None),
    bind(&[Code(KeyCode::PageDown), Char(' ')], Action::PageDown, "page down", None),
    bind(&[Code(KeyCode::PageUp)], Action::PageUp, "page up", None),
    bind(&[Char('g'), Code(KeyCode::Home)], Action::Top, "first", None),
    bind(&[Char('G'), Code(KeyCode::End)], Action::Bottom, "last", None),
];

/// Switching views, from any of them.
pub const VIEWS: &[Binding] = &[
    bind(&[Char('1')], Action::ShowView(View::Posts), "posts", Some("posts")),
    bind(&[Char('2')], Action::ShowView(View::Tags), "tags", Some("tags")),
    bind(&[Char('3')], Action::ShowView(View::Subscribers), "subscribers", Some("subs")),
    bind(&[Char('4')], Action::ShowView(View::Outbox), "outbox: newsletter sends", Some("outbox")),
    bind(&[Char('J')], Action::Jobs, "background jobs: progress, cancel", None),
    bind(&[Char('L')], Action::MessageLog, "show the last messages again", None),
];

/// In every view.
pub const ALWAYS: &[Binding] = &[
    bind(&[Char('?'), Code(KeyCode::F(1))], Action::Help, "show / hide this help", Some("help")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit from anywhere", None),
];

/// A yes/no question.
pub const CONFIRM: Table = &[&[
    bind(&[Char('y'), Code(KeyCode::Enter)], Action::Yes, "yes", Some("yes")),
    bind(&[Char('n')], Action::No, "no", Some("no")),
    // Esc answers no, except to a question with two answers besides it (it cancels those).
    bind(&[Code(KeyCode::Esc)], Action::Back, "cancel", None),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
]];

/// Keys while typing into the search box or a prompt: everything else is text.
pub const TYPING: Table = &[&[
    bind(&[Code(KeyCode::Enter)], Action::Submit, "keep the results / confirm", Some("keep")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "cancel and restore the list", Some("cancel")),
    bind(&[Code(KeyCode::Backspace)], Action::InputBackspace, "delete a character", None),
    bind(&[Ctrl('u')], Action::InputClear, "clear the input", None),
    bind(&[Code(KeyCode::Down), Ctrl('n')], Action::Down, "move down the results", None),
    bind(&[Code(KeyCode::Up), Ctrl('p')], Action::Up, "move up the results", None),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
]];

/// Keys in the tag and author pickers: letters are typed, to filter the names.
pub const PICKER: Table = &[&[
    bind(&[Code(KeyCode::Down), Ctrl('n')], Action::Down, "move down", None),
    bind(&[Code(KeyCode::Up), Ctrl('p')], Action::Up, "move up", None),
    bind(&[Code(KeyCode::PageDown)], Action::PageDown, "page down", None),
    bind(&[Code(KeyCode::PageUp)], Action::PageUp, "page up", None),
    bind(&[Code(KeyCode::Home)], Action::Top, "first", None),
    bind(&[Code(KeyCode::End)], Action::Bottom, "last", None),
    bind(&[Code(KeyCode::Enter)], Action::Open, "filter by this one (\"any\" drops the filter)", Some("choose")),
    bind(&[Code(KeyCode::Backspace)], Action::InputBackspace, "delete a typed letter", None),
    bind(&[Ctrl('u')], Action::InputClear, "clear the typed text", None),
    bind(&[Code(KeyCode::Esc)], Action::Back, "close", Some("close")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
]];

/// Keys in the help and the message log: the list keys scroll, any other key closes.
pub const SCROLLING: Table = &[LIST_NAV, &[bind(&[Ctrl('c')], Action::ForceQuit, "quit", None)]];

pub const JOBS_KEYS: &[Binding] = &[
    bind(&[Char('x'), Code(KeyCode::Delete)], Action::CancelJob, "cancel the selected job", Some("cancel job")),
    bind(&[Code(KeyCode::Esc), Char('q'), Char('J')], Action::Back, "close", Some("close")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
];

/// Keys in the jobs list.
pub const JOBS: Table = &[LIST_NAV, JOBS_KEYS];

/// Small forms; keys not listed edit the focused field.
pub const FORM: Table = &[&[
    bind(&[Code(KeyCode::Tab)], Action::NextField, "complete, or next field", Some("next")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevField, "previous field", None),
    bind(&[Code(KeyCode::Enter)], Action::Submit, "next field; save on the last", None),
    bind(&[Ctrl('s')], Action::Save, "save", Some("save")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "cancel", Some("cancel")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
]];
