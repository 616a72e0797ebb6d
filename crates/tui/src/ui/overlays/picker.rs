//! The tag and author pickers: names with post counts, the selection kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::{Picker, PickerKind};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;
use byline_core::text::fit;

pub fn render(frame: &mut Frame<'_>, area: Rect, picker: &Picker, theme: &Theme) {
    let title = match picker.kind {
        PickerKind::Tag => " Filter by tag ",
        PickerKind::Author => " Filter by author ",
    };
    let rect = popup(frame, area, 48, area.height.saturating_sub(4).max(3));
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if picker.loading || picker.items.is_empty() {
        let text = if picker.loading { " loading…" } else { " nothing to choose yet" };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), inner);
        return;
    }
    let height = usize::from(inner.height.max(1));
    let top = picker.selected.saturating_sub(height - 1);
    let width = usize::from(inner.width);
    let lines: Vec<Line<'_>> = picker
        .items
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, item)| {
            let count = format!("{} ", item.posts);
            let name = fit(&sanitize_line(&item.name), width.saturating_sub(count.len() + 2));
            let gap = width.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()) + count.len() + 1);
            let line =
                Line::from(vec![Span::raw(format!(" {name}{}", " ".repeat(gap))), Span::styled(count, theme.muted)]);
            if i == picker.selected { line.style(theme.selection) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
