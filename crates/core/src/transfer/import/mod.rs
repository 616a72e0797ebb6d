//! Bringing a blog in from another engine: parsers per source format, one engine that writes.

pub mod item;

pub use item::{ImportItem, ImportProblem, ImportState, Parsed};
