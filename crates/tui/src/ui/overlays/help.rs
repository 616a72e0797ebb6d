//! The help overlay, generated from the live keymap so it cannot drift from what keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::{AppState, keymap};
use crate::ui::theme::Theme;
use byline_core::text::fit;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let rows: Vec<(String, &str)> = state
        .keys
        .entries(keymap::view_table(state))
        .map(|(b, keys)| (keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "), b.help))
        .collect();
    // One column when it fits the screen, two side by side when it does not.
    // Borders, the blank line and the note take four rows; the header and the status bar stay
    // visible above and below.
    let room = usize::from(area.height.saturating_sub(6)).max(1);
    let columns = if rows.len() <= room || area.width < 100 { 1 } else { 2 };
    let per_column = rows.len().div_ceil(columns);
    let key_w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let col_w = if columns == 1 { 74 } else { usize::from(area.width.saturating_sub(4)) / 2 };
    let mut lines: Vec<Line<'_>> = Vec::new();
    for i in 0..per_column {
        let mut spans = Vec::new();
        for c in 0..columns {
            if let Some((k, help)) = rows.get(c * per_column + i) {
                let help = fit(help, col_w.saturating_sub(key_w + 4));
                let pad = col_w.saturating_sub(key_w + 3 + unicode_width::UnicodeWidthStr::width(help.as_str()));
                spans.push(Span::styled(format!(" {k:<key_w$}  "), theme.key));
                spans.push(Span::raw(format!("{help}{}", " ".repeat(pad))));
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " The mouse wheel scrolls the pane under the pointer. Any key closes this.",
        theme.muted,
    )));
    let width = (col_w * columns + 2) as u16;
    let rect = popup(frame, area, width, lines.len() as u16 + 2);
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(" Keys ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
