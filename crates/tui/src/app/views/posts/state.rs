//! The posts view's state: the windowed list, search, filters and the open article.

use std::sync::Arc;

use ratatui::text::Line;

use byline_core::domain::{Post, PostId, PostSummary};
use byline_core::store::{ListFilter, SearchHit};

use crate::app::list::ListState;

/// Which pane of the posts view has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Article,
}

/// The search box while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub input: String,
    pub hint: Option<String>,
}

/// How many hits a search has: counted, or at least this many while the count runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exact(usize),
    AtLeast(usize),
}

/// A page of hits for search `id`, from hit `offset` of `query` (as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchAnswer {
    pub id: u64,
    pub query: String,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
    /// Which of the hits the reader has read.
    pub read: Vec<PostId>,
    /// Whether hits follow this page.
    pub more: bool,
    pub total: Total,
}

/// What the search results on screen are beyond their rows: where they came from, how many
/// there are, and whether the next page is on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsInfo {
    /// The search the rows answer (its count and next page are accepted).
    pub id: u64,
    /// The query as typed, to ask for the next page.
    pub input: String,
    pub more: bool,
    pub total: Total,
    /// The id of the next page's search while it is loading.
    pub loading: Option<u64>,
}

/// A layout of the open article running on a worker (a huge post): the id of its answer, and
/// how far through the text to put the reader when it lands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PendingLayout {
    pub id: u64,
    pub fraction: f64,
}

/// An open article: the post, its similar posts, and its lines wrapped for one width.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleState {
    /// Shared with a layout running on a worker, so a resize never copies a big body.
    pub post: Arc<Post>,
    pub related: Vec<PostSummary>,
    pub lines: Vec<Line<'static>>,
    pub links: Vec<String>,
    /// The width `lines` were wrapped for.
    pub width: u16,
    /// Index of the first line of the similar-posts section.
    pub related_at: usize,
    pub scroll: usize,
    /// Which similar post is selected, when the reader is choosing one.
    pub related_selected: Option<usize>,
    /// Whether the similar posts have arrived (they follow the text from their own thread).
    pub related_loaded: bool,
    /// `s` was pressed before they arrived: select the first one when they do.
    pub want_similar: bool,
    /// The search inside this article (`/` in the article), while it is open or kept.
    pub find: Option<super::find::Find>,
    /// Where the list search's words occur in the text (highlighted, for an article opened from
    /// search results).
    pub marks: Vec<super::find::Match>,
    /// Its code blocks (lines and whole text), for copying one.
    pub code: Vec<crate::markdown::CodeBlock>,
    /// While a worker lays the text out, `lines` hold only the header and a note saying so.
    pub layout: Option<PendingLayout>,
    /// Pictures standing alone, with the rows kept for them (lines of this layout).
    pub images: Vec<crate::markdown::ImageSpot>,
    /// One slot per picture once they have been asked for (empty before).
    pub pictures: Vec<super::pictures::Slot>,
    /// The width the pictures were asked for (they are made for the width they fill).
    pub pictures_for: Option<u16>,
}

impl ArticleState {
    /// The post with nothing laid out yet, scrolled to the top.
    pub fn new(post: Arc<Post>, width: u16) -> Self {
        ArticleState {
            post,
            related: Vec::new(),
            lines: Vec::new(),
            links: Vec::new(),
            width,
            related_at: 0,
            scroll: 0,
            related_selected: None,
            related_loaded: false,
            want_similar: false,
            find: None,
            marks: Vec::new(),
            code: Vec::new(),
            layout: None,
            images: Vec::new(),
            pictures: Vec::new(),
            pictures_for: None,
        }
    }

    /// A worker is still laying the text out.
    pub fn laying_out(&self) -> bool {
        self.layout.is_some()
    }
}

/// The reader's view (list and article) and the editor's post actions on it.
#[derive(Debug, Clone, PartialEq)]
pub struct PostsState {
    pub focus: Focus,
    pub filter: ListFilter,
    pub list: ListState,
    /// The browsing list while search results replace it; Esc brings it back.
    pub saved_list: Option<ListState>,
    pub search: Option<SearchState>,
    /// The id of the newest search sent; answers to older ones are stale and dropped.
    pub search_pending: Option<u64>,
    /// What the search results in `list` are, while it holds some.
    pub results: Option<ResultsInfo>,
    pub article: Option<ArticleState>,
    /// Where the reader was in an article last time: applied when that article opens.
    pub restore_scroll: Option<(PostId, usize)>,
    /// How many posts of the list are unread (the header's count), as the last window said and
    /// read marks since have changed it.
    pub unread: Option<usize>,
    /// "Next unread" asked the store for a post below the rows loaded: open it when it comes.
    pub open_next_unread: bool,
    /// The id of the last layout handed to a worker (`PendingLayout::id`).
    pub layouts: u64,
    /// The post it opened: shown read in the window that brings its row.
    pub read_on_arrival: Option<PostId>,
    /// The name of the source chosen in the source picker (a feed's title, a category), for the
    /// header while that source is in force.
    pub source_name: Option<(byline_core::store::PostSource, String)>,
}

impl Default for PostsState {
    fn default() -> Self {
        PostsState {
            focus: Focus::List,
            filter: ListFilter::default(),
            list: ListState::new(1),
            saved_list: None,
            search: None,
            search_pending: None,
            results: None,
            article: None,
            restore_scroll: None,
            unread: None,
            open_next_unread: false,
            read_on_arrival: None,
            layouts: 0,
            source_name: None,
        }
    }
}

impl PostsState {
    pub fn has_filter(&self) -> bool {
        self.filter.tag.is_some() || self.filter.author.is_some() || self.filter.unread_only
    }

    /// The article search, while the reader types its words.
    pub fn find_typing(&self) -> bool {
        self.article.as_ref().and_then(|a| a.find.as_ref()).is_some_and(|f| f.typing)
    }

    /// The article search is kept (typed and confirmed): its next/previous-match keys apply.
    pub fn find_kept(&self) -> bool {
        self.article.as_ref().and_then(|a| a.find.as_ref()).is_some_and(|f| !f.typing)
    }
}
