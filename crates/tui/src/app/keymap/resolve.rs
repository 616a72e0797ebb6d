//! Resolving a key against the table in force, and naming keys for messages and hints: one
//! table drives dispatch, the help overlay and the status-bar hints, so they cannot drift
//! apart. Resolution is a pure function of the key and a snapshot of the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::action::Action;
use crate::app::overlays::state::Overlay;
use crate::app::state::{AppState, View};
use crate::app::views::{compose, outbox, posts, subscribers, tags};

use super::key::{Binding, CONFIRM, FORM, JOBS, Key, PICKER, SCROLLING, TYPING, Table};

/// Which key table: tables are told apart by this identity (comparing the addresses of
/// `const`s, as before, is not something Rust guarantees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableId {
    Reader,
    /// The reader while a search inside the article is kept (`n`/`N` move between matches).
    Find,
    Tags,
    Subscribers,
    Outbox,
    Form,
    Compose,
    Confirm,
    Typing,
    Picker,
    Jobs,
    /// The help and the message log.
    Scrolling,
}

impl TableId {
    pub fn table(self) -> Table {
        match self {
            TableId::Reader => posts::keys::READER,
            TableId::Find => posts::keys::FIND,
            TableId::Tags => tags::keys::TAGS,
            TableId::Subscribers => subscribers::keys::SUBSCRIBERS,
            TableId::Outbox => outbox::keys::OUTBOX,
            TableId::Form => FORM,
            TableId::Compose => compose::keys::COMPOSE,
            TableId::Confirm => CONFIRM,
            TableId::Typing => TYPING,
            TableId::Picker => PICKER,
            TableId::Jobs => JOBS,
            TableId::Scrolling => SCROLLING,
        }
    }

    /// Unbound keys edit the focused field (forms and the compose pane).
    fn edits(self) -> bool {
        matches!(self, TableId::Form | TableId::Compose)
    }

    /// Unbound letters are typed text (the search box, the link prompt, a list filter).
    fn types(self) -> bool {
        matches!(self, TableId::Typing | TableId::Picker)
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
        View::Outbox => TableId::Outbox,
    }
}

/// The table in force for the current state.
pub fn table_for(state: &AppState) -> TableId {
    match &state.overlay {
        Some(Overlay::Picker(_)) => TableId::Picker,
        Some(Overlay::LinkPrompt(_)) => TableId::Typing,
        Some(Overlay::Confirm { .. }) => TableId::Confirm,
        Some(Overlay::Form(_)) => TableId::Form,
        Some(Overlay::Jobs) => TableId::Jobs,
        Some(Overlay::Help | Overlay::Messages) => TableId::Scrolling,
        _ if state.compose.is_some() => TableId::Compose,
        _ if state.posts.search.is_some() => TableId::Typing,
        _ if state.view == View::Posts && state.posts.find_typing() => TableId::Typing,
        _ if state.view == View::Posts && state.article_visible() && state.posts.find_kept() => TableId::Find,
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
    if matches!(state.overlay, Some(Overlay::Help | Overlay::Messages)) {
        // The list keys scroll; any other key closes (Ctrl-C still quits).
        let bound = bindings(TableId::Scrolling).find(|b| b.keys.iter().any(|k| k.matches(ev)));
        return Resolved::Action(bound.map_or(Action::Back, |b| b.action.clone()));
    }
    let table = table_for(state);
    if let Some((b, _)) = state.keys.entries(table).find(|(_, keys)| keys.iter().any(|k| k.matches(ev))) {
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
/// longer does it. The keys are the config file's (`config::install`), else the built-in ones.
pub fn key_for(table: TableId, action: &Action) -> String {
    let keys = match super::config::installed() {
        Some(keymap) => keymap.keys_for(table, action),
        None => bindings(table).find(|b| b.action == *action).map(|b| b.keys.to_vec()).unwrap_or_default(),
    };
    keys.first().map_or_else(|| "(unbound)".to_string(), |k| k.label())
}

/// "y deletes, n keeps it": a question's answers with the keys that give them.
pub fn yes_no(yes: &str, no: &str) -> String {
    format!("{} {yes}, {} {no}", key_for(TableId::Confirm, &Action::Yes), key_for(TableId::Confirm, &Action::No))
}

/// "Enter open · / search · ..." for the status bar.
pub fn hints(state: &AppState) -> Vec<(String, &'static str)> {
    // The view already on screen is not worth a hint.
    let here = Action::ShowView(state.view);
    // A key bound earlier in the table shadows a later binding (the article search's `n`
    // over "new post"): the shadowed one is not what the key does, so it is no hint.
    let mut seen: Vec<Key> = Vec::new();
    state
        .keys
        .entries(table_for(state))
        .filter(|(b, keys)| {
            let shadowed = keys.first().is_some_and(|k| seen.contains(k));
            seen.extend(keys.iter().copied());
            !shadowed && b.action != here
        })
        .filter_map(|(b, keys)| Some((keys.first()?.label(), b.hint?)))
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
