//! The compose view: writing and editing a post, with preview, autosave and $EDITOR.

pub mod keys;
pub mod open;
pub mod schedule;
pub mod state;
pub mod update;
