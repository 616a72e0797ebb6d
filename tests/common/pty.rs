//! Runs the real `byline` binary in a pseudo-terminal and reads its screen through a vt100 parser.
//!
//! Everything is pure Rust (portable-pty, vt100): no tmux, no system packages. Every wait polls
//! the parsed screen with a deadline and fails with a dump of the screen, never a fixed sleep
//! (the one exception: a short pause after Esc, see [`Tui::esc`]).
//!
//! Like some real terminals (and any answer that arrives late over a slow link), the emulated
//! terminal answers no queries, such as the cursor position (ESC [6n): byline must not need them.

#![allow(dead_code)] // each test binary uses its own subset of the helpers

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any wait lasts before the test fails with the screen.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Between polls of the screen.
const POLL: Duration = Duration::from_millis(10);
/// After Esc: crossterm reads an Esc immediately followed by a key as one Alt-chord.
const ESC_PAUSE: Duration = Duration::from_millis(100);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_C: &str = "\x03";
pub const DOWN: &str = "\x1b[B";
pub const BACKSPACE: &str = "\x7f";
pub const SHIFT_TAB: &str = "\x1b[Z";
pub const CTRL_E: &str = "\x05";
pub const CTRL_O: &str = "\x0f";
pub const CTRL_S: &str = "\x13";

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal of at least 1x1")
}

/// The pty's input, output and local modes (what raw mode changes), as text to compare.
fn line_modes(master: &dyn MasterPty) -> String {
    match master.get_termios() {
        Some(t) => format!("{:?} {:?} {:?}", t.input_flags, t.output_flags, t.local_flags),
        None => "unknown".into(),
    }
}

/// The path of the binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_byline")
}

/// What the terminal was asked to do beyond drawing cells: what a hostile post could abuse.
#[derive(Default)]
pub struct Recorder {
    pub titles: Vec<String>,
    pub icon_names: Vec<String>,
    pub bells: usize,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(String::from_utf8_lossy(title).into_owned());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(String::from_utf8_lossy(name).into_owned());
    }
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
}

/// ratatui ends every frame by hiding the cursor (the reader never shows it while drawing).
const FRAME_END: &[u8] = b"\x1b[?25l";

struct Shared {
    parser: vt100::Parser<Recorder>,
    /// The screen as of the last complete frame (or of the end of output, once the program has
    /// exited). Waits look at this one: the live screen can hold half a frame, since the program's
    /// output arrives in pieces, and a check that passes on the top half of a new frame would
    /// then be followed by assertions that see the bottom half of the old one.
    settled: vt100::Screen,
    /// Every byte the program wrote, for checks on the raw stream.
    raw: Vec<u8>,
}

impl Shared {
    /// Feeds output to the parser, taking a snapshot after each frame that ends in `chunk`.
    fn feed(&mut self, chunk: &[u8]) {
        // A frame end split across two reads is found with the tail of the previous one.
        let carry = self.raw.len().min(FRAME_END.len() - 1);
        let mut window = self.raw[self.raw.len() - carry..].to_vec();
        window.extend_from_slice(chunk);
        self.raw.extend_from_slice(chunk);
        let mut start = 0;
        for end in FRAME_END.len()..=window.len() {
            if &window[end - FRAME_END.len()..end] == FRAME_END {
                let cut = end - carry;
                self.parser.process(&chunk[start..cut]);
                self.settled = self.parser.screen().clone();
                start = cut;
            }
        }
        self.parser.process(&chunk[start..]);
    }
}

/// A temporary directory holding one database, removed on drop.
pub struct Db {
    dir: tempfile::TempDir,
}

impl Db {
    /// A fresh directory with an empty blog made by `byline db init`.
    pub fn empty() -> Self {
        let db = Db { dir: tempfile::tempdir().expect("temp dir") };
        db.cli(&["db", "init"]);
        db
    }

