//! The outbox view: every newsletter send with its counts, the failures of the selected one,
//! and sending again (queued and deferred rows; the unknown ones after a question).

pub mod keys;
pub mod state;
pub mod update;
