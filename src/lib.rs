//! byline: a terminal blog reader and admin over one SQLite file. The CLI and the TUI are two
//! faces of this library.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod markdown;
pub mod sanitize;
pub mod store;
pub mod text;
pub mod transfer;
pub mod tui;
pub mod ui;
