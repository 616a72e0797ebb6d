//! Tables with the selection kept in sight, as the tags, subscribers and outbox views draw them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::ui::theme::Theme;
use byline_core::text::fit;

/// Lays out rows as padded columns; the last column takes what is left.
pub fn row(cells: &[(String, usize)], width: usize) -> String {
    let mut out = String::from(" ");
    for (i, (text, w)) in cells.iter().enumerate() {
        let w = if i + 1 == cells.len() {
            width.saturating_sub(unicode_width::UnicodeWidthStr::width(out.as_str()))
        } else {
            *w
        };
        let cell = fit(text, w);
        let pad = w.saturating_sub(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        out.push_str(&cell);
        if i + 1 < cells.len() {
            out.push_str(&" ".repeat(pad + 2));
        }
    }
    out
}

/// What a table view shows.
pub struct Table<'a> {
    pub title: String,
    pub header: String,
    pub lines: Vec<String>,
    /// None: a list with no selection (read only), drawn from its top.
    pub selected: Option<usize>,
    pub empty: &'a str,
}

pub fn table(frame: &mut Frame<'_>, area: Rect, t: Table<'_>, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border_focus)
        .title(Span::styled(t.title, theme.border_focus));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut out = vec![Line::from(Span::styled(t.header, theme.muted))];
    if t.lines.is_empty() {
        out.push(Line::from(Span::styled(format!(" {}", t.empty), theme.muted)));
    }
    let height = usize::from(inner.height.saturating_sub(1)).max(1);
    let top = t.selected.unwrap_or(0).saturating_sub(height - 1);
    for (i, text) in t.lines.into_iter().enumerate().skip(top).take(height) {
        let style = if Some(i) == t.selected { theme.selection } else { ratatui::style::Style::default() };
        out.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(out), inner);
}
