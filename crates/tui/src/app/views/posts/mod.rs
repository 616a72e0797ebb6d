//! The posts view: the reader's windowed list and article, search, filters, and the editor's
//! post actions (publish, delete, tags...).

pub mod edit;
pub mod keys;
pub mod nav;
pub mod publish;
pub mod results;
pub mod search;
pub mod state;
pub mod update;
pub mod window;
