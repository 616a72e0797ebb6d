//! Overlays that ask: small forms (subscriber, tag rename, file names) and yes/no confirmations.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::popup::popup;
use crate::app::Action;
use crate::app::form::{FieldId, Form};
use crate::app::keymap::{TableId, key_for};
use crate::ui::theme::Theme;
use crate::ui::views::compose::render_input;
use byline_core::text::fit;

pub fn render_form(frame: &mut Frame<'_>, area: Rect, form: &Form, theme: &Theme) {
    let height = form.fields.len() as u16 * 2 + 4;
    let rect = popup(frame, area, 72, height);
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(format!(" {} ", form.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    for (i, field) in form.fields.iter().enumerate() {
        let y = inner.y + i as u16 * 2;
        if y + 1 >= inner.bottom() {
            break;
        }
        let focused = i == form.focus;
        let label = match &field.error {
            Some(e) => Line::from(vec![
                Span::styled(format!(" {}  ", field.label), theme.alert),
                Span::styled(fit(e, width.saturating_sub(field.label.len() + 3)), theme.alert),
            ]),
            None => {
                let hint = if focused && field.is_choice() {
                    format!("  ←/→ or Space: {}", field.options.join(" · "))
                } else if focused {
                    let s = field.suggestions(4);
                    // A path's choices repeat the folder typed: only the names differ.
                    let folder =
                        if field.id == FieldId::Path { field.value().rfind('/').map_or(0, |i| i + 1) } else { 0 };
                    let s: Vec<&str> = s.iter().map(|c| c.get(folder..).unwrap_or(c)).collect();
                    if s.is_empty() {
                        String::new()
                    } else {
                        format!("  {}: {}", key_for(TableId::Form, &Action::NextField), s.join(" · "))
                    }
                } else {
                    String::new()
                };
                Line::from(vec![
                    Span::styled(format!(" {}", field.label), if focused { theme.key } else { theme.muted }),
                    Span::styled(fit(&hint, width.saturating_sub(field.label.len() + 1)), theme.muted),
                ])
            }
        };
        frame.render_widget(Paragraph::new(label), Rect::new(inner.x, y, inner.width, 1));
        render_input(frame, Rect::new(inner.x + 1, y + 1, inner.width.saturating_sub(2), 1), field, focused);
    }
    let foot = match &form.error {
        Some(e) => Span::styled(format!(" {}", fit(e, width.saturating_sub(1))), theme.alert),
        None => Span::styled(
            format!(
                " {} next · {} save · {} cancel",
                key_for(TableId::Form, &Action::Submit),
                key_for(TableId::Form, &Action::Save),
                key_for(TableId::Form, &Action::Back)
            ),
            theme.muted,
        ),
    };
    if inner.height > 0 {
        frame.render_widget(Paragraph::new(foot), Rect::new(inner.x, inner.bottom() - 1, inner.width, 1));
    }
}

pub fn render_confirm(frame: &mut Frame<'_>, area: Rect, question: &str, theme: &Theme) {
    let question = byline_core::sanitize::sanitize_line(question).into_owned();
    // Tall enough for a long question (a send names its recipients by tag): its wrapped lines,
    // a blank line and the answers inside the borders.
    let lines = textwrap::wrap(&question, 62).len() as u16;
    let rect = popup(frame, area, 64, (lines + 4).max(6));
    let block = Block::new().borders(Borders::ALL).border_style(theme.alert).title(" Are you sure? ");
    let text = vec![Line::from(question), Line::default(), Line::from(Span::styled("y yes · n no", theme.key))];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), rect);
}
