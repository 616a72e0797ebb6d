//! byline: a terminal blog reader and admin over one SQLite file. This crate is the `byline`
//! binary's command line; the library below it lives in `byline-core` (store, domain, use cases)
//! and the terminal face in `byline-tui`. Both are re-exported here so tests, benches and
//! examples name one crate.

pub mod cli;
pub mod serve;

pub use byline_core::{config, domain, editor, follow, jobs, ops, sanitize, store, text, transfer};
pub use byline_tui::{app, markdown, tui, ui};
