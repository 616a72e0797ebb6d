//! The runtime without a terminal: the real state, update, effects and store, driven by calls.
//! Tests use it to act as a person would and check the store after; benchmarks time it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::driver::Driver;
use super::runner::Runner;
use crate::app::{Action, AppState, Msg, init};
use crate::ui::{self, Theme};
use byline_core::store::{self, Store, StoreError};

/// Everything runs inline on one connection, in the order the real runtime's lanes would run
/// it, through the same `Driver` loop.
pub struct Headless {
    pub state: AppState,
    runner: Runner,
    driver: Driver,
    pub theme: Theme,
    /// When set, similar posts are not loaded inline but left for `load_related`, as the real
    /// runtime leaves them to a thread: the benchmark times a key's frame without them.
    pub defer_related: bool,
}

impl Headless {
    /// Starts like the real reader: first window, last position, an autosave offer.
    pub fn new(store: Store, width: u16, height: u16) -> Result<Self, StoreError> {
        let theme = Theme::plain();
        let title = store::get_setting(store.conn(), "blog_title")?.unwrap_or_default();
        let last = store::get_setting(store.conn(), "last_post")?
            .and_then(|v| v.parse().ok())
            .map(byline_core::domain::PostId);
        let now = store.now();
        let mut state = AppState::new(title, width, height, theme.markdown.clone(), jiff::tz::TimeZone::UTC, now);
        state.restore_scroll = super::runner::last_scroll(&store);
        let autosave = store::load_autosave(store.conn())?;
        let mut runner = Runner::new(store);
        let mut driver = Driver::new();
        let first = init(&mut state, last);
        driver.run_effects(&mut runner, first);
        if let Some((draft, saved_at)) = autosave {
            driver.push(Msg::AutosaveFound { draft, saved_at });
        }
        let mut h = Headless { state, runner, driver, theme, defer_related: false };
        h.settle();
        Ok(h)
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
