//! The posts view: the reader's windowed list and article, search, filters, and the editor's
//! post actions (publish, delete, tags...).

pub mod blog;
pub mod edit;
pub mod find;
pub mod keys;
pub mod mail;
pub mod nav;
pub mod pictures;
pub mod publish;
pub mod reading;
pub mod results;
pub mod search;
pub mod state;
pub mod update;
pub mod window;
