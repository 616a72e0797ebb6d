//! The help and message-log overlays' logic: what the help lists (the effective keys of the
//! view under it, and compose's editing keys), how it is laid out for a screen size (two
//! columns when they fit, else one that scrolls), and scrolling both. Shared with the drawing
//! code, so the scroll limits in `update` are the ones on screen.

use crate::app::action::Action;
use crate::app::keymap::{self, TableId};
use crate::app::state::AppState;
use crate::app::views::compose::keys::EDITING;

use super::state::Overlay;

/// Rows the help keeps free: the header and status bar stay visible, the box has two borders,
/// and a blank line and a note sit under the keys.
const CHROME_ROWS: u16 = 6;
/// Space between the keys and their help, and the margins of a column.
const GUTTER: usize = 4;

/// Help or the message log, if `action` opens one (from any view, compose included).
pub fn opens(state: &mut AppState, action: &Action) -> Option<Overlay> {
    match action {
        Action::Help => {
            state.help_scroll = 0;
            Some(Overlay::Help)
        }
        Action::MessageLog => {
            state.messages.scroll = 0;
            Some(Overlay::Messages)
        }
        _ => None,
    }
}

/// The help's rows: keys (as labels) and what they do.
pub fn rows(state: &AppState) -> Vec<(String, &'static str)> {
    let table = keymap::view_table(state);
    // The keys in force: the config file may have rebound or unbound any of them.
    let mut rows: Vec<(String, &'static str)> = state
        .keys
        .entries(table)
        .filter(|(_, keys)| !keys.is_empty())
        .map(|(b, keys)| (keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "), b.help))
        .collect();
    if table == TableId::Compose {
        rows.extend(EDITING.iter().map(|(keys, help)| (keys.to_string(), *help)));
    }
    rows
}

/// Where the help's rows go on a screen of `width` x `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpLayout {
    pub columns: usize,
    /// Rows in each column (the last may have fewer).
    pub per_column: usize,
    /// Rows of keys that fit at once.
    pub room: usize,
    pub key_width: usize,
    pub column_width: usize,
}

impl HelpLayout {
    /// The first row shown for a wanted scroll: never past the last screenful.
    pub fn top(&self, scroll: usize) -> usize {
        scroll.min(self.per_column.saturating_sub(self.room))
    }

    pub fn scrolls(&self) -> bool {
        self.per_column > self.room
    }
}

pub fn help_layout(rows: &[(String, &str)], width: u16, height: u16) -> HelpLayout {
    let width_of = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let key_width = rows.iter().map(|(k, _)| width_of(k)).max().unwrap_or(0);
    let help_width = rows.iter().map(|(_, h)| width_of(h)).max().unwrap_or(0);
    // A column as wide as its longest line, within the screen less the box's borders.
    let inner = usize::from(width.saturating_sub(2));
    let natural = key_width + help_width + GUTTER;
    let room = usize::from(height.saturating_sub(CHROME_ROWS)).max(1);
    let columns = if rows.len() > room && natural * 2 <= inner { 2 } else { 1 };
    let column_width = natural.min(inner);
    HelpLayout { columns, per_column: rows.len().div_ceil(columns), room, key_width, column_width }
}

/// The help's layout for the state's screen.
pub fn layout_for(state: &AppState) -> HelpLayout {
    help_layout(&rows(state), state.width, state.height)
}

/// Where a scrolling overlay goes for an action: the list keys move by one row or a page, the
/// wheel by three rows; None for any other action (which closes it).
fn scrolled(action: &Action, at: usize, max: usize, room: usize) -> Option<usize> {
    match action {
        Action::Scroll { up: true, .. } => Some(at.saturating_sub(3)),
        Action::Scroll { up: false, .. } => Some((at + 3).min(max)),
        // `moved` picks a row in a list of `max + 1` scroll positions.
        other => other.moved(at, max + 1, room.saturating_sub(1).max(1)),
    }
}

/// Keys while the help is open: the list keys and the wheel scroll it, any other closes it.
pub fn act_help(state: &mut AppState, action: Action) {
    let layout = layout_for(state);
    let top = layout.top(state.help_scroll);
    let max = layout.per_column.saturating_sub(layout.room);
    match scrolled(&action, top, max, layout.room) {
        Some(at) => {
            state.help_scroll = at;
            state.overlay = Some(Overlay::Help);
        }
        None => state.help_scroll = 0,
    }
}

/// Rows of the message log that fit the screen.
pub fn log_room(state: &AppState) -> usize {
    usize::from(state.height.saturating_sub(CHROME_ROWS)).max(1)
}

/// Keys while the message log is open: the list keys and the wheel scroll it (newest first),
/// others close it.
pub fn act_log(state: &mut AppState, action: Action) {
    let room = log_room(state);
    let max = state.messages.log.len().saturating_sub(room);
    match scrolled(&action, state.messages.scroll.min(max), max, room) {
        Some(at) => {
            state.messages.scroll = at;
            state.overlay = Some(Overlay::Messages);
        }
        None => state.messages.scroll = 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<(String, &'static str)> {
        (0..n).map(|i| (format!("k{i}"), "does a thing")).collect()
    }

    #[test]
    fn short_help_is_one_column_and_long_help_two_or_scrolls() {
        let short = help_layout(&rows(5), 80, 24);
        assert_eq!((short.columns, short.scrolls()), (1, false));
        let wide = help_layout(&rows(30), 120, 24);
        assert_eq!((wide.columns, wide.per_column, wide.scrolls()), (2, 15, false));
        let small = help_layout(&rows(30), 30, 20);
        assert_eq!((small.columns, small.room, small.scrolls()), (1, 14, true));
        assert_eq!(small.top(100), 16, "never scrolls past the last screenful");
    }
}
