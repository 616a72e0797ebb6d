//! The runtime without a terminal: the real state, update, effects and store, driven by calls.
//! Tests use it to act as a person would and check the store after; benchmarks time it.

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::driver::Driver;
use super::error::TuiError;
use super::lanes::Lanes;
use super::runner::Runner;
use crate::app::{Action, AppState, Msg, init};
use crate::ui::{self, Theme};
use byline_core::store::{self, Store, StoreError};

/// By default everything runs inline on one connection, in the order the real runtime's lanes
/// would run it, through the same `Driver` loop. `threaded` runs the real lanes instead, for
/// tests and benchmarks of what happens while work runs in the background.
pub struct Headless {
    pub state: AppState,
    runner: Runner,
    driver: Driver,
    /// The lanes' answers, when threaded.
    results: Option<Receiver<Msg>>,
    pub theme: Theme,
    /// When set, similar posts are not loaded inline but left for `load_related`, as the real
    /// runtime leaves them to a thread: the benchmark times a key's frame without them.
    pub defer_related: bool,
}

impl Headless {
    /// Starts like the real reader: first window, last position, an autosave offer.
    pub fn new(store: Store, width: u16, height: u16) -> Result<Self, StoreError> {
        Self::new_with(store, width, height, None)
    }

    fn new_with(store: Store, width: u16, height: u16, lanes: Option<Lanes>) -> Result<Self, StoreError> {
        let theme = Theme::plain();
        let title = store::get_setting(store.conn(), "blog_title")?.unwrap_or_default();
        let last = store::get_setting(store.conn(), "last_post")?
            .and_then(|v| v.parse().ok())
            .map(byline_core::domain::PostId);
        let now = store.now();
        let mut state = AppState::new(title, width, height, theme.markdown.clone(), jiff::tz::TimeZone::UTC, now);
        state.posts.restore_scroll = super::runner::last_scroll(&store);
        let autosave = store::load_autosave(store.conn())?;
        let mut runner = Runner::new(store);
        runner.lanes = lanes;
        let mut driver = Driver::new();
        let first = init(&mut state, last);
        driver.run_effects(&mut runner, first);
        if let Some((draft, saved_at)) = autosave {
            driver.push(Msg::AutosaveFound { draft, saved_at });
        }
        let mut h = Headless { state, runner, driver, results: None, theme, defer_related: false };
        h.settle();
        Ok(h)
    }

    /// Applies a config file's keys, settings and colours, as the runtime does at start
    /// (`no_color` stands for the `NO_COLOR` variable).
    pub fn configure(&mut self, config: &crate::config::TuiConfig, no_color: Option<&std::ffi::OsStr>) {
        self.theme = Theme::configured(&config.colors, no_color);
        self.state.styles = self.theme.markdown.clone();
        config.apply(&mut self.state);
        self.runner.site = config.site.clone();
        self.runner.refresh_every(config.follow.refresh_every());
        // A test backend shows only cells: pictures, when on, are half blocks, and never cached.
        self.runner.painter = (config.images != byline_core::config::Images::Off)
            .then(|| super::pictures::Painter::halfblocks(self.runner.fetch));
    }

    /// Like `new`, but writes, jobs, searches and similar posts run on the runtime's own worker
    /// lanes; their answers arrive through `pump` and `wait_until`.
    pub fn threaded(store: Store, width: u16, height: u16) -> Result<Self, TuiError> {
        let (tx, rx) = channel();
        let lanes = Lanes::start(store.path(), tx).map_err(TuiError::Workers)?;
        let mut h = Self::new_with(store, width, height, Some(lanes))?;
        h.results = Some(rx);
        Ok(h)
    }

    /// What sends newsletters when `M` or the outbox view asks (the binary's byline-mail run).
    pub fn set_sender(&mut self, sender: std::sync::Arc<dyn byline_core::ops::mailing::Sender>) {
        self.runner.sender = Ok(sender);
    }

    pub fn store(&self) -> &Store {
        &self.runner.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.runner.store
    }

    /// What was put on the clipboard (headless does not write OSC 52 to the test's stdout).
    pub fn copied(&self) -> &[String] {
        &self.runner.copied
    }

    /// What was handed to $EDITOR (headless has no editor to run).
    pub fn editor_requests(&self) -> &[String] {
        &self.runner.editor_requests
    }

