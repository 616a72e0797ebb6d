//! IO that `update` asks the runtime for, grouped by who carries it out (reads, writes, jobs,
//! the system), so a new effect does not compile until every executor handles it.

use byline_core::domain::{Email, PostId, SubscriberId, SubscriberStatus, TagName};
use byline_core::store::Draft;
use byline_core::store::{ListFilter, SubscriberFilter};

use super::overlays::state::PickerKind;

pub use super::list::WindowRequest;

/// Everything `update` can ask for. Executors match each group exhaustively (no `_` arm), so an
/// effect added to a group is a compile error until it is carried out.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Read(ReadEffect),
    Write(WriteEffect),
    Job(JobEffect),
    System(SystemEffect),
    Quit,
}

/// Quick reads of the store, answered with a message.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadEffect {
    LoadWindow {
        generation: u64,
        filter: ListFilter,
        request: WindowRequest,
        limit: usize,
    },
    /// The post's text; its similar posts follow from their own worker (implicitly a job).
    LoadArticle(PostId),
    /// A picker's values with their counts under this filter (its own facet ignored).
    LoadPicker(PickerKind, byline_core::store::ListFilter),
    LoadTags,
    /// A window of the subscribers matching a filter; `generation` says which list it is for.
    LoadSubscribers {
        generation: u64,
        filter: SubscriberFilter,
        request: WindowRequest<SubscriberId>,
        limit: usize,
    },
    LoadCompletions,
    /// The files and folders a path prompt's text could go on to (`Msg::PathChoices`).
    ListPaths(String),
    /// Loads a post into the compose pane.
    LoadForEdit(PostId),
    /// The blog's title and description, for its form.
    LoadBlog,
    /// Who would receive this post's newsletter, and whether mail is set up.
    LoadRecipients(PostId),
    /// Every send, and the problem rows of `selected` (else the newest send).
    LoadOutbox {
        selected: Option<PostId>,
    },
    /// The first unread post of the list below this row (sort time, id), for "next unread"
    /// when the rows loaded hold none.
    NextUnread {
        generation: u64,
        filter: ListFilter,
        after: Option<(i64, PostId)>,
    },
}

/// Every write to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteEffect {
    /// The blog's title and description.
    SetBlog {
        title: String,
        description: String,
    },
    /// Creates (id None) or updates a post from the compose pane; validated values.
    SavePost {
        id: Option<PostId>,
        post: PostFields,
        /// Publish it (a live post stays as it is), now or at a time; None keeps the status.
        publish: Option<When>,
    },
    /// Publishes a post that is not live; a live one stays as it is.
    Publish(PostId, When),
    /// Takes a post down to a draft (its first date is kept).
    Unpublish(PostId),
    TrashPost(PostId),
    RestoreLastTrashed,
    SetPostTags(PostId, Vec<TagName>),
    Autosave(Draft),
    ClearAutosave,
    RenameTag(String, TagName),
    MergeTag(String, String),
    DeleteTag(String),
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
    MarkRead(PostId, bool),
    /// Marks every post of the list filter read (the reader confirmed "mark all read").
    MarkAllRead(ListFilter),
    /// Marks these posts read: the search results on screen.
    MarkPostsRead(Vec<PostId>),
    SavePosition(Option<PostId>),
    /// The open article and how far it was scrolled, for the next start.
    SaveArticleScroll(PostId, usize),
}

