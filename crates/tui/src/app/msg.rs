//! Everything that reaches `update`: actions, keys, and the answers to effects.

use byline_core::domain::{PostId, PostSummary, TagCount};

use super::action::Action;
use super::list::WindowRequest;
use super::overlays::state::PickerKind;
use super::views::posts::state::SearchAnswer;
use super::views::subscribers::state::StatusCounts;

/// What a write changed; `reload::after` re-reads it in every view that shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    Posts,
    Tags,
    Subscribers,
    /// A newsletter send: the outbox view and the subscribers' last mail.
    Outbox,
}

/// Everything `update` handles: actions, and results of effects the runtime ran.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key press, resolved by the keymap against the state when it is handled.
    Key(crossterm::event::KeyEvent),
    /// A window of list rows; `generation` says which list (filters) it belongs to.
    Window {
        generation: u64,
        request: WindowRequest,
        rows: Vec<PostSummary>,
        read: Vec<PostId>,
        /// The list's length and how many of its posts are unread (the header shows both), when
        /// already counted; otherwise `Counted` brings them.
        counts: Option<(usize, usize)>,
        offset: Option<usize>,
    },
    /// The browsing list's length and unread posts, counted on a lane after its first window.
    Counted {
        generation: u64,
        total: usize,
        unread: usize,
    },
    /// The next unread post below the selection, if there is one (`NextUnread`'s answer).
    NextUnread {
        generation: u64,
        id: Option<PostId>,
    },
    /// The similar posts of an article, which arrive after its text.
    Related {
        id: PostId,
        related: Vec<PostSummary>,
    },
    Article {
        post: byline_core::domain::Post,
        related: Vec<PostSummary>,
    },
    /// A huge post laid out by a worker, answering `JobEffect::LayOut` number `id`.
    LaidOut {
        id: u64,
        article: Box<super::views::posts::state::ArticleState>,
    },
    /// Picture `index` of `post` laid out at `width` (`JobEffect::Pictures`), or why not.
    Picture {
        post: PostId,
        width: u16,
        index: usize,
        slot: super::views::posts::pictures::Slot,
    },
    /// A page of hits for a search.
    SearchDone(SearchAnswer),
    /// All hits of search `id`, counted after its page was shown.
    SearchCount {
        id: u64,
        total: usize,
    },
    Picker {
        kind: PickerKind,
        items: Vec<byline_core::store::FacetCount>,
    },
    /// The source picker's rows: each source with its counts.
    Sources(Vec<byline_core::store::SourceCount>),
    /// Another process changed the database.
    DataChanged,
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// About once a second, with the time: autosave the compose pane if it changed.
    Tick(i64),
    /// A post to edit in the compose pane.
    EditPost(Box<byline_core::domain::Post>),
    /// A post was saved from the compose pane.
    Saved {
        id: PostId,
        status: byline_core::domain::PostStatus,
    },
    /// A write failed; `field` is the form field at fault, if any. The form keeps its text.
    FormError {
        field: Option<crate::app::form::FieldId>,
        message: String,
    },
    /// A write finished: say so and re-read what it changed.
    Done {
        message: String,
        reload: Reload,
    },
    /// The blog's title and description as stored, read for its form.
    Blog {
        title: String,
        description: String,
    },
    /// The blog's title and description were saved.
    BlogSaved {
        title: String,
    },
    Tags(Vec<TagCount>),
    /// A window of subscribers, with the list's length and the count of each status.
    Subscribers {
        generation: u64,
        request: WindowRequest<byline_core::domain::SubscriberId>,
        rows: Vec<byline_core::domain::Subscriber>,
        total: usize,
        offset: Option<usize>,
        counts: StatusCounts,
    },
    /// The last mail and bounces of the subscribers in a window of that list.
    SubscriberMail {
        generation: u64,
        mail: Vec<(byline_core::domain::SubscriberId, byline_core::store::outbox::SubscriberMail)>,
    },
    /// Who would receive a post's newsletter; `ready` says why mail cannot go, if it cannot.
    Recipients {
        preview: Box<byline_core::ops::newsletter::Preview>,
        ready: Result<(), String>,
    },
    /// Every send, newest first, and the problem rows of one (`problems_of`).
    Outbox {
        sends: Vec<byline_core::ops::newsletter::SendStatus>,
        problems_of: Option<PostId>,
        problems: Vec<byline_core::store::outbox::Problem>,
    },
    Completions {
        authors: Vec<String>,
        tags: Vec<String>,
    },
    /// The completions of a path prompt's text `typed`.
    PathChoices {
        typed: String,
        choices: Vec<String>,
    },
    /// $EDITOR returned: the new body, or why it failed.
    EditorDone(Result<String, String>),
    /// An autosaved compose draft from an earlier run is waiting.
    AutosaveFound {
        draft: byline_core::store::Draft,
        saved_at: i64,
    },
    Error(String),
    /// A background job started, progressed or ended.
    Job(byline_core::jobs::JobEvent),
    /// A job was handed to the background: the form that asked for it closes at once.
    JobStarted {
        id: byline_core::jobs::JobId,
        title: String,
    },
}

impl From<Action> for Msg {
    fn from(a: Action) -> Self {
        Msg::Action(a)
    }
}
