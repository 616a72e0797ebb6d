//! The reader's chrome, driven as a person would (`Headless` on the sample blog): the help at
//! small sizes, the view stack, status messages and their log, the pickers, form choice fields
//! and the mouse.

mod help;
mod messages;
mod mouse;
mod pickers;
mod stack;

use byline::store::Store;
use byline::tui::Headless;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The fixed clock: 2026-07-01T00:00:00Z.
const T: i64 = 1_782_864_000;

/// The sample blog in a temporary file, and the TUI on it at this size.
fn sample(width: u16, height: u16) -> (tempfile::TempDir, Headless) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(T));
    byline::transfer::sample::load(&mut store).unwrap();
    let h = Headless::new(store, width, height).unwrap();
    (dir, h)
}

/// The drawn buffer, for what the text alone does not show (colours).
fn buffer(h: &mut Headless, colour: bool) -> Buffer {
    if colour {
        h.theme = byline::ui::Theme::default();
    }
    let mut terminal = Terminal::new(TestBackend::new(h.state.width, h.state.height)).unwrap();
    h.draw(&mut terminal);
    terminal.backend().buffer().clone()
}