/// Work that may take long: run off the UI thread (or will, once the job runner lands).
#[derive(Debug, Clone, PartialEq)]
pub enum JobEffect {
    /// A page of hits for `query` as typed, from hit `offset`.
    Search {
        id: u64,
        query: String,
        offset: usize,
    },
    /// Count all hits of search `id`, on a lane of its own so it never delays the next page.
    CountSearch {
        id: u64,
        query: String,
    },
    CancelSearch,
    ImportCsv(String),
    /// `byline import PATH` as a background job.
    ImportPosts(String),
    ExportCsv(String),
    /// The static website, into the config's `[site]` folder.
    ExportSite,
    /// Every followed feed fetched, new items stored.
    RefreshFeeds,
    /// The full article of a followed item, from its link.
    FetchArticle(byline_core::domain::PostId),
    /// Sends (or resumes) a post's newsletter through the sender the binary handed down.
    SendNewsletter {
        post: PostId,
        title: String,
        retry_unknown: bool,
    },
    /// Lays a huge post out on a worker; the newest request wins (a resize storm lays out only
    /// the last size), and the answer is `Msg::LaidOut`.
    LayOut(Box<super::article::LayoutJob>),
    /// The open article's pictures, fetched and made ready for the terminal on a worker (the
    /// newest article wins); each answers with `Msg::Picture`.
    Pictures(super::views::posts::pictures::PictureJob),
    /// Stop a queued job (import, export) that is waiting or running.
    Cancel(byline_core::jobs::JobId),
}

/// Whether a link from a post may go to the browser: only `http`, `https` and `mailto`. Posts
/// and followed feeds are untrusted; `file:`, `javascript:` or a target that starts with `-`
/// (read by the browser as an option such as `--remote-debugging-port`) never leave the reader.
pub fn openable(url: &str) -> bool {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let ok_scheme = match scheme.as_deref() {
        Some("http" | "https") => url[5..].trim_start_matches(':').starts_with("//"),
        Some("mailto") => true,
        _ => false,
    };
    ok_scheme && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Opens `url` in the browser when it is [`openable`], saying so; otherwise says why not.
pub(crate) fn open_link(state: &mut super::AppState, url: &str) -> Vec<Effect> {
    let shown = byline_core::sanitize::sanitize_line(url);
    if openable(url) {
        state.say(&format!("opening {shown}"));
        vec![Effect::System(SystemEffect::OpenUrl(url.to_string()))]
    } else {
        state.warn(&format!("not opened: only http, https and mailto links open ({shown})"));
        vec![]
    }
}

/// Things outside the store: the browser, the clipboard, the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum SystemEffect {
    OpenUrl(String),
    /// Puts text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Suspends the reader and edits this text in $EDITOR.
    RunEditor(String),
}

/// Effects with the same key supersede each other: of several queued, only the newest needs to
/// run (an older article load or saved position is out of date before it lands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoalesceKey {
    Article,
    Position,
    ArticleScroll,
}

impl Effect {
    /// On a wide screen, only fills in a frame that is already right without it (the article
    /// beside the selected row), so a face that draws first (`Driver::frame_first`) may run it
    /// just after the frame.
    pub fn after_frame(&self) -> bool {
        matches!(self, Effect::Read(ReadEffect::LoadArticle(_)))
    }

    /// Which effects this one supersedes, if any; the runtime may drop all but the newest.
    pub fn coalesce_key(&self) -> Option<CoalesceKey> {
        match self {
            Effect::Read(ReadEffect::LoadArticle(_)) => Some(CoalesceKey::Article),
            Effect::Write(WriteEffect::SavePosition(_)) => Some(CoalesceKey::Position),
            Effect::Write(WriteEffect::SaveArticleScroll(..)) => Some(CoalesceKey::ArticleScroll),
            _ => None,
        }
    }
}

impl From<ReadEffect> for Effect {
    fn from(e: ReadEffect) -> Self {
        Effect::Read(e)
    }
}

impl From<WriteEffect> for Effect {
    fn from(e: WriteEffect) -> Self {
        Effect::Write(e)
    }
}

impl From<JobEffect> for Effect {
    fn from(e: JobEffect) -> Self {
        Effect::Job(e)
    }
}

impl From<SystemEffect> for Effect {
    fn from(e: SystemEffect) -> Self {
        Effect::System(e)
    }
}

/// A post's editable fields, validated; defined with the use case that saves them.
pub use byline_core::ops::posts::{PostFields, When};
