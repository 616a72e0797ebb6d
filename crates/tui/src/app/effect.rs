//! IO that `update` asks the runtime for. Quick reads run inline; searches on a worker.

use byline_core::domain::{Email, PostId, SubscriberStatus, TagName};
use byline_core::store::Draft;
use byline_core::store::ListFilter;

use super::state::PickerKind;

/// Where a window of list rows should come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowRequest {
    /// The newest rows.
    Top,
    /// The oldest rows (for `G`).
    Bottom,
    /// Rows just older than this (sort time, id): scrolling down.
    Older(i64, PostId),
    /// Rows just newer than this: scrolling up.
    Newer(i64, PostId),
    /// Rows around this post, which becomes selected (restoring the last position).
    Around(PostId),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadWindow {
        generation: u64,
        filter: ListFilter,
        request: WindowRequest,
        limit: usize,
    },
    LoadArticle(PostId),
    /// `prefix`: the last word matches as a prefix; `ranked`: by relevance, else newest first.
    Search {
        id: u64,
        query: String,
        prefix: bool,
        ranked: bool,
    },
    CancelSearch,
    LoadPicker(PickerKind),
    MarkRead(PostId, bool),
    OpenUrl(String),
    SavePosition(Option<PostId>),
    /// The open article and how far it was scrolled, for the next start.
    SaveArticleScroll(PostId, usize),
    Quit,

    /// Creates (id None) or updates a post from the compose pane; validated values.
    SavePost {
        id: Option<PostId>,
        post: PostFields,
        publish: Option<bool>,
    },
    SetPublished(PostId, bool),
    TrashPost(PostId),
    RestoreLastTrashed,
    SetPostTags(PostId, Vec<TagName>),
    /// Puts text on the terminal's clipboard (OSC 52).
    Copy(String),
    Autosave(Draft),
    ClearAutosave,
    LoadCompletions,
    /// Loads a post into the compose pane.
    LoadForEdit(PostId),
    /// Suspends the reader and edits this text in $EDITOR.
    RunEditor(String),
    LoadTags,
    RenameTag(String, TagName),
    MergeTag(String, String),
    DeleteTag(String),
    LoadSubscribers,
    AddSubscriber {
        email: Email,
        name: Option<String>,
        tags: Vec<TagName>,
        status: SubscriberStatus,
    },
    UpdateSubscriber {
        email: String,
        name: Option<String>,
        tags: Vec<TagName>,
        status: SubscriberStatus,
    },
    UnsubscribeSubscriber(String),
    RemoveSubscriber(String),
    ImportCsv(String),
    ExportCsv(String),
}

/// A post's editable fields, validated; defined with the use case that saves them.
pub use byline_core::ops::posts::PostFields;
