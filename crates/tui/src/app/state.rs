//! Everything the reader shows, in one struct owned by the runtime and changed only by `update`.

use jiff::tz::TimeZone;
use ratatui::text::Line;

use crate::markdown::MarkdownStyles;
use byline_core::domain::{Post, PostSummary};
use byline_core::store::ListFilter;

use super::action::Confirmable;
use super::form::Form;
use super::layout::{Layout, layout};
use super::list::{ListState, ROW_HEIGHT};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Article,
}

/// The three screens, switched with 1, 2 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Posts,
    Tags,
    Subscribers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Tag,
    Author,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub items: Vec<byline_core::domain::TagCount>,
    pub selected: usize,
    pub loading: bool,
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
}

/// The tags view: every tag with its post count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagsView {
    pub items: Vec<byline_core::domain::TagCount>,
    pub selected: usize,
    pub loading: bool,
}

/// The subscribers view: all subscribers, narrowed by text and status in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubscribersView {
    pub all: Vec<byline_core::domain::Subscriber>,
    pub filter: String,
    pub filtering: bool,
    pub status: Option<byline_core::domain::SubscriberStatus>,
    pub selected: usize,
    pub loading: bool,
}

impl SubscribersView {
    /// The rows shown: matching the text (email or name) and the status filter.
    pub fn shown(&self) -> Vec<&byline_core::domain::Subscriber> {
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

/// The compose pane: the form, and its preview wrapped for one (width, version).
#[derive(Debug, Clone)]
pub struct Compose {
    pub form: Form,
    pub show_preview: bool,
    pub preview: Vec<Line<'static>>,
    pub preview_for: (u16, u64),
    pub preview_scroll: usize,
    /// When the last autosave happened (seconds), to autosave every few seconds.
    pub autosaved_at: i64,
}

/// The search box while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub input: String,
    pub hint: Option<String>,
}

/// An open article: the post, its similar posts, and its lines wrapped for one width.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleState {
    pub post: Post,
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
}

pub struct AppState {
    pub blog_title: String,
    pub view: View,
    pub compose: Option<Compose>,
    pub tags: TagsView,
    pub subscribers: SubscribersView,
    /// Known authors and tags, for completion in forms.
    pub known_authors: Vec<String>,
    pub known_tags: Vec<String>,
    pub width: u16,
    pub height: u16,
    pub layout: Layout,
    pub focus: Focus,
    pub filter: ListFilter,
    pub list: ListState,
    /// The browsing list while search results replace it; Esc brings it back.
    pub saved_list: Option<ListState>,
    pub search: Option<SearchState>,
    /// The id of the newest search sent; answers to older ones are stale and dropped.
    pub search_pending: Option<u64>,
    pub article: Option<ArticleState>,
    pub overlay: Option<Overlay>,
    pub message: Option<String>,
    pub styles: MarkdownStyles,
    /// Dates are shown in this zone (the system's; UTC in tests, so snapshots are stable).
    pub tz: TimeZone,
    pub now: i64,
    pub quit: bool,
    /// Background jobs, and writes waiting on the store.
    pub jobs: super::jobs::JobsState,
    /// Where the reader was in an article last time: applied when that article opens.
    pub restore_scroll: Option<(byline_core::domain::PostId, usize)>,
    pub(crate) next_id: u64,
}

impl AppState {
    pub fn new(blog_title: String, width: u16, height: u16, styles: MarkdownStyles, tz: TimeZone, now: i64) -> Self {
        AppState {
            blog_title,
            view: View::Posts,
            compose: None,
            tags: TagsView::default(),
            subscribers: SubscribersView::default(),
            known_authors: Vec::new(),
            known_tags: Vec::new(),
            width,
            height,
            layout: layout(width, height),
            focus: Focus::List,
            filter: ListFilter::default(),
            list: ListState::new(1),
            saved_list: None,
            search: None,
            search_pending: None,
            article: None,
            overlay: None,
            message: None,
            styles,
            tz,
            now,
            quit: false,
            jobs: Default::default(),
            restore_scroll: None,
            next_id: 1,
        }
    }

    /// How many list rows fit on screen.
    pub fn visible_rows(&self) -> usize {
        (self.layout.list.height.saturating_sub(1) / ROW_HEIGHT).max(1) as usize
    }

    /// How many article lines fit on screen.
    pub fn article_height(&self) -> usize {
        self.layout.article.height.saturating_sub(1).max(1) as usize
    }

    /// Whether the article pane is what the reader sees (always on wide screens).
    pub fn article_visible(&self) -> bool {
        self.layout.wide || self.focus == Focus::Article
    }

    pub fn has_filter(&self) -> bool {
        self.filter.tag.is_some() || self.filter.author.is_some() || self.filter.unread_only
    }

    pub(crate) fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}
