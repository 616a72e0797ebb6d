//! The subscribers view's state: a window of the subscribers matching the text and status
//! filters, paged from the store like the posts list.

use std::collections::HashMap;

use byline_core::domain::{Subscriber, SubscriberId, SubscriberStatus};
use byline_core::store::SubscriberFilter;
use byline_core::store::outbox::SubscriberMail;

use crate::app::list::ListState;

/// How many subscribers have each status (all of them, whatever the filter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub active: usize,
    pub pending: usize,
    pub unsubscribed: usize,
}

impl StatusCounts {
    pub fn total(&self) -> usize {
        self.active + self.pending + self.unsubscribed
    }
}

/// The subscribers view: a window of the matching subscribers, never the whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscribersView {
    pub list: ListState<Subscriber>,
    pub counts: StatusCounts,
    pub filter: String,
    pub filtering: bool,
    pub status: Option<SubscriberStatus>,
    pub loading: bool,
    /// The last newsletter and the bounces of the rows loaded (read with each window).
    pub mail: HashMap<SubscriberId, SubscriberMail>,
}

impl Default for SubscribersView {
    fn default() -> Self {
        SubscribersView {
            list: ListState::new(1),
            counts: StatusCounts::default(),
            filter: String::new(),
            filtering: false,
            status: None,
            loading: false,
            mail: HashMap::new(),
        }
    }
}

impl SubscribersView {
    /// The rows loaded: the window around the selection (`list.offset` is the first one's index).
    pub fn shown(&self) -> Vec<&Subscriber> {
        self.list.rows.iter().collect()
    }

    /// What the store is asked for.
    pub fn query(&self) -> SubscriberFilter {
        SubscriberFilter { text: self.filter.clone(), status: self.status }
    }
}
