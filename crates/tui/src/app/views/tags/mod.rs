//! The tags view: every tag with its post count; rename, merge, delete, show its posts.

pub mod keys;
pub mod state;
pub mod update;
