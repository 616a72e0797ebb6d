//! The outbox view's state: the sends (few: one per mailed post) and the problem rows of the
//! selected one.

use byline_core::domain::PostId;
use byline_core::ops::newsletter::SendStatus;
use byline_core::store::outbox::Problem;

/// How many failed, unknown and deferred addresses the view reads for one send.
pub const PROBLEMS_SHOWN: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxView {
    /// Every send, newest first.
    pub sends: Vec<SendStatus>,
    pub selected: usize,
    /// The send whose problems are in `problems`.
    pub problems_of: Option<PostId>,
    pub problems: Vec<Problem>,
    pub loading: bool,
}

impl OutboxView {
    pub fn selected_send(&self) -> Option<&SendStatus> {
        self.sends.get(self.selected)
    }
}
