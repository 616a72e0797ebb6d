//! The compose pane: the post's fields, the markdown body editor and the live preview.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::app::Action;
use crate::app::form::{Field, FieldId};
use crate::app::keymap::{TableId, key_for};
use crate::app::layout::compose_layout;
use crate::app::views::compose::{open::BODY, schedule};
use crate::app::{AppState, Compose};
use crate::ui::theme::Theme;
use byline_core::sanitize::{sanitize, sanitize_line};
use byline_core::text::fit;

const LABEL_WIDTH: u16 = 9;

pub fn render(frame: &mut Frame<'_>, area: Rect, compose: &Compose, state: &AppState, theme: &Theme) {
    let l = compose_layout(area, compose.show_preview);
    let form = &compose.form;
    for (i, rect) in l.fields.iter().enumerate() {
        if let Some(field) = form.fields.get(i) {
            render_line_field(frame, *rect, field, i == form.focus, None, theme);
        }
    }
    if let Some(field) = form.fields.get(BODY + 1) {
        let status = (field.id == FieldId::Schedule).then(|| schedule::status_note(compose, state));
        render_line_field(frame, l.publish, field, form.focus == BODY + 1, status, theme);
    }
    if let Some(body) = form.fields.get(BODY) {
        if l.body.height > 0 {
            let focused = form.focus == BODY;
            // A failed save (the form's own error) is said here, across the pane, over the body's.
            let error = form.error.as_deref().or(body.error.as_deref());
            let (title, style) = match error {
                Some(e) => (format!(" Body · {} ", sanitize_line(e)), theme.alert),
                None => (" Body (markdown) ".to_string(), if focused { theme.border_focus } else { theme.muted }),
            };
            let block = Block::new()
                .borders(Borders::TOP)
                .border_style(if focused { theme.border_focus } else { theme.border })
                .title(Span::styled(title, style));
            let inner = block.inner(l.body);
            frame.render_widget(block, l.body);
            render_input(frame, inner, body, focused);
        }
    }
    if let Some(preview) = l.preview {
        let block = Block::new()
            .borders(Borders::TOP | Borders::LEFT)
            .border_style(theme.border)
            .padding(Padding::new(1, 1, 0, 0))
            .title(Span::styled(" Preview ", theme.muted));
        let height = usize::from(preview.height.saturating_sub(1));
        let start = compose.preview_scroll.min(compose.preview.len());
        let lines: Vec<Line<'_>> = compose.preview[start..(start + height).min(compose.preview.len())].to_vec();
        frame.render_widget(Paragraph::new(lines).block(block), preview);
    }
}

/// A label and a one-line field; the focused one shows completions after its text.
fn render_line_field(
    frame: &mut Frame<'_>,
    rect: Rect,
    field: &Field,
    focused: bool,
    status: Option<String>,
    theme: &Theme,
) {
    if rect.height == 0 {
        return;
    }
    let label_style = if field.error.is_some() {
        theme.alert
    } else if focused {
        theme.key
    } else {
        theme.muted
    };
    let label = Rect { width: LABEL_WIDTH.min(rect.width), ..rect };
    frame.render_widget(Paragraph::new(Span::styled(format!(" {}", field.label), label_style)), label);
    let value = Rect { x: rect.x + label.width, width: rect.width - label.width, ..rect };
    render_input(frame, value, field, focused);
    let used = unicode_width::UnicodeWidthStr::width(field.value().as_str()) as u16 + 2;
    let rest = Rect { x: value.x + used.min(value.width), width: value.width.saturating_sub(used), ..value };
    let note = match (&field.error, focused) {
        (Some(e), _) => Some(Span::styled(fit(e, usize::from(rest.width)), theme.alert)),
        // The publish field says where the post stands: draft, scheduled, published.
        (None, _) if status.is_some() => status.map(|s| Span::styled(fit(&s, usize::from(rest.width)), theme.muted)),
        (None, true) => {
            let s = field.suggestions(4);
            (!s.is_empty()).then(|| {
                Span::styled(
                    fit(
                        &format!("{}: {}", key_for(TableId::Compose, &Action::NextField), s.join(" · ")),
                        usize::from(rest.width),
                    ),
                    theme.muted,
                )
            })
        }
        _ => None,
    };
    if let Some(note) = note {
        frame.render_widget(Paragraph::new(note), rest);
    }
}

/// The focused field is the live editor (with its cursor); the others are plain text.
pub fn render_input(frame: &mut Frame<'_>, rect: Rect, field: &Field, focused: bool) {
    if field.is_choice() {
        // A choice, not text: the arrows say it cycles.
        let value = sanitize(&field.value()).into_owned();
        let text = if focused { format!("◂ {value} ▸") } else { value };
        frame.render_widget(Paragraph::new(text), rect);
    } else if focused {
        frame.render_widget(&field.input, rect);
    } else {
        let text = sanitize(&field.value()).into_owned();
        let p = Paragraph::new(text);
        let p = if field.multiline { p.wrap(Wrap { trim: false }) } else { p };
        frame.render_widget(p, rect);
    }
}
