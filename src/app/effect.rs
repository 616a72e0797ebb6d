//! IO that `update` asks the runtime for. Quick reads run inline; searches on a worker.

use crate::domain::PostId;
use crate::store::ListFilter;

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
    Quit,
}
