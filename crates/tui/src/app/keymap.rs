//! Keys as data: one table drives dispatch, the help overlay and the status-bar hints, so they
//! cannot drift apart. Resolution is a pure function of the key and a snapshot of the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::overlays::state::Overlay;
use super::state::{AppState, View};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
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

const fn bind(keys: &'static [Key], action: Action, help: &'static str, hint: Option<&'static str>) -> Binding {
    Binding { keys, action, help, hint }
}

use Key::{Char, Code, Ctrl};

/// A table is a list of sections, so the keys several views share are written once.
pub type Table = &'static [&'static [Binding]];

/// Moving through a list (tags, subscribers, pickers).
const LIST_NAV: &[Binding] = &[
    bind(&[Char('j'), Code(KeyCode::Down)], Action::Down, "move down", None),
    bind(&[Char('k'), Code(KeyCode::Up)], Action::Up, "move up", None),
    bind(&[Code(KeyCode::PageDown), Char(' ')], Action::PageDown, "page down", None),
    bind(&[Code(KeyCode::PageUp)], Action::PageUp, "page up", None),
    bind(&[Char('g'), Code(KeyCode::Home)], Action::Top, "first", None),
    bind(&[Char('G'), Code(KeyCode::End)], Action::Bottom, "last", None),
];

/// Switching views, from any of them.
const VIEWS: &[Binding] = &[
    bind(&[Char('1')], Action::ShowView(View::Posts), "posts", Some("posts")),
    bind(&[Char('2')], Action::ShowView(View::Tags), "tags", Some("tags")),
    bind(&[Char('3')], Action::ShowView(View::Subscribers), "subscribers", Some("subs")),
];

