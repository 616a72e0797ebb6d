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
use crate::app::{Action, AppState, Effect, Msg, ReadEffect, SystemEffect, init, update};
use crate::ui::{self, Theme};
use byline_core::domain::PostId;
use byline_core::store::{self, Store, StoreError};

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

    let input = InputControl::default();
    spawn_input(tx.clone(), input.clone());
    spawn_signals(tx.clone());
    state.posts.restore_scroll = super::effects::last_scroll(&store);
    let related = super::related_worker::RelatedWorker::start(store.path(), tx.clone()).ok();
    let mut runner = Runner::new(store, worker);
    runner.related = related;
    let mut queue: VecDeque<Msg> = VecDeque::new();
    for effect in init(&mut state, last) {
        runner.run(effect, &mut queue);
    }
    // Something was being written when byline last stopped: offer it back.
    if let Some((draft, saved_at)) = store::load_autosave(runner.store.conn())? {
        queue.push_back(Msg::AutosaveFound { draft, saved_at });
    }
    let result = event_loop(&mut state, &mut runner, &mut queue, &rx, &mut terminal, &theme, &input);
    input.stop.store(true, Ordering::Relaxed);
    drop(guard);
    result
}

/// Lets the runtime stop the input thread, or pause it while $EDITOR owns the terminal.
#[derive(Clone, Default)]
struct InputControl {
    stop: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
    /// Set by the input thread once it is paused and no longer reading.
    idle: Arc<AtomicBool>,
}

impl InputControl {
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = std::time::Instant::now();
        while !self.idle.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Hands the terminal to $EDITOR on `text` and takes it back, like git does for commit messages.
fn run_editor(
    text: &str,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    input: &InputControl,
) -> Result<String, String> {
    let path = std::env::temp_dir().join(format!("byline-compose-{}.md", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let write = store::create_private_file(&path).and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if let Err(e) = write {
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    input.pause();
    super::guard::restore();
    let ran = byline_core::editor::run_editor(&path).map_err(|e| e.to_string());
    // Redraw everything on the fresh alternate screen. Not with `terminal.clear()`: it first asks
    // the terminal for the cursor position (ESC [6n) and fails after 2 s when no answer comes,
    // leaving a blank screen and dropping the edited text. A resize to the current size clears
    // the screen and forgets the last frame without asking the terminal anything.
    let back = super::guard::resume().and_then(|()| terminal.size()).and_then(|size| terminal.resize(size.into()));
    input.resume();
    let result =
        ran.and_then(|()| std::fs::read_to_string(&path).map_err(|e| format!("cannot read the edited text: {e}")));
    let _ = std::fs::remove_file(&path);
    back.map_err(|e| format!("terminal error: {e}"))?;
    result
}

fn event_loop(
    state: &mut AppState,
    runner: &mut Runner,
    queue: &mut VecDeque<Msg>,
    rx: &Receiver<Msg>,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    theme: &Theme,
    input: &InputControl,
) -> Result<(), StoreError> {
    let mut last_tick = std::time::Instant::now();
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
                        Effect::Read(ReadEffect::LoadArticle(id)) => article = Some(id),
                        Effect::System(SystemEffect::RunEditor(text)) => {
                            queue.push_back(Msg::EditorDone(run_editor(&text, terminal, input)));
                        }
                        other => runner.run(other, queue),
                    }
                }
                dirty = true;
            }
            match article.take() {
                Some(id) => runner.run(Effect::Read(ReadEffect::LoadArticle(id)), queue),
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
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        // Once a second, however busy the input: autosave and a look for outside changes.
        if last_tick.elapsed() >= CHANGE_CHECK {
            last_tick = std::time::Instant::now();
            queue.push_back(Msg::Tick(runner.store.now()));
            let version = runner.store.data_version().unwrap_or(seen_version);
            if version != seen_version {
                seen_version = version;
                runner.forget_counts();
                queue.push_back(Msg::DataChanged);
            }
        }
    }
}

/// Reads terminal events on a thread of its own and turns them into messages.
fn spawn_input(tx: Sender<Msg>, control: InputControl) {
    thread::spawn(move || {
        while !control.stop.load(Ordering::Relaxed) {
            if control.paused.load(Ordering::SeqCst) {
                control.idle.store(true, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(10));
                continue;
            }
            control.idle.store(false, Ordering::SeqCst);
            match event::poll(Duration::from_millis(50)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => break,
            }
            let msg = match event::read() {
                Ok(Event::Key(key)) => Some(Msg::Key(key)),
                Ok(Event::Resize(w, h)) => Some(Msg::Action(Action::Resize(w, h))),
                Ok(Event::Paste(text)) => Some(Msg::Paste(text)),
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
