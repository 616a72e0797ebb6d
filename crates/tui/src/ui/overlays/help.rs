//! The help overlay, generated from the live keymap so it cannot drift from what keys do: two
//! columns when they fit, else one that scrolls, with a note saying how to see the rest.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::AppState;
use crate::app::overlays::help::{help_layout, rows};
use crate::ui::theme::Theme;
use byline_core::text::fit;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let rows = rows(state);
    let l = help_layout(&rows, area.width, area.height);
    let top = l.top(state.help_scroll);
    let key_w = l.key_width;
    let help_w = l.column_width.saturating_sub(key_w + 4);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for i in top..(top + l.room).min(l.per_column) {
        let mut spans = Vec::new();
        for c in 0..l.columns {
            if let Some((k, help)) = rows.get(c * l.per_column + i) {
                let key = fit(k, key_w);
                let kpad = key_w.saturating_sub(unicode_width::UnicodeWidthStr::width(key.as_str()));
                let help = fit(help, help_w);
                let pad = help_w.saturating_sub(unicode_width::UnicodeWidthStr::width(help.as_str()));
                spans.push(Span::styled(format!(" {key}{}  ", " ".repeat(kpad)), theme.key));
                spans.push(Span::raw(format!("{help}{} ", " ".repeat(pad))));
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    let mouse = if state.settings.mouse {
        "Click to select or open, the wheel scrolls."
    } else {
        "The mouse selects text (capture is off)."
    };
    let note = if l.scrolls() {
        let below = l.per_column.saturating_sub(top + l.room);
        format!(" j/k PgUp/PgDn scroll: {top} above, {below} below. Other keys close.")
    } else {
        format!(" {mouse} Any key closes this.")
    };
    let note_w = unicode_width::UnicodeWidthStr::width(note.as_str()) + 1;
    let width = ((l.column_width * l.columns).max(note_w) + 2).min(usize::from(area.width)) as u16;
    lines.push(Line::from(Span::styled(fit(&note, usize::from(width.saturating_sub(2))), theme.muted)));
    let rect = popup(frame, area, width, lines.len() as u16 + 2);
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(" Keys ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
