//! byline's terminal face: the app's state and pure update, the drawing, markdown laid out as
//! terminal lines, and the runtime that owns the terminal.

pub mod app;
pub mod config;
pub mod markdown;
pub mod tui;
pub mod ui;
