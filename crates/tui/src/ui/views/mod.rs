//! Draws each view, mirroring `app/views`: posts (list and article), tags, subscribers,
//! compose. A coming view (following, outbox, jobs) gets its module here too.

pub mod compose;
pub mod posts;
pub mod subscribers;
mod table;
pub mod tags;
