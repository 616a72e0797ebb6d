//! Overlays over the current view (help, pickers, the link prompt, questions, small forms):
//! their state, and their update, which answers with actions rather than calling the views.

pub mod form;
pub mod help;
pub mod picker;
pub mod state;
pub mod update;
