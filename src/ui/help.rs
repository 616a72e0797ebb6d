//! The help overlay, generated from the live keymap so it cannot drift from what keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, popup};
use crate::app::{AppState, keymap};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let rows: Vec<(String, &str)> = keymap::view_table(state)
        .iter()
        .map(|b| (b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "), b.help))
        .collect();
    let key_w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut lines: Vec<Line<'_>> = rows
        .into_iter()
        .map(|(k, help)| {
            Line::from(vec![Span::styled(format!(" {k:<key_w$}  "), theme.key), Span::raw(help.to_string())])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " The mouse wheel scrolls the pane under the pointer. Any key closes this.",
        theme.muted,
    )));
    let rect = popup(frame, area, 76, lines.len() as u16 + 2);
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(" Keys ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
