//! The reader's state and logic, with no terminal: keys become actions, `update` changes the
//! state and asks for effects, and the runtime (in `tui`) carries the effects out.

mod action;
pub mod article;
mod effect;
pub mod keymap;
pub mod layout;
mod list;
mod state;
mod update;

pub use action::{Action, Msg};
pub use effect::{Effect, WindowRequest};
pub use layout::{Layout, layout};
pub use list::{CHUNK, CHUNK_HALF, ListMode, ListState, Row};
pub use state::{AppState, ArticleState, Focus, Overlay, Picker, PickerKind, SearchState};
pub use update::{init, plan_query, update};
