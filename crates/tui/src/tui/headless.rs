//! The runtime without a terminal: the real state, update, effects and store, driven by calls.
//! Tests use it to act as a person would and check the store after; benchmarks time it.

use std::collections::VecDeque;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::effects::Runner;
use crate::app::{Action, AppState, Effect, Msg, SystemEffect, init, update};
use crate::ui::{self, Theme};
use byline_core::store::{self, Store, StoreError};

pub struct Headless {
    pub state: AppState,
    runner: Runner,
    queue: VecDeque<Msg>,
    pub theme: Theme,
    /// What the last `settle` asked $EDITOR to edit (headless has no editor to run).
    pub editor_requests: Vec<String>,
    /// When set, similar posts are not loaded inline but left for `load_related`, as the real
    /// runtime leaves them to a thread: the benchmark times a key's frame without them.
    pub defer_related: bool,
    /// What was put on the clipboard (headless does not write OSC 52 to the test's stdout).
    pub copied: Vec<String>,
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
        state.posts.restore_scroll = super::effects::last_scroll(&store);
        let mut runner = Runner::new(store, None);
        let mut queue = VecDeque::new();
        for effect in init(&mut state, last) {
            runner.run(effect, &mut queue);
        }
        if let Some((draft, saved_at)) = store::load_autosave(runner.store.conn())? {
            queue.push_back(Msg::AutosaveFound { draft, saved_at });
        }
        let mut h = Headless {
            state,
            runner,
            queue,
            theme,
            editor_requests: Vec::new(),
            copied: Vec::new(),
            defer_related: false,
        };
        h.settle();
        Ok(h)
    }

    pub fn store(&self) -> &Store {
        &self.runner.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.runner.store
    }

    /// Handles one message and everything it leads to, as the runtime does between frames.
    pub fn send(&mut self, msg: Msg) {
        self.queue.push_back(msg);
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
        while let Some(msg) = self.queue.pop_front() {
            // As the runtime does when PRAGMA data_version moves: cached counts are stale.
            if matches!(msg, Msg::DataChanged) {
                self.runner.forget_counts();
            }
            for effect in update(&mut self.state, msg) {
                match effect {
                    Effect::System(SystemEffect::RunEditor(text)) => {
                        self.editor_requests.push(text);
                        self.queue.push_back(Msg::EditorDone(Err("no editor when headless".into())));
                    }
                    Effect::System(SystemEffect::Copy(text)) => self.copied.push(text),
                    other => self.runner.run(other, &mut self.queue),
                }
            }
        }
    }

    /// Loads the similar posts deferred by `defer_related`, as the real runtime's thread would.
    /// Like the thread, only the newest request is served: older ones are for articles gone.
    pub fn load_related(&mut self) {
        if let Some(id) = std::mem::take(&mut self.runner.deferred_related).pop() {
            let msg = super::related_worker::related_msg(&self.runner.store, id);
            self.queue.push_back(msg);
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
