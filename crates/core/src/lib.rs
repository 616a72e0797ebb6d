//! byline's core: everything below the faces (CLI, TUI, later the web server and background
//! jobs). No terminal crates here; the one network client (ureq) serves `follow` alone.

pub mod config;
pub mod domain;
pub mod editor;
pub mod follow;
pub mod html;
pub mod jobs;
pub mod ops;
pub mod private_file;
pub mod recovery;
pub mod sanitize;
pub mod store;
pub mod text;
pub mod transfer;