/// In every view.
const ALWAYS: &[Binding] = &[
    bind(&[Char('?')], Action::Help, "show / hide this help", Some("help")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit from anywhere", None),
];

/// The reader's own keys (list and article).
const READER_KEYS: &[Binding] = &[
    bind(&[Char('j'), Code(KeyCode::Down)], Action::Down, "move down / scroll down", None),
    bind(&[Char('k'), Code(KeyCode::Up)], Action::Up, "move up / scroll up", None),
    bind(&[Code(KeyCode::PageDown), Char(' '), Ctrl('d')], Action::PageDown, "page down", None),
    bind(&[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "page up", None),
    bind(&[Char('g'), Code(KeyCode::Home)], Action::Top, "go to the top", None),
    bind(&[Char('G'), Code(KeyCode::End)], Action::Bottom, "go to the bottom", None),
    bind(&[Code(KeyCode::Enter)], Action::Open, "open the post (or the similar post)", Some("open")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "go back / close", None),
    bind(&[Char('q')], Action::Quit, "go back; quit from the list", Some("quit")),
    bind(&[Code(KeyCode::Tab)], Action::FocusNext, "switch between list and article", None),
    bind(&[Char('/')], Action::SearchStart, "search as you type", Some("search")),
    bind(&[Char('t')], Action::PickTag, "filter by tag", Some("tag")),
    bind(&[Char('a')], Action::PickAuthor, "filter by author", Some("author")),
    bind(&[Char('u')], Action::ToggleUnreadOnly, "show unread only / all", Some("unread")),
    bind(&[Char('c')], Action::ClearFilters, "clear filters and search", None),
    bind(&[Char('m')], Action::ToggleRead, "mark read / unread", None),
    bind(&[Char('s')], Action::Similar, "jump to similar posts", Some("similar")),
    bind(&[Char('o')], Action::OpenLink, "open a numbered link in the browser", None),
    bind(&[Char('n')], Action::New, "write a new post", Some("new")),
    bind(&[Char('e')], Action::Edit, "edit the post", None),
    bind(&[Char('p')], Action::Publish, "publish / unpublish the post", None),
    bind(&[Char('d')], Action::Delete, "delete the post (to the trash)", None),
    bind(&[Char('U')], Action::Undo, "undo the last delete", None),
    bind(&[Char('T')], Action::EditTags, "edit the post's tags", None),
    bind(&[Char('y')], Action::CopySlug, "copy the post's slug", None),
];

/// The posts view: the reader, and the editor's post actions.
pub const READER: Table = &[READER_KEYS, VIEWS, ALWAYS];

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

/// Small forms; keys not listed edit the focused field.
pub const FORM: Table = &[&[
    bind(&[Code(KeyCode::Tab)], Action::NextField, "complete, or next field", Some("next")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevField, "previous field", None),
    bind(&[Code(KeyCode::Enter)], Action::Submit, "next field; save on the last", None),
    bind(&[Ctrl('s')], Action::Save, "save", Some("save")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "cancel", Some("cancel")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
]];

/// The compose pane; keys not listed edit the focused field.
pub const COMPOSE: Table = &[&[
    bind(&[Code(KeyCode::Tab)], Action::NextField, "complete, or next field", Some("next")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevField, "previous field", None),
    bind(&[Code(KeyCode::Enter)], Action::Submit, "next field (a new line in the body)", None),
    bind(&[Ctrl('s')], Action::Save, "save (a new post is saved as a draft)", Some("save")),
    bind(&[Ctrl('o')], Action::Publish, "save and publish / unpublish", Some("publish")),
    bind(&[Ctrl('e')], Action::ExternalEditor, "edit the body in $EDITOR", Some("$EDITOR")),
    bind(&[Ctrl('p')], Action::TogglePreview, "show / hide the preview", Some("preview")),
    bind(&[Ctrl('z')], Action::Undo, "undo (Ctrl-R redoes)", None),
    bind(&[Code(KeyCode::Esc)], Action::Back, "leave (asks if unsaved)", Some("leave")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit (the text is autosaved)", None),
]];

/// A yes/no question.
pub const CONFIRM: Table = &[&[
    bind(&[Char('y'), Code(KeyCode::Enter)], Action::Yes, "yes", Some("yes")),
    bind(&[Char('n'), Code(KeyCode::Esc)], Action::No, "no", Some("no")),
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

const PICKER_KEYS: &[Binding] = &[
    bind(&[Code(KeyCode::Enter)], Action::Open, "filter by this one", Some("choose")),
    bind(&[Code(KeyCode::Esc), Char('q')], Action::Back, "close", Some("close")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit", None),
];

/// Keys in the tag and author pickers.
pub const PICKER: Table = &[LIST_NAV, PICKER_KEYS];

/// Which key table: tables are told apart by this identity (comparing the addresses of
/// `const`s, as before, is not something Rust guarantees).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableId {
    Reader,
    Tags,
    Subscribers,
    Form,
    Compose,
    Confirm,
    Typing,
    Picker,
}

impl TableId {
    pub fn table(self) -> Table {
        match self {
            TableId::Reader => READER,
            TableId::Tags => TAGS,
            TableId::Subscribers => SUBSCRIBERS,
            TableId::Form => FORM,
            TableId::Compose => COMPOSE,
            TableId::Confirm => CONFIRM,
            TableId::Typing => TYPING,
            TableId::Picker => PICKER,
        }
    }

    /// Unbound keys edit the focused field (forms and the compose pane).
    fn edits(self) -> bool {
        matches!(self, TableId::Form | TableId::Compose)
    }

    /// Unbound letters are typed text (the search box, the link prompt, a list filter).
    fn types(self) -> bool {
        self == TableId::Typing
    }
}

/// Every binding of a table, section after section.
pub fn bindings(table: TableId) -> impl Iterator<Item = &'static Binding> {
    table.table().iter().flat_map(|section| section.iter())
}

/// The keys of the current view, under any overlay (what the help lists).
pub fn view_table(state: &AppState) -> TableId {
    if state.compose.is_some() {
        return TableId::Compose;
    }
    match state.view {
        View::Posts => TableId::Reader,
        View::Tags => TableId::Tags,
        View::Subscribers => TableId::Subscribers,
    }
}

/// The table in force for the current state.
pub fn table_for(state: &AppState) -> TableId {
    match &state.overlay {
        Some(Overlay::Picker(_)) => TableId::Picker,
        Some(Overlay::LinkPrompt(_)) => TableId::Typing,
        Some(Overlay::Confirm { .. }) => TableId::Confirm,
        Some(Overlay::Form(_)) => TableId::Form,
        _ if state.compose.is_some() => TableId::Compose,
        _ if state.posts.search.is_some() => TableId::Typing,
        _ if state.view == View::Subscribers && state.subscribers.filtering => TableId::Typing,
        _ => view_table(state),
    }
}

/// What a key means here.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A bound key.
    Action(Action),
    /// A character typed into the search box or a prompt.
    Text(char),
    /// A key for the focused form field's editor.
    Edit(KeyEvent),
    /// A key that does nothing here.
    Unbound,
    /// A key release (some platforms report both press and release): never acted on.
    Ignored,
}

/// What a key means in the current state: a pure function of the key and a snapshot.
pub fn resolve(state: &AppState, ev: &KeyEvent) -> Resolved {
    if ev.kind == KeyEventKind::Release {
        return Resolved::Ignored;
    }
    if matches!(state.overlay, Some(Overlay::Help)) {
        // Any key closes the help; Ctrl-C still quits.
        return Resolved::Action(if Ctrl('c').matches(ev) { Action::ForceQuit } else { Action::Back });
    }
    let table = table_for(state);
    if let Some(b) = bindings(table).find(|b| b.keys.iter().any(|k| k.matches(ev))) {
        return Resolved::Action(b.action.clone());
    }
    if table.edits() {
        return Resolved::Edit(*ev);
    }
    match ev.code {
        // Alt-chords are commands elsewhere, and an Esc followed quickly by a letter arrives as one.
        KeyCode::Char(c) if table.types() && !ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            Resolved::Text(c)
        }
        _ => Resolved::Unbound,
    }
}

/// The name of the first key bound to `action` in `table`, for messages and hints that tell
/// the person which key to press: taken from the table, they cannot name a key that no
/// longer does it.
pub fn key_for(table: TableId, action: &Action) -> String {
    bindings(table)
        .find(|b| b.action == *action)
        .and_then(|b| b.keys.first())
        .map_or_else(|| "(unbound)".to_string(), |k| k.label())
}

/// "y deletes, n keeps it": a question's answers with the keys that give them.
pub fn yes_no(yes: &str, no: &str) -> String {
    format!("{} {yes}, {} {no}", key_for(TableId::Confirm, &Action::Yes), key_for(TableId::Confirm, &Action::No))
}

/// "Enter open · / search · ..." for the status bar.
pub fn hints(state: &AppState) -> Vec<(String, &'static str)> {
    // The view already on screen is not worth a hint.
    let here = Action::ShowView(state.view);
    bindings(table_for(state))
        .filter(|b| b.action != here)
        .filter_map(|b| b.hint.map(|h| (b.keys[0].label(), h)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MarkdownStyles;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn state() -> AppState {
        AppState::new("t".into(), 80, 24, MarkdownStyles::plain(), jiff::tz::TimeZone::UTC, 0)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let s = state();
        assert_eq!(resolve(&s, &key(KeyCode::Char('j'))), Resolved::Action(Action::Down));
        assert_eq!(resolve(&s, &key(KeyCode::Down)), Resolved::Action(Action::Down));
        assert_eq!(
            resolve(&s, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Resolved::Action(Action::ForceQuit)
        );
        assert_eq!(resolve(&s, &key(KeyCode::Char('Z'))), Resolved::Unbound);
    }

    #[test]
    fn typing_turns_letters_into_text() {
        let mut s = state();
        s.posts.search = Some(Default::default());
        assert_eq!(resolve(&s, &key(KeyCode::Char('q'))), Resolved::Text('q'));
        assert_eq!(resolve(&s, &key(KeyCode::Char('j'))), Resolved::Text('j'));
        assert_eq!(resolve(&s, &key(KeyCode::Esc)), Resolved::Action(Action::Back));
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = key(KeyCode::Char('j'));
        ev.kind = KeyEventKind::Release;
        assert_eq!(resolve(&state(), &ev), Resolved::Ignored);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_table() {
        for table in [
            TableId::Reader,
            TableId::Tags,
            TableId::Subscribers,
            TableId::Form,
            TableId::Compose,
            TableId::Confirm,
            TableId::Typing,
            TableId::Picker,
        ] {
            let mut seen = Vec::new();
            for b in bindings(table) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn messages_name_the_default_keys() {
        assert_eq!(key_for(TableId::Reader, &Action::Undo), "U");
        assert_eq!(key_for(TableId::Reader, &Action::Help), "?");
        assert_eq!(key_for(TableId::Form, &Action::Back), "Esc");
        assert_eq!(key_for(TableId::Compose, &Action::Save), "Ctrl-S");
        assert_eq!(yes_no("deletes", "keeps it"), "y deletes, n keeps it");
    }

    #[test]
    fn forms_take_unbound_keys_as_text() {
        let mut s = state();
        s.overlay = Some(Overlay::Form(crate::app::form::Form::new(
            crate::app::form::FormKind::ImportCsv,
            "t",
            vec![crate::app::form::Field::line(crate::app::form::FieldId::Path, "")],
        )));
        assert!(matches!(resolve(&s, &key(KeyCode::Char('q'))), Resolved::Edit(_)));
        assert_eq!(resolve(&s, &key(KeyCode::Esc)), Resolved::Action(Action::Back));
    }
}
