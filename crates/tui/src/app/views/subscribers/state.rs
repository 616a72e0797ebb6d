//! The subscribers view's state: the subscribers and the text and status filters.

use byline_core::domain::{Subscriber, SubscriberStatus};

/// The subscribers view: all subscribers, narrowed by text and status in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubscribersView {
    pub all: Vec<Subscriber>,
    pub filter: String,
    pub filtering: bool,
    pub status: Option<SubscriberStatus>,
    pub selected: usize,
    pub loading: bool,
}

impl SubscribersView {
    /// The rows shown: matching the text (email or name) and the status filter.
    pub fn shown(&self) -> Vec<&Subscriber> {
        let needle = self.filter.to_lowercase();
        self.all
            .iter()
            .filter(|s| self.status.is_none_or(|st| s.status == st))
            .filter(|s| {
                needle.is_empty()
                    || s.email.to_lowercase().contains(&needle)
                    || s.name.as_deref().is_some_and(|n| n.to_lowercase().contains(&needle))
            })
            .collect()
    }
}
