//! What the person wants (`Action`), and everything that reaches `update` (`Msg`).

use crate::domain::{PostId, PostSummary, TagCount};
use crate::store::SearchHit;

use super::state::PickerKind;

/// A user intention, already resolved from a key or mouse event by the keymap.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Quit,
    ForceQuit,
    FocusNext,
    SearchStart,
    /// Text typed into the search or link prompt.
    Input(char),
    InputBackspace,
    InputClear,
    Submit,
    PickTag,
    PickAuthor,
    ToggleUnreadOnly,
    ToggleRead,
    ClearFilters,
    Similar,
    OpenLink,
    Help,
    /// The wheel turned over the pane at this screen position.
    Scroll {
        up: bool,
        column: u16,
        row: u16,
    },
    Resize(u16, u16),
}

/// Everything `update` handles: actions, and results of effects the runtime ran.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key press, resolved by the keymap against the state when it is handled.
    Key(crossterm::event::KeyEvent),
    /// A window of list rows; `generation` says which list (filters) it belongs to.
    Window {
        generation: u64,
        request: super::effect::WindowRequest,
        rows: Vec<PostSummary>,
        read: Vec<PostId>,
        total: usize,
        offset: Option<usize>,
    },
    Article {
        post: crate::domain::Post,
        related: Vec<PostSummary>,
    },
    SearchDone {
        id: u64,
        query: String,
        hits: Vec<SearchHit>,
    },
    Picker {
        kind: PickerKind,
        items: Vec<TagCount>,
    },
    /// Another process changed the database.
    DataChanged,
    Error(String),
}

impl From<Action> for Msg {
    fn from(a: Action) -> Self {
        Msg::Action(a)
    }
}
