//! What the overlays hold: help, the pickers, the link prompt, a question, a small form.

use byline_core::domain::PostId;
use byline_core::store::Draft;
use byline_core::store::FacetCount;

use crate::app::form::Form;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Tag,
    Author,
    /// Where the list's posts come from (`PostSource`): own, a feed, a category, all.
    Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    /// Every value, with its posts and unread posts under the other filters in force.
    pub items: Vec<FacetCount>,
    /// Among the rows the typed text leaves (`rows()`), "any" first.
    pub selected: usize,
    pub loading: bool,
    /// Enter came before the rows: choose as soon as they arrive (typing ahead works).
    pub chosen_early: bool,
    /// Typed text: only names containing it are shown.
    pub query: String,
    /// The value in force when the picker opened, marked in the list.
    pub current: Option<String>,
    /// The source picker's sources, one per item in the same order (empty for the others).
    pub sources: Vec<byline_core::store::PostSource>,
    /// The source in force when the source picker opened, marked in the list.
    pub source: byline_core::store::PostSource,
}

/// What a confirmation prompt asks about. The prompt answers with `Action::Confirmed` or
/// `Action::Declined` carrying this, and the router hands it to the view that asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmable {
    DeletePost(PostId, String),
    DeleteTag(String),
    RemoveSubscriber(String),
    DiscardCompose,
    /// Taking a live post down to a draft.
    Unpublish(PostId, String),
    /// Publishing a scheduled post now, ahead of its time.
    PublishEarly(PostId, String),
    /// Publishing a draft that was live before: yes with its first date, no as new today; the
    /// back key cancels.
    Republish(PostId, String),
    RestoreAutosave(Box<Draft>),
    /// Mailing a published post to its subscribers (or sending its unknown rows again).
    SendNewsletter {
        post: PostId,
        title: String,
        retry_unknown: bool,
    },
    /// Marking every post of the list read: the filter's posts, or these search results.
    MarkAllRead {
        filter: byline_core::store::ListFilter,
        ids: Option<Vec<PostId>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Picker(Picker),
    /// Typing the number of a link to open.
    LinkPrompt(String),
    /// A yes/no question before something destructive.
    Confirm {
        question: String,
        action: Box<Confirmable>,
    },
    /// A small form over the current view (subscriber, tag rename, file name...).
    Form(Form),
    /// The background jobs, running and recent (the list itself is `AppState::jobs`).
    Jobs,
    /// The last status messages, newest first (the log itself is `AppState::messages`).
    Messages,
}

impl Confirmable {
    /// Questions whose "no" is an action too: the back key cancels them instead of answering no.
    pub fn back_cancels(&self) -> bool {
        matches!(self, Confirmable::Republish(..))
    }

    /// What a cancelled question says, naming what it was about.
    pub fn cancelled(&self) -> String {
        match self {
            Confirmable::Republish(_, title) => format!("'{}' stays a draft", byline_core::text::fit(title, 40)),
            _ => "cancelled; nothing changed".to_string(),
        }
    }
}

impl Overlay {
    pub fn confirm(question: String, action: Confirmable) -> Self {
        Overlay::Confirm { question, action: Box::new(action) }
    }
}
