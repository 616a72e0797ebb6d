//! A centred, cleared box for an overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

/// A centred box of at most `w` x `h` cells, cleared.
pub fn popup(frame: &mut Frame<'_>, area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame.render_widget(Clear, rect);
    rect
}