    /// The links `o` asked the browser to open.
    pub fn opened(&self) -> &[String] {
        &self.runner.opened
    }

    /// The runtime's once-a-second timers at `now`: the interval feed refresh, when due.
    pub fn timers(&mut self, now: std::time::Instant) {
        if self.runner.refresh_due(now) {
            self.driver
                .run_effects(&mut self.runner, vec![crate::app::Effect::Job(crate::app::JobEffect::RefreshFeeds)]);
            self.settle();
        }
    }

    /// How the feed refresh fetches, and how often it runs by itself (None: only on `R`).
    pub fn set_refresh(&mut self, fetch: byline_core::follow::FetchOptions, every: Option<std::time::Duration>) {
        self.runner.fetch = fetch;
        self.runner.refresh_every(every);
    }

    /// Handles one message and everything it leads to, as the runtime does between frames.
    pub fn send(&mut self, msg: Msg) {
        // As the runtime does when PRAGMA data_version moves: cached counts are stale.
        if matches!(msg, Msg::DataChanged) {
            self.runner.forget_counts();
        }
        self.driver.push(msg);
        self.settle();
    }

    pub fn key(&mut self, code: KeyCode) {
        self.key_with(code, KeyModifiers::NONE);
    }

    pub fn ctrl(&mut self, c: char) {
        self.key_with(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.send(Msg::Key(KeyEvent::new(code, modifiers)));
    }

    /// Types text one key at a time (newlines as Enter).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) });
        }
    }

    pub fn action(&mut self, action: Action) {
        self.send(Msg::Action(action));
    }

    /// Runs queued messages and their effects until nothing is left.
    pub fn settle(&mut self) {
        self.runner.defer_related = self.defer_related;
        self.driver.settle(&mut self.state, &mut self.runner);
    }

    /// Handles the answers the lanes have sent so far (threaded only). True if there were any.
    pub fn pump(&mut self) -> bool {
        let arrived: Vec<Msg> = self.results.as_ref().map(|rx| rx.try_iter().collect()).unwrap_or_default();
        let any = !arrived.is_empty();
        for msg in arrived {
            self.driver.push(msg);
        }
        self.settle();
        any
    }

    /// Handles the lanes' answers as they come until `done` holds or `limit` passes; whether it
    /// held. Inline (not threaded), only checks.
    pub fn wait_until(&mut self, limit: Duration, mut done: impl FnMut(&Self) -> bool) -> bool {
        let start = Instant::now();
        loop {
            self.pump();
            if done(self) {
                return true;
            }
            let Some(rx) = &self.results else { return false };
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            if let Ok(msg) = rx.recv_timeout(left.min(Duration::from_millis(20))) {
                self.driver.push(msg);
            }
        }
    }

    /// Draw first, as the terminal runtime does: a `settle` that changed the screen keeps the
    /// article load beside the list for after the frame (`Driver::frame_first`). After drawing,
    /// `take_dirty` and `settle` run it, as the runtime's next turn does.
    pub fn set_frame_first(&mut self, on: bool) {
        self.driver.frame_first = on;
    }

    /// Work is held for after the next frame.
    pub fn holding(&self) -> bool {
        self.driver.holding()
    }

    /// Whether the last frame's worth of messages changed anything on screen; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::replace(&mut self.driver.dirty, false)
    }

    /// Loads the similar posts deferred by `defer_related`, as the real runtime's thread would.
    /// Like the thread, only the newest request is served: older ones are for articles gone.
    pub fn load_related(&mut self) {
        if let Some(id) = std::mem::take(&mut self.runner.deferred_related).pop() {
            let msg = super::search::related_msg(&self.runner.store, id);
            self.driver.push(msg);
        }
        self.settle();
    }

    /// Draws the current state into a test terminal.
    pub fn draw(&self, terminal: &mut Terminal<TestBackend>) {
        let _ = terminal.draw(|frame| ui::render(frame, &self.state, &self.theme));
    }

    /// The screen as text, one line per row, for assertions.
    pub fn screen(&self) -> String {
        let mut terminal = match Terminal::new(TestBackend::new(self.state.width, self.state.height)) {
            Ok(t) => t,
            Err(_) => return String::new(),
        };
        self.draw(&mut terminal);
        let buffer = terminal.backend().buffer();
        let width = usize::from(buffer.area.width.max(1));
        buffer.content.chunks(width).map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n").collect()
    }
}
