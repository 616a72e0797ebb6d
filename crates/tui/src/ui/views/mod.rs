//! Draws each view, mirroring `app/views`: posts (list and article), tags, subscribers,
//! compose, outbox. A coming view (following, jobs) gets its module here too.

pub mod compose;
pub mod outbox;
pub mod posts;
pub mod subscribers;
mod table;
pub mod tags;
