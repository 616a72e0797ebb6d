//! The tag and author pickers: typing filters the names, each name has its posts and unread
//! posts under the other filters in force, the value in force is marked, and the first row
//! ("any tag") drops this one filter while the others stay.

use byline_core::store::{FacetCount, ListFilter};
use ratatui::layout::Rect;

use crate::app::action::Action;
use crate::app::reply::Reply;
use crate::app::state::AppState;

use super::state::{Overlay, Picker, PickerKind};

impl PickerKind {
    /// This picker's value in a filter.
    pub fn value(self, filter: &ListFilter) -> Option<&String> {
        match self {
            PickerKind::Tag => filter.tag.as_ref(),
            PickerKind::Author => filter.author.as_ref(),
        }
    }

    /// `filter` with this picker's value set (None drops it).
    pub fn with(self, filter: &ListFilter, value: Option<String>) -> ListFilter {
        let mut f = filter.clone();
        match self {
            PickerKind::Tag => f.tag = value,
            PickerKind::Author => f.author = value,
        }
        f
    }

    /// The row that drops this filter.
    pub fn any(self) -> &'static str {
        match self {
            PickerKind::Tag => "any tag",
            PickerKind::Author => "any author",
        }
    }
}

/// A row of the picker as shown: the "any" row, or a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerRow<'a> {
    Any,
    Value(&'a FacetCount),
}

impl Picker {
    pub fn new(kind: PickerKind, current: Option<String>) -> Self {
        Picker { kind, items: Vec::new(), selected: 0, loading: true, query: String::new(), current }
    }

    /// The rows the typed text leaves, in order: "any" first while a value is in force.
    pub fn rows(&self) -> Vec<PickerRow<'_>> {
        let query = self.query.to_lowercase();
        let any = (self.current.is_some() && query.is_empty()).then_some(PickerRow::Any);
        any.into_iter()
            .chain(self.items.iter().filter(|i| i.name.to_lowercase().contains(&query)).map(PickerRow::Value))
            .collect()
    }

    /// Whether `name` is the value in force.
    pub fn is_current(&self, name: &str) -> bool {
        self.current.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(name))
    }

    /// Puts the selection on the value in force, so Enter keeps it and a move starts there.
    fn select_current(&mut self) {
        let at = self.rows().iter().position(|r| matches!(r, PickerRow::Value(v) if self.is_current(&v.name)));
        self.selected = at.unwrap_or(0);
    }
}

/// Opens a picker over the posts view; its counts are read under the filters in force.
pub fn open(state: &mut AppState, kind: PickerKind) -> crate::app::effect::Effect {
    let current = kind.value(&state.posts.filter).cloned();
    state.overlay = Some(Overlay::Picker(Picker::new(kind, current)));
    crate::app::effect::Effect::Read(crate::app::effect::ReadEffect::LoadPicker(kind, state.posts.filter.clone()))
}

/// Where the picker's box sits on a screen of this size (drawing and clicks share it).
pub fn picker_box(width: u16, height: u16) -> Rect {
    let w = 60.min(width);
    let h = height.saturating_sub(4).max(4).min(height);
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}

/// The rows of names inside the box: under its border and the typed-filter line.
pub fn list_area(width: u16, height: u16) -> Rect {
    let b = picker_box(width, height);
    Rect::new(b.x + 1, b.y + 2, b.width.saturating_sub(2), b.height.saturating_sub(3))
}

/// The first row shown, keeping the selection in view.
pub fn first_shown(p: &Picker, list: Rect) -> usize {
    p.selected.saturating_sub(usize::from(list.height.max(1)) - 1)
}

/// A click on a row selects it, on the selected row chooses it; elsewhere nothing.
fn click(state: &AppState, p: &mut Picker, column: u16, row: u16) -> bool {
    let list = list_area(state.width, state.height);
    if !list.contains(ratatui::layout::Position { x: column, y: row }) {
        return false;
    }
    let index = first_shown(p, list) + usize::from(row - list.y);
    if index >= p.rows().len() {
        return false;
    }
    let chosen = index == p.selected;
    p.selected = index;
    chosen
}

/// A key while a picker is open.
pub fn act(state: &mut AppState, mut p: Picker, mut action: Action) -> Reply {
    if let Action::Click { column, row } = action {
        if !click(state, &mut p, column, row) {
            return keep(state, p);
        }
        action = Action::Open;
    }
    let len = p.rows().len();
    let page = state.layout.list.height.saturating_sub(4).max(1) as usize;
    if let Some(at) = action.moved(p.selected, len, page) {
        p.selected = at;
    } else {
        match action {
            Action::Input(c) => {
                p.query.push(c);
                p.selected = 0;
            }
            Action::InputBackspace => {
                p.query.pop();
                p.selected = 0;
            }
            Action::InputClear => {
                p.query.clear();
                p.selected = 0;
            }
            Action::Open | Action::Submit => {
                let value = match p.rows().get(p.selected) {
                    Some(PickerRow::Any) => None,
                    Some(PickerRow::Value(v)) => Some(v.name.clone()),
                    None => return keep(state, p),
                };
                return Reply::then(Action::ShowPosts(p.kind.with(&state.posts.filter, value)));
            }
            _ => {}
        }
    }
    keep(state, p)
}

fn keep(state: &mut AppState, p: Picker) -> Reply {
    state.overlay = Some(Overlay::Picker(p));
    Reply::default()
}

/// The picker's names and counts arrived (if it is still the one open).
pub fn items(state: &mut AppState, kind: PickerKind, items: Vec<FacetCount>) {
    if let Some(Overlay::Picker(p)) = &mut state.overlay {
        if p.kind == kind {
            p.items = items;
            p.loading = false;
            p.select_current();
        }
    }
}
