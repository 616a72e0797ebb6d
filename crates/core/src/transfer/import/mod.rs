//! Bringing a blog in from another engine: parsers per source format, one engine that writes.

mod dates;
pub mod feed;
pub mod ghost;
pub mod html;
pub mod item;
pub mod sniff;
mod wp_text;
pub mod wxr;
pub mod xml_guard;
mod xml_tree;

pub use item::{ImportItem, ImportProblem, ImportState, Parsed};