    /// The sample blog, "Behind the Page", made by `byline db init --seed`.
    pub fn seeded() -> Self {
        let db = Db { dir: tempfile::tempdir().expect("temp dir") };
        db.cli(&["--seed", "db", "init"]);
        db
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("blog.db")
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `byline --db PATH ARGS...` to completion and returns its stdout; fails the test on error.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(bin())
            .arg("--db")
            .arg(self.path())
            .args(args)
            .env("HOME", self.dir())
            .env("XDG_CONFIG_HOME", self.dir().join("config"))
            .env_remove("BYLINE_DB")
            .env_remove("BYLINE_CONFIG")
            .output()
            .expect("run byline");
        assert!(
            out.status.success(),
            "byline {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts the reader on this database in a `cols` x `rows` terminal.
    pub fn reader(&self, cols: u16, rows: u16) -> Tui {
        self.reader_with_env(cols, rows, &[])
    }

    /// [`Db::reader`] with extra environment variables (e.g. `EDITOR`) set for the program.
    pub fn reader_with_env(&self, cols: u16, rows: u16, env: &[(&str, &std::ffi::OsStr)]) -> Tui {
        let path = self.path();
        Tui::spawn_with_env(&[std::ffi::OsStr::new("--db"), path.as_os_str()], self.dir(), cols, rows, env)
    }
}

/// The reader running in a pseudo-terminal.
pub struct Tui {
    shared: Arc<Mutex<Shared>>,
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    exited: Option<portable_pty::ExitStatus>,
    /// The line discipline's modes before the program started (a fresh, cooked terminal).
    cooked: String,
}

impl Tui {
    /// Spawns the binary with `args` in a fresh pty of the given size, TERM=xterm-256color,
    /// HOME (and the XDG directories) inside `home` so no real user file is touched.
    pub fn spawn(args: &[&std::ffi::OsStr], home: &Path, cols: u16, rows: u16) -> Tui {
        Tui::spawn_with_env(args, home, cols, rows, &[])
    }

    /// [`Tui::spawn`], then `env` set on top (after the variables it removes, so `EDITOR` can
    /// be given here), and TMPDIR inside `home` so temporary files ($EDITOR's) stay there too.
    pub fn spawn_with_env(
        args: &[&std::ffi::OsStr],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let cooked = line_modes(&*pty.master);
        let mut cmd = CommandBuilder::new(bin());
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TZ", "UTC");
        cmd.env("RUST_BACKTRACE", "1");
        for var in
            ["BYLINE_DB", "BYLINE_CONFIG", "NO_COLOR", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "EDITOR", "VISUAL"]
        {
            cmd.env_remove(var);
        }
        cmd.env("TMPDIR", home);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn byline in the pty");
        // Only the child may hold the slave side, so the master reads EOF once it exits.
        drop(pty.slave);

        let parser = vt100::Parser::new_with_callbacks(nz(rows), nz(cols), 0, Recorder::default());
        let settled = parser.screen().clone();
        let shared = Arc::new(Mutex::new(Shared { parser, settled, raw: Vec::new() }));
        let eof = Arc::new(AtomicBool::new(false));
        let mut source = pty.master.try_clone_reader().expect("pty reader");
        let reader = {
            let shared = shared.clone();
            let eof = eof.clone();
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match source.read(&mut buf) {
                        // Linux reports EIO on the master once the slave side is closed.
                        Ok(0) | Err(_) => break,
                        Ok(n) => shared.lock().unwrap_or_else(|e| e.into_inner()).feed(&buf[..n]),
                    }
                }
                // After the last frame comes the terminal's restoration: the final state.
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                s.settled = s.parser.screen().clone();
                drop(s);
                eof.store(true, Ordering::SeqCst);
            })
        };
        let writer = pty.master.take_writer().expect("pty writer");
        Tui { shared, eof, reader: Some(reader), writer, master: pty.master, child, exited: None, cooked }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the screen as of the last complete frame (after exit: the final screen).
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(&self.lock().settled)
    }

    /// Runs `f` on what the program asked of the terminal besides cells (titles, bells).
    pub fn with_recorder<T>(&self, f: impl FnOnce(&Recorder) -> T) -> T {
        f(self.lock().parser.callbacks())
    }

    /// Every byte the program has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// The screen as text, one line per row (trailing blanks trimmed).
    pub fn screen_text(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// The rows of the screen, columns `from..to` only (a pane), joined by newlines.
    pub fn columns(&self, from: u16, to: u16) -> String {
        self.with_screen(|s| s.rows(from, to.saturating_sub(from)).collect::<Vec<_>>().join("\n"))
    }

    /// The rows of the screen, each exactly as wide as the terminal.
    pub fn lines(&self) -> Vec<String> {
        self.with_screen(|s| {
            let (_, cols) = s.size();
            s.rows(0, cols.get()).collect()
        })
    }

    /// The index of the first row containing `text`.
    pub fn row_of(&self, text: &str) -> Option<usize> {
        self.lines().iter().position(|l| l.contains(text))
    }

    /// Runs `f` on the cell where `text` first starts on screen, if it is on screen.
    pub fn cell_at<T>(&self, text: &str, f: impl FnOnce(&vt100::Cell) -> T) -> Option<T> {
        self.cell_in(0, u16::MAX, text, f)
    }

    /// Runs `f` on the cell where `text` first starts within columns `from..to`, if it does.
    pub fn cell_in<T>(&self, from: u16, to: u16, text: &str, f: impl FnOnce(&vt100::Cell) -> T) -> Option<T> {
        self.with_screen(|s| {
            let (rows, cols) = s.size();
            for r in 0..rows.get() {
                // The row's text with the column each byte came from (wide characters take two).
                let mut line = String::new();
                let mut col_at = Vec::new();
                for c in from..to.min(cols.get()) {
                    let Some(cell) = s.cell(r, c) else { continue };
                    if cell.is_wide_continuation() {
                        continue;
                    }
                    let text = if cell.has_contents() { cell.contents() } else { " " };
                    col_at.extend(std::iter::repeat_n(c, text.len()));
                    line.push_str(text);
                }
                if let Some(byte) = line.find(text) {
                    return s.cell(r, col_at[byte]).map(f);
                }
            }
            None
        })
    }

    /// Whether `text` is drawn as a selection (a background colour or reverse video), as the
    /// list and the pickers draw the selected row.
    pub fn is_highlighted(&self, text: &str) -> bool {
        self.is_highlighted_in(0, u16::MAX, text)
    }

    /// [`Tui::is_highlighted`] within columns `from..to` (one pane).
    pub fn is_highlighted_in(&self, from: u16, to: u16, text: &str) -> bool {
        self.cell_in(from, to, text, |c| c.inverse() || c.bgcolor() != vt100::Color::Default).unwrap_or(false)
    }

    fn dump(&self) -> String {
        let text = self.screen_text();
        let (rows, cols) = self.with_screen(|s| s.size());
        let status = match &self.exited {
            Some(s) => format!("exited: {s}"),
            None => "running".into(),
        };
        let raw = self.raw_output();
        let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(400)..]).escape_debug().to_string();
        format!("--- screen {cols}x{rows} ({status}) ---\n{text}\n--- end of screen ---\nlast output: {tail}")
    }

    /// Waits until `pred` holds for the screen, or fails the test with `what` and the screen.
    pub fn wait_until(&mut self, what: &str, pred: impl FnMut(&Tui) -> bool) {
        self.wait_until_within(TIMEOUT, what, pred);
    }

    /// [`Tui::wait_until`] with a deadline of its own.
    pub fn wait_until_within(&mut self, timeout: Duration, what: &str, mut pred: impl FnMut(&Tui) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            if pred(self) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out after {timeout:?} waiting for {what}\n{}", self.dump());
            }
            if self.exited.is_none() {
                if let Ok(Some(status)) = self.child.try_wait() {
                    self.exited = Some(status);
                    // Let the last bytes reach the parser, then look once more.
                    self.wait_eof();
                    if pred(self) {
                        return;
                    }
                    panic!("byline exited while waiting for {what}\n{}", self.dump());
                }
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |t| t.screen_text().contains(text));
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to leave the screen"), |t| !t.screen_text().contains(text));
    }

    /// Writes raw bytes to the terminal, as keys typed.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Presses Esc, then pauses so the next key is not read together with it as an Alt-chord.
    pub fn esc(&mut self) {
        self.send("\x1b");
        thread::sleep(ESC_PAUSE);
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.lock().parser.screen_mut().set_size(nz(rows), nz(cols));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize the pty");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends SIGHUP, as a closing terminal window does.
    pub fn hang_up(&mut self) {
        self.child.clone_killer().kill().expect("send SIGHUP");
    }

    /// Sends `signal` (e.g. "TERM") to the program with the shell's `kill`.
    pub fn signal(&mut self, signal: &str) {
        let status =
            Command::new("sh").arg("-c").arg(format!("kill -{signal} {}", self.pid())).status().expect("run kill");
        assert!(status.success(), "kill -{signal} failed: {status}");
    }

    /// Whether the program is still running (it has neither exited nor been killed).
    pub fn is_running(&mut self) -> bool {
        if self.exited.is_none() {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.exited = Some(status);
            }
        }
        self.exited.is_none()
    }

    /// Sends SIGKILL, a real crash: nothing runs in the program afterwards, not even the
    /// terminal's restoration; then waits for it to be gone.
    pub fn kill_hard(&mut self) -> portable_pty::ExitStatus {
        self.signal("KILL");
        let status = self.wait_exit();
        assert!(!status.success(), "byline survived SIGKILL: {status}");
        status
    }

    fn wait_eof(&self) {
        let deadline = Instant::now() + Duration::from_secs(2);
        while !self.eof.load(Ordering::SeqCst) && Instant::now() < deadline {
            thread::sleep(POLL);
        }
    }

    /// Waits for the program to exit and for its last output to be parsed; fails the test with
    /// the screen if it is still running after the timeout.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        if let Some(status) = &self.exited {
            return status.clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    self.exited = Some(status.clone());
                    self.wait_eof();
                    return status;
                }
                Ok(None) if Instant::now() < deadline => thread::sleep(POLL),
                Ok(None) => {
                    let dump = self.dump();
                    let _ = self.child.kill();
                    panic!("byline did not exit within {TIMEOUT:?}\n{dump}");
                }
                Err(e) => panic!("waiting for byline: {e}"),
            }
        }
    }

    /// Asserts the program has taken the terminal: alternate screen, raw mode, cursor hidden,
    /// bracketed paste on (so that [`Tui::assert_restored`] checks something real), and mouse
    /// capture off, as it is by default so that the terminal's own selection copies text.
    pub fn assert_taken(&self) {
        let (alt, hidden, mouse, paste) =
            self.with_screen(|s| (s.alternate_screen(), s.hide_cursor(), s.mouse_protocol_mode(), s.bracketed_paste()));
        assert!(alt, "not on the alternate screen\n{}", self.dump());
        assert!(hidden, "cursor not hidden while drawing\n{}", self.dump());
        assert!(paste, "bracketed paste not enabled\n{}", self.dump());
        assert_eq!(mouse, vt100::MouseProtocolMode::None, "mouse captured by default\n{}", self.dump());
        assert_ne!(line_modes(&*self.master), self.cooked, "terminal not in raw mode");
    }

    /// Asserts the terminal is back as the shell had it: main screen, cursor shown, no mouse
    /// reporting, and the line discipline's modes (echo, canonical input...) as before the start.
    pub fn assert_restored(&self) {
        let (alt, hidden, mouse, paste) =
            self.with_screen(|s| (s.alternate_screen(), s.hide_cursor(), s.mouse_protocol_mode(), s.bracketed_paste()));
        assert!(!alt, "still on the alternate screen after exit\n{}", self.dump());
        assert!(!paste, "bracketed paste left on after exit\n{}", self.dump());
        assert!(!hidden, "cursor still hidden after exit\n{}", self.dump());
        assert_eq!(mouse, vt100::MouseProtocolMode::None, "mouse capture left on\n{}", self.dump());
        assert_eq!(line_modes(&*self.master), self.cooked, "terminal modes not restored (raw mode left on?)");
    }

    /// What the program wrote to stderr and stdout that reads as a panic, if anything.
    pub fn assert_no_panic(&self) {
        let raw = String::from_utf8_lossy(&self.raw_output()).into_owned();
        assert!(!raw.contains("panicked"), "byline panicked:\n{raw}");
    }

    /// Checks that the process exited with status 0 and restored the terminal.
    pub fn assert_clean_exit(&mut self) {
        let status = self.wait_exit();
        assert!(status.success(), "byline exited with {status}\n{}", self.dump());
        self.assert_restored();
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exited.is_none() {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
        // The reader thread ends at EOF; do not block a failing test on it.
        if self.eof.load(Ordering::SeqCst) {
            if let Some(h) = self.reader.take() {
                let _ = h.join();
            }
        }
    }
}
