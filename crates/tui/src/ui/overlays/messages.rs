//! The message log overlay: the last status messages, newest first, each with its level as a
//! word (readable without colour) and wrapped rather than cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::AppState;
use crate::app::messages::wrap;
use crate::app::overlays::help::log_room;
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(100);
    let inner = usize::from(width.saturating_sub(2));
    let room = log_room(state);
    let log = &state.messages.log;
    let mut lines: Vec<Line<'_>> = Vec::new();
    if log.is_empty() {
        lines.push(Line::from(Span::styled(" No messages yet.", theme.muted)));
    }
    let skip = state.messages.scroll.min(log.len().saturating_sub(room));
    for m in log.iter().rev().skip(skip) {
        let label = format!(" {:<8}", m.level.label());
        let text = sanitize_line(&m.text);
        for (i, part) in wrap(&text, inner.saturating_sub(label.len())).into_iter().enumerate() {
            let head = if i == 0 { label.clone() } else { " ".repeat(label.len()) };
            lines.push(Line::from(vec![Span::styled(head, theme.level(m.level)), Span::raw(part)]));
        }
        if lines.len() >= room {
            break;
        }
    }
    lines.truncate(room);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(" j/k scroll · any other key closes", theme.muted)));
    let rect = popup(frame, area, width, lines.len() as u16 + 2);
    let title = format!(" Messages ({} kept) ", log.len());
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(title);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
