//! The tag, author and source pickers: typing filters the names, each name has its posts and
//! unread posts under the other filters in force, the value in force is marked, and the first
//! row ("any tag") drops this one filter while the others stay. The source picker has no such
//! row: the list always has a source.

use byline_core::store::{FacetCount, ListFilter, PostSource, SourceCount};
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
            PickerKind::Source => None,
        }
    }

    /// `filter` with this picker's value set (None drops it).
    pub fn with(self, filter: &ListFilter, value: Option<String>) -> ListFilter {
        let mut f = filter.clone();
        match self {
            PickerKind::Tag => f.tag = value,
            PickerKind::Author => f.author = value,
            // Sources are chosen by their row (`Picker::sources`), never by name.
            PickerKind::Source => {}
        }
        f
    }

    /// The row that drops this filter.
    pub fn any(self) -> &'static str {
        match self {
            PickerKind::Tag => "any tag",
            PickerKind::Author => "any author",
            PickerKind::Source => "any source",
        }
    }
}

/// A row of the picker as shown: the "any" row, or a value (with its index in `items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerRow<'a> {
    Any,
    Value(usize, &'a FacetCount),
}

impl Picker {
    pub fn new(kind: PickerKind, current: Option<String>) -> Self {
        Picker {
            kind,
            items: Vec::new(),
            selected: 0,
            loading: true,
            chosen_early: false,
            query: String::new(),
            current,
            sources: Vec::new(),
            source: PostSource::default(),
        }
    }

    /// The rows the typed text leaves, in order: "any" first while a value is in force.
    pub fn rows(&self) -> Vec<PickerRow<'_>> {
        let query = self.query.to_lowercase();
        let any = (self.current.is_some() && query.is_empty()).then_some(PickerRow::Any);
        let values = self.items.iter().enumerate().filter(|(_, i)| i.name.to_lowercase().contains(&query));
        any.into_iter().chain(values.map(|(at, i)| PickerRow::Value(at, i))).collect()
    }

    /// Whether the item at `at` (in `items`) is the value in force.
    pub fn is_current(&self, at: usize) -> bool {
        if self.kind == PickerKind::Source {
            return self.sources.get(at) == Some(&self.source);
        }
        let name = self.items.get(at).map(|i| i.name.as_str()).unwrap_or_default();
        self.current.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(name))
    }

    /// Puts the selection on the value in force, so Enter keeps it and a move starts there.
    fn select_current(&mut self) {
        let at = self.rows().iter().position(|r| matches!(r, PickerRow::Value(at, _) if self.is_current(*at)));
        self.selected = at.unwrap_or(0);
    }
}

/// How a source reads in the picker: categories say they are one; feeds go by their name.
fn source_label(s: &SourceCount) -> String {
    match &s.source {
        PostSource::Category(name) => format!("category: {name}"),
        _ => s.name.clone(),
    }
}

/// Opens a picker over the posts view; its counts are read under the filters in force.
pub fn open(state: &mut AppState, kind: PickerKind) -> crate::app::effect::Effect {
    let current = kind.value(&state.posts.filter).cloned();
    let mut picker = Picker::new(kind, current);
    picker.source = state.posts.filter.source.clone();
    state.overlay = Some(Overlay::Picker(picker));
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
            // The rows are still on their way: what was typed picks from them when they come.
            Action::Open | Action::Submit if p.loading => p.chosen_early = true,
            Action::Open | Action::Submit => {
                let (at, value) = match p.rows().get(p.selected) {
                    Some(PickerRow::Any) => (None, None),
                    Some(PickerRow::Value(at, v)) => (Some(*at), Some(v.name.clone())),
                    None => return keep(state, p),
                };
                if p.kind == PickerKind::Source {
                    let Some((source, name)) = at.and_then(|at| Some((p.sources.get(at)?.clone(), value?))) else {
                        return keep(state, p);
                    };
                    state.posts.source_name = Some((source.clone(), name));
                    let filter = ListFilter { source, ..state.posts.filter.clone() };
                    return Reply::then(Action::ShowPosts(filter));
                }
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

/// The source picker's rows arrived (if it is still the one open). True when Enter was
/// pressed before they came: the caller then chooses the selected row.
pub fn sources(state: &mut AppState, rows: Vec<SourceCount>) -> bool {
    if let Some(Overlay::Picker(p)) = &mut state.overlay
        && p.kind == PickerKind::Source
    {
        p.items = rows.iter().map(|s| FacetCount { name: source_label(s), posts: s.posts, unread: s.unread }).collect();
        p.sources = rows.into_iter().map(|s| s.source).collect();
        return arrived(p);
    }
    false
}

/// The picker's names and counts arrived (if it is still the one open). True when Enter was
/// pressed before they came.
pub fn items(state: &mut AppState, kind: PickerKind, items: Vec<FacetCount>) -> bool {
    if let Some(Overlay::Picker(p)) = &mut state.overlay
        && p.kind == kind
    {
        p.items = items;
        return arrived(p);
    }
    false
}

fn arrived(p: &mut Picker) -> bool {
    p.loading = false;
    p.select_current();
    std::mem::take(&mut p.chosen_early)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Msg, update};
    use byline_core::store::SourceCount;

    fn row(source: PostSource, name: &str) -> SourceCount {
        SourceCount { source, name: name.into(), category: None, posts: 2, unread: 1 }
    }

    #[test]
    fn a_name_typed_and_enter_pressed_before_the_rows_arrive_choose_once_they_do() {
        let mut state =
            AppState::new("t".into(), 100, 30, crate::markdown::MarkdownStyles::plain(), jiff::tz::TimeZone::UTC, 0);
        update(&mut state, Msg::Action(Action::PickSource));
        for c in "all fol".chars() {
            update(&mut state, Msg::Action(Action::Input(c)));
        }
        update(&mut state, Msg::Action(Action::Open));
        assert!(matches!(&state.overlay, Some(Overlay::Picker(p)) if p.loading && p.chosen_early), "still waiting");
        assert_eq!(state.posts.filter.source, PostSource::Own, "nothing chosen yet");

        let rows = vec![
            row(PostSource::Own, "own posts"),
            row(PostSource::All, "everything"),
            row(PostSource::Followed, "all followed"),
        ];
        let effects = update(&mut state, Msg::Sources(rows));
        assert!(state.overlay.is_none(), "the picker closed on the early Enter");
        assert_eq!(state.posts.filter.source, PostSource::Followed);
        assert!(!effects.is_empty(), "the chosen source's posts are loaded");
    }

    #[test]
    fn rows_arriving_without_an_early_enter_only_fill_the_picker() {
        let mut state =
            AppState::new("t".into(), 100, 30, crate::markdown::MarkdownStyles::plain(), jiff::tz::TimeZone::UTC, 0);
        update(&mut state, Msg::Action(Action::PickSource));
        update(&mut state, Msg::Sources(vec![row(PostSource::Own, "own posts"), row(PostSource::All, "everything")]));
        assert!(matches!(&state.overlay, Some(Overlay::Picker(p)) if !p.loading && p.items.len() == 2));
        assert_eq!(state.posts.filter.source, PostSource::Own);
    }
}
