//! The reader's state and logic, with no terminal: keys become actions, `update` changes the
//! state and asks for effects, and the runtime (in `tui`) carries the effects out.

mod action;
mod admin;
pub mod article;
pub mod compose;
mod effect;
pub mod form;
pub mod keymap;
pub mod layout;
mod list;
mod state;
mod update;

pub use action::{Action, Confirmable, Msg, Reload};
pub use effect::{CoalesceKey, Effect, JobEffect, PostFields, ReadEffect, SystemEffect, WindowRequest, WriteEffect};
pub use layout::{Layout, layout};
pub use list::{CHUNK, CHUNK_HALF, ListMode, ListState, Row};
pub use state::{
    AppState, ArticleState, Compose, Focus, Overlay, Picker, PickerKind, SearchState, SubscribersView, TagsView, View,
};
pub use update::{SEARCH_LIMIT, init, plan_query, update};
