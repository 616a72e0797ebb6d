//! The views, one module each with its state, its update and (in `keymap`) its key table;
//! drawn by the matching module under `ui/views`. Coming views (following feeds, the outbox,
//! jobs) are added here the same way: a state in `AppState`, a branch in the router.

pub mod compose;
pub mod outbox;
pub mod posts;
pub mod subscribers;
pub mod tags;
