//! The person's key bindings from the config file, laid over the built-in tables: per table, the
//! keys of each binding. Action names are the actions' own, in snake case (`search_start`,
//! `page_down`, `view_tags`), so an action added to a table can be rebound without a list to
//! keep up to date.

use std::collections::HashMap;
use std::sync::OnceLock;

use crossterm::event::KeyCode;

use byline_core::config::{ConfigError, KeyList, KeySpec, LoadedConfig, NamedKey};

use super::key::{Binding, Key};
use super::resolve::{TableId, bindings};
use crate::app::action::Action;
use crate::app::state::View;

/// The keys in force: the built-in tables with the config file's bindings applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    /// Only tables the file changes, with the keys of each of their bindings in table order.
    changed: HashMap<TableId, Vec<Vec<Key>>>,
}

/// The view tables `[keys.global]` applies to.
const VIEW_TABLES: [TableId; 3] = [TableId::Reader, TableId::Tags, TableId::Subscribers];

/// The tables a `[keys.*]` section changes.
fn tables_of(section: &str) -> &'static [TableId] {
    match section {
        "global" => &VIEW_TABLES,
        "posts" => &[TableId::Reader],
        "tags" => &[TableId::Tags],
        "subscribers" => &[TableId::Subscribers],
        "compose" => &[TableId::Compose],
        "form" => &[TableId::Form],
        "confirm" => &[TableId::Confirm],
        "picker" => &[TableId::Picker],
        "jobs" => &[TableId::Jobs],
        _ => &[],
    }
}

impl Keymap {
    /// Applies the file's `[keys.*]` sections: `global` first, then each view's own. An unknown
    /// action, or a key that would then do two things in one table, is an error with its line.
    pub fn from_config(loaded: &LoadedConfig) -> Result<Self, ConfigError> {
        let mut map = Keymap::default();
        // Which line set each table's binding, to name it when its key clashes with another.
        let mut origin: HashMap<(TableId, usize), std::ops::Range<usize>> = HashMap::new();
        for (section, entries) in loaded.config.keys.sections() {
            let tables = tables_of(section);
            for (name, keys) in entries {
                let mut found = false;
                for &table in tables {
                    if let Some(index) = bindings(table).position(|b| action_name(&b.action) == *name.get_ref()) {
                        map.table_mut(table)[index] = keys_of(keys);
                        origin.insert((table, index), name.span());
                        found = true;
                    }
                }
                if !found {
                    let known: Vec<String> =
                        tables.iter().flat_map(|t| bindings(*t)).map(|b| action_name(&b.action)).collect();
                    let message = format!(
                        "no action '{}' in [keys.{section}]; there are: {}",
                        name.get_ref(),
                        dedup(known).join(", ")
                    );
                    return Err(loaded.error_at(name.span(), message));
                }
            }
        }
        for ((table, index), span) in &origin {
            let keys = &map.changed[table];
            let clash = keys[*index].iter().find_map(|k| {
                keys.iter().enumerate().find(|(i, other)| i != index && other.contains(k)).map(|(i, _)| (k, i))
            });
            if let Some((key, other)) = clash {
                let action = bindings(*table).nth(other).map(|b| action_name(&b.action)).unwrap_or_default();
                let message = format!(
                    "{} is already the key for '{action}' here: rebind that too, or pick another key",
                    key.label()
                );
                return Err(loaded.error_at(span.clone(), message));
            }
        }
        Ok(map)
    }

    fn table_mut(&mut self, table: TableId) -> &mut Vec<Vec<Key>> {
        self.changed.entry(table).or_insert_with(|| bindings(table).map(|b| b.keys.to_vec()).collect())
    }

    /// Every binding of a table with the keys in force for it.
    pub fn entries(&self, table: TableId) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        let changed = self.changed.get(&table);
        bindings(table)
            .enumerate()
            .map(move |(i, b)| (b, changed.and_then(|t| t.get(i)).map_or(b.keys, |k| k.as_slice())))
    }

    /// The keys in force for an action in a table (empty when unbound).
    pub fn keys_for(&self, table: TableId, action: &Action) -> Vec<Key> {
        self.entries(table).find(|(b, _)| b.action == *action).map(|(_, k)| k.to_vec()).unwrap_or_default()
    }
}

/// The keymap messages name keys from (`key_for`): installed once at start by the runtime, as
/// messages are also written where no state is at hand (the writes lane). Dispatch, help and
/// hints use the state's own `keys`.
static INSTALLED: OnceLock<Keymap> = OnceLock::new();

/// Makes `keymap` the one messages name keys from; only the first call counts.
pub fn install(keymap: Keymap) {
    let _ = INSTALLED.set(keymap);
}

pub(super) fn installed() -> Option<&'static Keymap> {
    INSTALLED.get()
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

fn keys_of(list: &KeyList) -> Vec<Key> {
    list.0.iter().map(|k| key_of(*k)).collect()
}

/// The TUI's key for one written in the config file.
pub fn key_of(spec: KeySpec) -> Key {
    match spec {
        KeySpec::Char(c) => Key::Char(c),
        KeySpec::Ctrl(c) => Key::Ctrl(c),
        KeySpec::Named(n) => Key::Code(match n {
            NamedKey::Enter => KeyCode::Enter,
            NamedKey::Esc => KeyCode::Esc,
            NamedKey::Tab => KeyCode::Tab,
            NamedKey::BackTab => KeyCode::BackTab,
            NamedKey::Backspace => KeyCode::Backspace,
            NamedKey::Delete => KeyCode::Delete,
            NamedKey::Insert => KeyCode::Insert,
            NamedKey::Up => KeyCode::Up,
            NamedKey::Down => KeyCode::Down,
            NamedKey::Left => KeyCode::Left,
            NamedKey::Right => KeyCode::Right,
            NamedKey::PageUp => KeyCode::PageUp,
            NamedKey::PageDown => KeyCode::PageDown,
            NamedKey::Home => KeyCode::Home,
            NamedKey::End => KeyCode::End,
            NamedKey::F(n) => KeyCode::F(n),
        }),
    }
}

/// The config file's name for an action: its variant in snake case (`SearchStart` →
/// `search_start`); switching views is `view_posts`, `view_tags`, `view_subscribers`, `view_outbox`.
pub fn action_name(action: &Action) -> String {
    if let Action::ShowView(view) = action {
        return match view {
            View::Posts => "view_posts",
            View::Tags => "view_tags",
            View::Subscribers => "view_subscribers",
            View::Outbox => "view_outbox",
        }
        .into();
    }
    let debug = format!("{action:?}");
    let variant = debug.split(['(', ' ', '{']).next().unwrap_or_default();
    let mut name = String::new();
    for c in variant.chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}
