//! The event loop: input, signals and worker results arrive on one queue; every message goes
//! through `update`; effects run; then one draw, only if something changed.

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event, MouseButton, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::driver::{Driver, Execute};
use super::error::TuiError;
use super::guard::TerminalGuard;
use super::lanes::Lanes;
use super::runner::Runner;
use crate::app::{Action, AppState, Effect, JobEffect, Msg, SystemEffect, init};
use crate::config::TuiConfig;
use crate::ui::{self, Theme};
use byline_core::domain::PostId;
use byline_core::store::{self, Store};

/// How often to look for changes made by another byline (a cheap PRAGMA).
const CHANGE_CHECK: Duration = Duration::from_millis(1000);

/// Runs the reader until the person quits. The terminal is restored however this returns.
/// `sender` mails newsletters (the binary's byline-mail run), or says why mail is not set up.
pub fn run(
    store: Store,
    config: &TuiConfig,
    sender: Result<Arc<dyn byline_core::ops::mailing::Sender>, String>,
) -> Result<(), TuiError> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(TuiError::NotATerminal);
    }
    let theme = Theme::from_config(&config.colors);
    let (tx, rx) = channel::<Msg>();
    // The database's own title wins; the config file's is for a blog that has none.
    let title = store::get_setting(store.conn(), "blog_title")?
        .filter(|t| !t.is_empty())
        .or_else(|| config.blog.title.clone())
        .unwrap_or_default();
    let last = store::get_setting(store.conn(), "last_post")?.and_then(|v| v.parse().ok()).map(PostId);
    let now = store.now();
    let lanes = Lanes::start(store.path(), tx.clone()).map_err(TuiError::Workers)?;

    let io_err = TuiError::Terminal;
    let guard = TerminalGuard::enter().map_err(io_err)?;
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout())).map_err(io_err)?;
    let size = terminal.size().map_err(io_err)?;
    let mut state =
        AppState::new(title, size.width, size.height, theme.markdown.clone(), jiff::tz::TimeZone::system(), now);
    config.apply(&mut state);
    crate::app::keymap::config::install(config.keys.clone());

    let input = InputControl::default();
    spawn_input(tx.clone(), input.clone());
    spawn_signals(tx.clone());
    state.posts.restore_scroll = super::runner::last_scroll(&store);
    super::unsaved::adopt_recovered(&store);
    let autosave = store::load_autosave(store.conn())?;
    // Said once, at the start: every refused change says it again with its own message.
    let read_only = store.read_only().map(|why| format!("read-only: {why}; reading works, changes cannot be saved"));
    let mut runner = Runner::new(store);
    runner.site = config.site.clone();
    runner.refresh_every(config.follow.refresh_every());
    runner.painter =
        super::pictures::Painter::configured(config.images, runner.fetch, byline_core::config::default_picture_cache());
    runner.sender = sender;
    runner.lanes = Some(lanes);
    let mut face = TerminalFace { runner, terminal, input: input.clone() };
    let mut driver = Driver::new();
    driver.frame_first = true;
    let first = init(&mut state, last);
    driver.run_effects(&mut face, first);
    // Text an earlier run could not save: say where it is.
    let recovered = byline_core::recovery::waiting();
    if let (Some(last), Some(dir)) = (recovered.last(), byline_core::recovery::dir()) {
        let n = recovered.len();
        let files = if n == 1 { "1 recovery file".to_string() } else { format!("{n} recovery files") };
        let newest = last.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        state.message = Some(format!("unsaved text from an earlier run: {files} in {} ({newest})", dir.display()));
    }
    // Recovered text matters more: a refused save repeats the read-only news anyway.
    if state.message.is_none() {
        state.message = read_only;
    }
    if state.message.is_none() {
        state.message = config.warnings.first().map(|w| format!("warning: {w}"));
    }
    // Something was being written when byline last stopped: offer it back.
    if let Some((draft, saved_at)) = autosave {
        driver.push(Msg::AutosaveFound { draft, saved_at });
    }
    // Mouse capture as the reader's settings say (off by default: the terminal selects text).
    super::guard::capture_mouse(state.settings.mouse).map_err(TuiError::Terminal)?;
    let result = event_loop(&mut state, &mut driver, &mut face, &rx, &theme);
    // The autosave on quit is on the writes lane: let it land, but never hang on a lock; text
    // it could not save goes to a recovery file.
    let flushed = face.runner.lanes.as_ref().is_none_or(|lanes| lanes.flush_writes(QUIT_WAIT));
    let kept = super::unsaved::keep(&state, &face.runner.store, flushed, &rx);
    input.stop.store(true, Ordering::Relaxed);
    drop(guard);
    super::unsaved::report(kept, result)
}

/// How long quitting waits for writes still queued (an autosave) before leaving anyway.
const QUIT_WAIT: Duration = Duration::from_secs(2);

/// The runner plus what only a real terminal has: $EDITOR needs the screen handed over.
struct TerminalFace {
    runner: Runner,
    terminal: Terminal<CrosstermBackend<io::Stdout>>,
    input: InputControl,
}

impl Execute for TerminalFace {
    fn execute(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        match effect {
            Effect::System(SystemEffect::RunEditor(text)) => {
                queue.push_back(Msg::EditorDone(run_editor(&text, &mut self.terminal, &self.input)));
            }
            other => self.runner.run(other, queue),
        }
    }
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
    driver: &mut Driver,
    face: &mut TerminalFace,
    rx: &Receiver<Msg>,
    theme: &Theme,
) -> Result<(), TuiError> {
    let mut last_tick = std::time::Instant::now();
    let io_err = TuiError::Terminal;
    let mut seen_version = face.runner.store.data_version().unwrap_or(0);
    loop {
        driver.settle(state, face);
        if face.runner.quit || state.quit {
            return Ok(());
        }
        if driver.dirty {
            // crossterm drops a resize that arrives in the same poll as a key press, so check the
            // size before each frame instead of trusting the event alone.
            let size = face.terminal.size().map_err(io_err)?;
            if (size.width, size.height) != (state.width, state.height) {
                driver.push(Msg::Action(Action::Resize(size.width, size.height)));
                continue;
            }
            face.terminal.draw(|frame| ui::render(frame, state, theme)).map_err(io_err)?;
            driver.dirty = false;
        }
        // Work held for after this frame runs at once; otherwise wait for input or the tick.
        let wait = if driver.holding() { std::time::Duration::ZERO } else { CHANGE_CHECK };
        match rx.recv_timeout(wait) {
            Ok(msg) => {
                driver.push(msg);
                for msg in rx.try_iter() {
                    driver.push(msg);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        // Once a second, however busy the input: autosave and a look for outside changes.
        if last_tick.elapsed() >= CHANGE_CHECK {
            last_tick = std::time::Instant::now();
            driver.push(Msg::Tick(face.runner.store.now()));
            // The interval refresh is the runtime's timer, not the app's: the same job `R` starts.
            if face.runner.refresh_due(last_tick) {
                driver.run_effects(face, vec![Effect::Job(JobEffect::RefreshFeeds)]);
            }
            let version = face.runner.store.data_version().unwrap_or(seen_version);
            if version != seen_version {
                seen_version = version;
                face.runner.forget_counts();
                driver.push(Msg::DataChanged);
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
                    MouseEventKind::Down(MouseButton::Left) => {
                        Some(Action::Click { column: m.column, row: m.row }.into())
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
