//! The app's state and logic, with no terminal: keys become actions, `update` routes them to
//! the view or overlay that owns them, and the runtime (in `tui`) carries out the effects.

mod action;
pub mod article;
mod choice;
mod effect;
pub mod form;
pub mod jobs;
pub mod keymap;
pub mod layout;
mod list;
pub mod messages;
mod mouse;
mod msg;
pub mod overlays;
mod reload;
mod reply;
pub mod settings;
pub mod stack;
mod state;
mod update;
pub mod views;

pub use action::Action;
pub use effect::{CoalesceKey, Effect, JobEffect, PostFields, ReadEffect, SystemEffect, WriteEffect, openable};
pub use layout::{Layout, layout};
pub use list::{CHUNK, CHUNK_HALF, ListMode, ListState, Row, WindowRequest};
pub use msg::{Msg, Reload};
pub use overlays::state::{Confirmable, Overlay, Picker, PickerKind};
pub use settings::{Align, ReaderSettings};
pub use state::{AppState, View};
pub use update::{SEARCH_LIMIT, init, plan_query, update};
pub use views::compose::state::Compose;
pub use views::posts::state::{ArticleState, Focus, PostsState, ResultsInfo, SearchAnswer, SearchState, Total};
pub use views::subscribers::state::SubscribersView;
pub use views::tags::state::TagsView;
