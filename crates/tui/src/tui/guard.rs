//! Raw mode, the alternate screen and mouse capture, undone on drop, on error and from a panic.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};

/// While alive, the terminal belongs to byline. Dropping it gives the terminal back.
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        let guard = TerminalGuard { _private: () };
        resume()?;
        Ok(guard)
    }
}

/// Whether byline captures the mouse (the reader's setting). Off by default, so the terminal's
/// own selection copies text; kept here so `resume` after $EDITOR restores the same choice.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Takes the terminal (again): raw mode, alternate screen, bracketed paste, and the mouse if
/// the reader asked for it.
pub fn resume() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::SeqCst) { execute!(io::stdout(), EnableMouseCapture) } else { Ok(()) }
}

/// Turns mouse capture on (clicks and the wheel reach byline) or off (the terminal selects).
pub fn capture_mouse(on: bool) -> io::Result<()> {
    MOUSE.store(on, Ordering::SeqCst);
    if on { execute!(io::stdout(), EnableMouseCapture) } else { execute!(io::stdout(), DisableMouseCapture) }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as byline found it. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// A panic must not leave the shell in raw mode with the message lost on the alternate screen:
/// restore first, then let the default hook print.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
