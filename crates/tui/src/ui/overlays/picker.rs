//! The tag, author and source pickers: the typed filter, names with unread and post counts under the
//! other filters in force, the value in force marked, the selection kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::overlays::picker::{PickerRow, first_shown, list_area, picker_box};
use crate::app::{Picker, PickerKind};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;
use byline_core::store::ListFilter;
use byline_core::text::fit;

/// Marks the value in force.
const CURRENT: &str = "✓";

/// `filter` is the one in force: the title names the other filters the counts are under.
pub fn render(frame: &mut Frame<'_>, area: Rect, picker: &Picker, filter: &ListFilter, theme: &Theme) {
    let mut title = match picker.kind {
        PickerKind::Tag => " Filter by tag".to_string(),
        PickerKind::Author => " Filter by author".to_string(),
        PickerKind::Source => " Show posts from".to_string(),
    };
    let mut within = Vec::new();
    let tag = filter.tag.as_ref().filter(|_| picker.kind != PickerKind::Tag);
    let author = filter.author.as_ref().filter(|_| picker.kind != PickerKind::Author);
    if let Some(tag) = tag {
        within.push(format!("tag: {}", sanitize_line(tag)));
    }
    if let Some(author) = author {
        within.push(format!("author: {}", sanitize_line(author)));
    }
    if filter.unread_only {
        within.push("unread only".into());
    }
    if !within.is_empty() {
        title = format!("{title} · {}", within.join(" · "));
    }

    let b = picker_box(area.width, area.height);
    let rect = popup(frame, area, b.width, b.height);
    let title = format!("{} ", fit(&title, usize::from(rect.width.saturating_sub(3))));
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    // The first line is the typed filter, or what typing does.
    let prompt = if picker.query.is_empty() {
        Line::from(Span::styled(" type to filter · unread/posts", theme.muted))
    } else {
        Line::from(vec![Span::styled(" / ", theme.key), Span::raw(format!("{}▏", sanitize_line(&picker.query)))])
    };
    frame.render_widget(Paragraph::new(prompt), Rect { height: 1.min(inner.height), ..inner });
    let list = list_area(area.width, area.height);
    let rows = picker.rows();
    if picker.loading || rows.is_empty() {
        let text = if picker.loading {
            " loading…"
        } else if picker.items.is_empty() {
            " nothing to choose yet"
        } else {
            " no name has these letters"
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), list);
        return;
    }
    let height = usize::from(list.height.max(1));
    let top = first_shown(picker, list);
    let lines: Vec<Line<'_>> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, row)| {
            let (name, count, mark) = match row {
                PickerRow::Any => (format!("({})", picker.kind.any()), String::new(), " "),
                PickerRow::Value(at, v) => {
                    let mark = if picker.is_current(*at) { CURRENT } else { " " };
                    (sanitize_line(&v.name).into_owned(), format!("{}/{} ", v.unread, v.posts), mark)
                }
            };
            let name = fit(&name, width.saturating_sub(count.len() + 4));
            let used = unicode_width::UnicodeWidthStr::width(name.as_str()) + count.len() + 3;
            let gap = width.saturating_sub(used);
            let line = Line::from(vec![
                Span::styled(format!(" {mark} "), theme.key),
                Span::raw(format!("{name}{}", " ".repeat(gap))),
                Span::styled(count, theme.muted),
            ]);
            if i == picker.selected { line.style(theme.selection) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
