//! Everything the app shows, in one struct owned by the runtime and changed only by `update`:
//! what is global (size, layout, message, overlay, styles, clock, completions, the current
//! view), then one state per view. A new view (following, jobs) adds its state here and
//! its module under `views/`.

use jiff::tz::TimeZone;

use crate::markdown::MarkdownStyles;

use super::layout::{Layout, layout};
use super::list::ROW_HEIGHT;
use super::overlays::state::Overlay;
use super::views::compose::state::Compose;
use super::views::outbox::state::OutboxView;
use super::views::posts::state::{Focus, PostsState};
use super::views::subscribers::state::SubscribersView;
use super::views::tags::state::TagsView;

/// The screens, switched with 1 to 4 (compose opens over the posts view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Posts,
    Tags,
    Subscribers,
    /// The newsletter sends with their counts and failures.
    Outbox,
}

pub struct AppState {
    pub blog_title: String,
    pub view: View,
    pub width: u16,
    pub height: u16,
    pub layout: Layout,
    pub overlay: Option<Overlay>,
    pub message: Option<String>,
    /// The level of the message on screen, and the log of the last ones.
    pub messages: super::messages::Messages,
    /// Where `q`/`Esc` go back to once the view on screen has nothing left to close.
    pub stack: Vec<super::stack::Return>,
    /// The first row of the help shown, when it is longer than the screen.
    pub help_scroll: usize,
    pub styles: MarkdownStyles,
    /// Reading width, mouse, date format: what the config file sets.
    pub settings: super::settings::ReaderSettings,
    /// The keys in force: the built-in tables with the config file's bindings.
    pub keys: std::sync::Arc<super::keymap::Keymap>,
    /// Dates are shown in this zone (the system's; UTC in tests, so snapshots are stable).
    pub tz: TimeZone,
    pub now: i64,
    pub quit: bool,
    /// Background jobs, and writes waiting on the store.
    pub jobs: super::jobs::JobsState,
    /// Known authors and tags, for completion in forms.
    pub known_authors: Vec<String>,
    pub known_tags: Vec<String>,
    pub(crate) next_id: u64,

    // One state per view.
    pub posts: PostsState,
    pub tags: TagsView,
    pub subscribers: SubscribersView,
    pub outbox: OutboxView,
    /// The compose view, open over the posts view while a post is written or edited.
    pub compose: Option<Compose>,
}

impl AppState {
    pub fn new(blog_title: String, width: u16, height: u16, styles: MarkdownStyles, tz: TimeZone, now: i64) -> Self {
        AppState {
            blog_title,
            view: View::Posts,
            width,
            height,
            layout: layout(width, height),
            overlay: None,
            message: None,
            messages: Default::default(),
            stack: Vec::new(),
            help_scroll: 0,
            styles,
            settings: Default::default(),
            keys: Default::default(),
            tz,
            now,
            quit: false,
            jobs: Default::default(),
            known_authors: Vec::new(),
            known_tags: Vec::new(),
            next_id: 1,
            posts: PostsState::default(),
            tags: TagsView::default(),
            subscribers: SubscribersView::default(),
            outbox: OutboxView::default(),
            compose: None,
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
        self.layout.wide || self.posts.focus == Focus::Article
    }

    pub fn has_filter(&self) -> bool {
        self.posts.has_filter()
    }

    pub(crate) fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Says something in the status bar (information; `ok`, `warn`, `error` in `messages`).
    pub(crate) fn say(&mut self, text: &str) {
        self.tell(super::messages::Level::Info, text);
    }
}
