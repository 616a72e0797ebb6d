//! Test helpers for the reader: a fixed clock, keys as messages, and two stand-ins for the
//! runtime that carry out `update`'s effects: the real `Runner` over a temporary store seeded
//! with the sample blog, and a fake blog of many generated posts served from a `Vec`.
#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};

use byline::app::{
    self, AppState, CHUNK_HALF, Effect, JobEffect, Msg, PickerKind, ReadEffect, SEARCH_LIMIT, SearchAnswer,
    SystemEffect, Total, WindowRequest, WriteEffect,
};
use byline::domain::{NewPost, Post, PostId, PostStatus, PostSummary, Title};
use byline::markdown::MarkdownStyles;
use byline::store::{self, FacetCount, ListFilter, SearchHit, Store};
use byline::tui::{Driver, Execute, Runner};
use byline::ui::list::{MATCH_END, MATCH_START};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use jiff::tz::TimeZone;

/// "Now" in every test: 2026-12-01T00:00:00Z. The sample blog then has one scheduled post
/// (2027-01-15) and one draft, and dates render the same everywhere (UTC).
pub const NOW: i64 = 1_796_083_200;

pub const SAMPLE_TITLE: &str = "Behind the Page";

/// A reader state at this size, plain styles, UTC, fixed clock.
pub fn state(title: &str, width: u16, height: u16) -> AppState {
    AppState::new(title.into(), width, height, MarkdownStyles::plain(), TimeZone::UTC, NOW)
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn release(c: char) -> Msg {
    let mut ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    Msg::Key(ev)
}

/// The screen as text, one line a row (for what a test needs to see drawn).
pub fn render(s: &AppState) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(s.width, s.height)).expect("test terminal");
    terminal.draw(|frame| byline::ui::render(frame, s, &byline::ui::Theme::plain())).expect("draw");
    let buf = terminal.backend().buffer();
    buf.content
        .chunks(usize::from(buf.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

/// Feeds `msg` to `update` through the runtime's own `Driver` until nothing is left to do.
/// Returns every effect `update` asked for.
pub fn drive(state: &mut AppState, server: &mut impl Execute, msg: Msg) -> Vec<Effect> {
    let mut driver = recording_driver();
    driver.push(msg);
    driver.settle(state, server);
    assert!(
        !driver.stuck,
        "update and the runtime keep answering each other: {:?}",
        &driver.recorded[driver.recorded.len() - 4..]
    );
    driver.recorded
}

fn recording_driver() -> Driver {
    let mut driver = Driver::new();
    driver.record = true;
    // The real loop would spin here without ever drawing again.
    driver.limit = 1000;
    driver
}

/// Runs `init`'s effects to completion.
pub fn start(state: &mut AppState, server: &mut impl Execute, last: Option<PostId>) -> Vec<Effect> {
    let mut driver = recording_driver();
    let effects = app::init(state, last);
    driver.run_effects(server, effects);
    driver.settle(state, server);
    assert!(!driver.stuck, "update and the runtime keep answering each other");
    driver.recorded
}

/// Feeds several messages, each driven to completion.
pub fn drive_all(state: &mut AppState, server: &mut impl Execute, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    msgs.into_iter().flat_map(|m| drive(state, server, m)).collect()
}

/// Types `text` as key presses.
pub fn typed(text: &str) -> Vec<Msg> {
    text.chars().map(key).collect()
}

// ---------------------------------------------------------------------------------------------
// The sample blog in a real store.

/// The real runtime `Runner` over a temporary database holding the sample blog. Searches, which
/// the runtime hands to a worker thread, run inline here exactly as the worker runs them.
pub struct SampleBlog {
    pub runner: Runner,
    pub opened: Vec<String>,
    _dir: Option<tempfile::TempDir>,
}

impl SampleBlog {
    pub fn open() -> Self {
        Self::with(true)
    }

    pub fn empty() -> Self {
        Self::with(false)
    }

    fn with(sample: bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("blog.db")).expect("open store");
        store.set_clock(Some(NOW));
        if sample {
            byline::transfer::sample::load(&mut store).expect("load the sample blog");
        }
        SampleBlog { runner: Runner::new(store), opened: Vec::new(), _dir: Some(dir) }
    }

    /// The reader's runtime over an existing database (one the CLI wrote), clock fixed.
    pub fn at(path: &std::path::Path) -> Self {
        let mut store = Store::open(path).expect("open store");
        store.set_clock(Some(NOW));
        SampleBlog { runner: Runner::new(store), opened: Vec::new(), _dir: None }
    }

    pub fn store(&self) -> &Store {
        &self.runner.store
    }

    pub fn title(&self) -> String {
        store::get_setting(self.store().conn(), "blog_title").expect("setting").unwrap_or_default()
    }

    /// The post with this slug.
    pub fn id(&self, slug: &str) -> PostId {
        store::resolve_post(self.store().conn(), &byline::domain::PostRef::Slug(slug.into())).expect("sample slug")
    }

    /// Adds `n` plain posts older than the sample ones (one a day back from 2020-01-01), so
    /// the list is longer than one window. Returns their ids, newest first.
    pub fn add_posts(&mut self, n: usize) -> Vec<PostId> {
        self.runner
            .store
            .write(|tx, now| {
                (0..n)
                    .map(|i| {
                        let at = 1_577_836_800 - 86_400 * i as i64;
                        let post = NewPost {
                            title: Title::parse(&format!("Older post {i}")).expect("title"),
                            slug: None,
                            author: Some("Archivist".into()),
                            tags: vec![],
                            summary: String::new(),
                            body: format!("Older post {i}."),
                            publish_at: Some(at),
                            created_at: Some(at),
                        };
                        store::add_post(tx, &post, now)
                    })
                    .collect()
            })
            .expect("add posts")
    }

    pub fn delete(&mut self, id: PostId) {
        self.runner.store.write(|tx, now| store::trash_post(tx, id, now)).expect("delete");
    }

    pub fn mark_all_read(&mut self) {
        self.runner
            .store
            .write(|tx, now| {
                let all = store::list_posts(tx, &ListFilter::default(), now)?;
                for p in all {
                    store::mark_read(tx, p.id, true, now)?;
                }
                Ok(())
            })
            .expect("mark read");
    }
}

impl Execute for SampleBlog {
    fn execute(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        match effect {
            Effect::Job(JobEffect::CancelSearch) => {}
            Effect::System(SystemEffect::OpenUrl(url)) => self.opened.push(url),
            other => self.runner.run(other, queue),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A fake blog of many posts, for paging through more rows than one window holds.

pub const AUTHORS: [&str; 3] = ["Ada", "Brook", "Cyd"];
pub const TAGS: [&str; 4] = ["databases", "rust", "tooling", "web"];

/// Post `i` of the fake blog, 0 being the newest: one post an hour back from `NOW`.
pub fn fake_post(i: usize) -> Post {
    let at = NOW - 3600 * (i as i64 + 1);
    let meta = PostSummary {
        id: PostId(i as i64 + 1),
        slug: format!("post-{i}"),
        title: format!("Post {i:04}"),
        author: Some(AUTHORS[i % AUTHORS.len()].to_string()),
        summary: format!("Summary of post {i}."),
        tags: vec![TAGS[i % TAGS.len()].to_string()],
        status: PostStatus::Published,
        created_at: at,
        updated_at: at,
        published_at: Some(at),
        first_published_at: Some(at),
        guid: format!("urn:uuid:sample-{i}"),
    };
    let para = format!(
        "This is post {i}. It talks about paging through a long list without loading it all, \
         and it links to [the docs](https://example.com/{i}/docs) and [the source](https://example.com/{i}/src)."
    );
    let body = (0..20).map(|n| format!("## Part {n}\n\n{para}\n\n")).collect::<String>();
    Post { meta, body }
}

/// Serves effects from generated posts. Records what the runtime would have written.
pub struct FakeBlog {
    pub posts: Vec<Post>,
    pub read: HashSet<PostId>,
    pub saved: Option<Option<PostId>>,
    pub opened: Vec<String>,
    pub quit: bool,
    /// Searches asked for, in order.
    pub searches: Vec<(u64, String)>,
}

impl FakeBlog {
    pub fn new(n: usize) -> Self {
        FakeBlog {
            posts: (0..n).map(fake_post).collect(),
            read: HashSet::new(),
            saved: None,
            opened: Vec::new(),
            quit: false,
            searches: Vec::new(),
        }
    }

    pub fn summary(&self, i: usize) -> PostSummary {
        self.posts[i].meta.clone()
    }

    fn index(&self, id: PostId) -> usize {
        self.posts.iter().position(|p| p.meta.id == id).expect("known post")
    }

    fn matching(&self, f: &ListFilter) -> Vec<PostSummary> {
        self.posts
            .iter()
            .map(|p| &p.meta)
            .filter(|p| f.tag.as_ref().is_none_or(|t| p.tags.contains(t)))
            .filter(|p| f.author.as_ref().is_none_or(|a| p.author.as_ref() == Some(a)))
            .filter(|p| !f.unread_only || !self.read.contains(&p.id))
            .cloned()
            .collect()
    }

    /// The answer the runtime would send for a `LoadWindow`.
    pub fn window(&self, generation: u64, filter: &ListFilter, request: WindowRequest, limit: usize) -> Msg {
        let all = self.matching(filter);
        let at = |key: (i64, PostId)| all.iter().position(|p| (p.shown_at(), p.id) == key).expect("key in list");
        let mut offset = None;
        let range = match &request {
            WindowRequest::Top => 0..limit.min(all.len()),
            WindowRequest::Bottom => all.len().saturating_sub(limit)..all.len(),
            WindowRequest::Older(t, id) => {
                let p = at((*t, *id)) + 1;
                p..(p + limit).min(all.len())
            }
            WindowRequest::Newer(t, id) => {
                let p = at((*t, *id));
                p.saturating_sub(limit)..p
            }
            WindowRequest::Around(id) => match all.iter().position(|p| p.id == *id) {
                Some(p) => {
                    let start = p.saturating_sub(CHUNK_HALF);
                    offset = Some(start);
                    start..(p + CHUNK_HALF + 1).min(all.len())
                }
                // Gone (deleted elsewhere): the newest rows, which start at index 0.
                None => {
                    offset = Some(0);
                    0..limit.min(all.len())
                }
            },
        };
        let rows: Vec<PostSummary> = all[range].to_vec();
        let read = rows.iter().map(|r| r.id).filter(|id| self.read.contains(id)).collect();
        let unread = all.iter().filter(|p| !self.read.contains(&p.id)).count();
        Msg::Window { generation, request, rows, read, counts: Some((all.len(), unread)), offset }
    }

    pub fn article(&self, id: PostId) -> Msg {
        let i = self.index(id);
        let related = (i + 1..(i + 4).min(self.posts.len())).map(|j| self.summary(j)).collect();
        Msg::Article { post: self.posts[i].clone(), related }
    }

    /// Posts whose title contains the query, newest first, the match marked in the snippet; a
    /// page of `SEARCH_LIMIT` from `offset`, with the exact count.
    pub fn search(&self, id: u64, query: &str, offset: usize) -> Msg {
        let words = query.trim().to_lowercase();
        let all: Vec<&Post> = self.posts.iter().filter(|p| p.meta.title.to_lowercase().contains(&words)).collect();
        let hits = all
            .iter()
            .enumerate()
            .skip(offset)
            .take(SEARCH_LIMIT)
            .map(|(i, p)| SearchHit {
                post: p.meta.clone(),
                snippet: format!("…in {MATCH_START}{}{MATCH_END} we page…", p.meta.title),
                rank: i + 1,
                in_title: true,
            })
            .collect::<Vec<SearchHit>>();
        let read = hits.iter().map(|h| h.post.id).filter(|id| self.read.contains(id)).collect();
        let more = offset + hits.len() < all.len();
        let total = Total::Exact(all.len());
        Msg::SearchDone(SearchAnswer { id, query: query.to_string(), offset, hits, read, more, total })
    }

    pub fn picker(&self, kind: PickerKind) -> Msg {
        let names: Vec<&str> = match kind {
            PickerKind::Tag => TAGS.to_vec(),
            PickerKind::Author => AUTHORS.to_vec(),
            // The fake blog follows no feed: only the fixed sources.
            PickerKind::Source => return Msg::Sources(Vec::new()),
        };
        let items = names
            .into_iter()
            .map(|name| {
                let filter = match kind {
                    PickerKind::Tag => ListFilter { tag: Some(name.into()), ..ListFilter::default() },
                    PickerKind::Author | PickerKind::Source => {
                        ListFilter { author: Some(name.into()), ..ListFilter::default() }
                    }
                };
                let posts = self.matching(&filter);
                let unread = posts.iter().filter(|p| !self.read.contains(&p.id)).count() as i64;
                FacetCount { name: name.into(), posts: posts.len() as i64, unread }
            })
            .collect();
        Msg::Picker { kind, items }
    }

    /// The message answering `effect`, if it has one.
    pub fn answer(&mut self, effect: &Effect) -> Option<Msg> {
        match effect {
            Effect::Read(ReadEffect::LoadWindow { generation, filter, request, limit }) => {
                Some(self.window(*generation, filter, request.clone(), *limit))
            }
            Effect::Read(ReadEffect::LoadArticle(id)) => Some(self.article(*id)),
            Effect::Job(JobEffect::Search { id, query, offset, .. }) => {
                self.searches.push((*id, query.clone()));
                Some(self.search(*id, query, *offset))
            }
            Effect::Read(ReadEffect::LoadPicker(kind, _)) => Some(self.picker(*kind)),
            Effect::Write(WriteEffect::MarkRead(id, read)) => {
                if *read {
                    self.read.insert(*id);
                } else {
                    self.read.remove(id);
                }
                None
            }
            Effect::System(SystemEffect::OpenUrl(url)) => {
                self.opened.push(url.clone());
                None
            }
            Effect::Write(WriteEffect::SavePosition(at)) => {
                self.saved = Some(*at);
                None
            }
            Effect::Quit => {
                self.quit = true;
                None
            }
            Effect::Job(JobEffect::CancelSearch) => None,
            // The editor's effects are not the reader's; the fake blog does not serve them.
            other => panic!("FakeBlog does not serve {other:?}"),
        }
    }
}

impl Execute for FakeBlog {
    fn execute(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        if let Some(msg) = self.answer(&effect) {
            queue.push_back(msg);
        }
    }
}
