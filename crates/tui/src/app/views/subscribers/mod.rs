//! The subscribers view: the list narrowed by text and status; add, edit, unsubscribe,
//! remove, import and export CSV.

pub mod keys;
pub mod state;
pub mod update;
