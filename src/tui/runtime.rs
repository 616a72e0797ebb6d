//! The event loop: input, signals and worker results arrive on one queue; every message goes
//! through `update`; effects run; then one draw, only if something changed.

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::effects::Runner;
use super::guard::TerminalGuard;
use super::worker::SearchWorker;
use crate::app::{Action, AppState, Effect, Msg, init, update};
use crate::domain::PostId;
use crate::store::{self, Store, StoreError};
use crate::ui::{self, Theme};

/// How often to look for changes made by another byline (a cheap PRAGMA).
const CHANGE_CHECK: Duration = Duration::from_millis(1000);

/// Runs the reader until the person quits. The terminal is restored however this returns.
pub fn run(store: Store) -> Result<(), StoreError> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(StoreError::Refused(
            "the reader needs a terminal; for scripts use a subcommand (see `byline --help`)".into(),
        ));
    }
    let theme = Theme::from_env();
    let (tx, rx) = channel::<Msg>();
    let worker = SearchWorker::start(store.path(), tx.clone()).ok();
    let title = store::get_setting(store.conn(), "blog_title")?.unwrap_or_default();
    let last = store::get_setting(store.conn(), "last_post")?.and_then(|v| v.parse().ok()).map(PostId);
    let now = store.now();

    let io_err = |e: io::Error| StoreError::Refused(format!("terminal error: {e}"));
    let guard = TerminalGuard::enter().map_err(io_err)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(io_err)?;
    let size = terminal.size().map_err(io_err)?;
    let mut state =
        AppState::new(title, size.width, size.height, theme.markdown.clone(), jiff::tz::TimeZone::system(), now);

    let stop = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), stop.clone());
    spawn_signals(tx.clone());
    let mut runner = Runner::new(store, worker);
    let mut queue: VecDeque<Msg> = VecDeque::new();
    for effect in init(&mut state, last) {
        runner.run(effect, &mut queue);
    }
    let result = event_loop(&mut state, &mut runner, &mut queue, &rx, &mut terminal, &theme);
    stop.store(true, Ordering::Relaxed);
    drop(guard);
    result
}

fn event_loop(
    state: &mut AppState,
    runner: &mut Runner,
    queue: &mut VecDeque<Msg>,
    rx: &Receiver<Msg>,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    theme: &Theme,
) -> Result<(), StoreError> {
    let io_err = |e: io::Error| StoreError::Refused(format!("terminal error: {e}"));
    let mut seen_version = runner.store.data_version().unwrap_or(0);
    let mut dirty = true;
    loop {
        // Drain everything queued, running effects; the newest article request wins.
        let mut article: Option<PostId> = None;
        loop {
            while let Some(msg) = queue.pop_front() {
                for effect in update(state, msg) {
                    match effect {
                        Effect::LoadArticle(id) => article = Some(id),
                        other => runner.run(other, queue),
                    }
                }
                dirty = true;
            }
            match article.take() {
                Some(id) => runner.run(Effect::LoadArticle(id), queue),
                None => break,
            }
        }
        if runner.quit || state.quit {
            return Ok(());
        }
        if dirty {
            // crossterm drops a resize that arrives in the same poll as a key press, so check the
            // size before each frame instead of trusting the event alone.
            let size = terminal.size().map_err(io_err)?;
            if (size.width, size.height) != (state.width, state.height) {
                queue.push_back(Msg::Action(Action::Resize(size.width, size.height)));
                continue;
            }
            terminal.draw(|frame| ui::render(frame, state, theme)).map_err(io_err)?;
            dirty = false;
        }
        match rx.recv_timeout(CHANGE_CHECK) {
            Ok(msg) => {
                queue.push_back(msg);
                queue.extend(rx.try_iter());
            }
            Err(RecvTimeoutError::Timeout) => {
                let version = runner.store.data_version().unwrap_or(seen_version);
                if version != seen_version {
                    seen_version = version;
                    runner.forget_counts();
                    queue.push_back(Msg::DataChanged);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

/// Reads terminal events on a thread of its own and turns them into messages.
fn spawn_input(tx: Sender<Msg>, stop: Arc<AtomicBool>) {
    thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(100)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => break,
            }
            let msg = match event::read() {
                Ok(Event::Key(key)) => Some(Msg::Key(key)),
                Ok(Event::Resize(w, h)) => Some(Msg::Action(Action::Resize(w, h))),
                Ok(Event::Mouse(m)) => match m.kind {
                    MouseEventKind::ScrollUp => Some(Action::Scroll { up: true, column: m.column, row: m.row }.into()),
                    MouseEventKind::ScrollDown => {
                        Some(Action::Scroll { up: false, column: m.column, row: m.row }.into())
                    }
                    _ => None,
                },
                Ok(_) => None,
                Err(_) => break,
            };
            if let Some(msg) = msg {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        }
    });
}

/// SIGTERM, SIGHUP and SIGINT end the reader through the normal path, so the terminal is restored.
fn spawn_signals(tx: Sender<Msg>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else { return };
    thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Action(Action::ForceQuit));
        }
    });
}
