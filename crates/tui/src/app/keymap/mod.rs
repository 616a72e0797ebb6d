//! Keys as data: `key` holds the key and binding types and the shared sections, each view its
//! own table (`views/*/keys.rs`), and `resolve` turns a key into what it means here.

pub mod config;
pub mod key;
pub mod resolve;

pub use config::{Keymap, action_name};
pub use key::{Binding, Key, Table};
pub use resolve::{Resolved, TableId, bindings, hints, key_for, resolve, table_for, view_table, yes_no};
