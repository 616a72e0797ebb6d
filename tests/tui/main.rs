//! The TUI without a terminal: `update` with its effects carried out on real temporary stores
//! (`tui::Headless`), and insta snapshots of every view drawn on a `TestBackend`.
// Test code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod admin_snapshots;
mod app_update;
mod background;
mod chrome;
mod follow;
mod huge_layout;
mod pictures;
mod reader_keys;
mod reader_position;
mod reading;
mod refresh;
mod render_snapshots;
mod shapes;
