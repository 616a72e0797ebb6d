//! What the person wants: an `Action`, resolved from a key by the keymap or answered by an overlay.

use byline_core::store::ListFilter;

use super::overlays::state::Confirmable;
use super::state::View;

/// A user intention, already resolved from a key or mouse event by the keymap.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Quit,
    ForceQuit,
    FocusNext,
    SearchStart,
    /// Text typed into the search or link prompt.
    Input(char),
    InputBackspace,
    InputClear,
    Submit,
    PickTag,
    PickAuthor,
    ToggleUnreadOnly,
    /// Choose the list's source in a picker: the blog's own posts, everything, every followed
    /// feed, a category of feeds, or one feed.
    PickSource,
    /// Fetch the followed feeds' new items (a background job).
    RefreshFeeds,
    /// Fetch the full article of the followed item on screen from its link (a background job).
    FetchArticle,
    ToggleRead,
    /// Open the next unread post below the one on screen.
    NextUnread,
    /// Open the next or previous post of the list, from the article.
    NextPost,
    PrevPost,
    /// Mark every post of the list on screen read (asks first).
    MarkAllRead,
    /// The next or previous match of the search inside the article.
    FindNext,
    FindPrev,
    /// Copy the code block on screen, its lines whole.
    CopyCode,
    ClearFilters,
    Similar,
    OpenLink,
    Help,
    /// Show the last status messages again.
    MessageLog,
    /// Show the background jobs (imports, exports), running and recent.
    Jobs,
    /// Cancel the selected job in the jobs list.
    CancelJob,
    /// The wheel turned over the pane at this screen position.
    Scroll {
        up: bool,
        column: u16,
        row: u16,
    },
    /// A left click at this screen position (only with mouse capture on).
    Click {
        column: u16,
        row: u16,
    },
    Resize(u16, u16),

    // The admin side: views, post actions, forms and confirmations.
    ShowView(View),
    New,
    Edit,
    Publish,
    Delete,
    Undo,
    EditTags,
    CopySlug,
    /// Edit the blog's title and description.
    EditBlog,
    /// Export the static website (the config's `[site]`) as a background job.
    ExportSite,
    /// Mail the published post to its subscribers: shows who would get it, asks, then sends as
    /// a background job.
    SendNewsletter,
    /// Run the selected send again: queued and deferred messages (the outbox view).
    Retry,
    /// Send again the messages whose delivery is unknown (asks first: some may arrive twice).
    RetryUnknown,
    Rename,
    Merge,
    Unsubscribe,
    Import,
    Export,
    StatusFilter,
    NextField,
    PrevField,
    Save,
    ExternalEditor,
    TogglePreview,
    /// A key for the focused form field's editor.
    EditKey(crossterm::event::KeyEvent),
    Yes,
    No,
    /// A confirmed destructive action, carried out without asking again by the view that asked.
    Confirmed(Box<Confirmable>),
    /// The question was answered no: the view that asked may need to tidy up.
    Declined(Box<Confirmable>),
    /// Show the posts view with this filter (from a picker or the tags view).
    ShowPosts(ListFilter),
}

impl Action {
    /// Where a selection moves in a list of `len` rows held whole (tags, subscribers): None
    /// for an action that is not a move.
    pub fn moved(&self, selected: usize, len: usize, page: usize) -> Option<usize> {
        let last = len.saturating_sub(1);
        Some(match self {
            Action::Down => (selected + 1).min(last),
            Action::Up => selected.saturating_sub(1),
            Action::PageDown => (selected + page).min(last),
            Action::PageUp => selected.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return None,
        })
    }
}
