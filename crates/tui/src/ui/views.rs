//! The tags view and the subscribers view: tables with the selection kept in sight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::app::AppState;
use byline_core::domain::SubscriberStatus;
use byline_core::sanitize::sanitize_line;
use byline_core::text::fit;

/// Lays out rows as padded columns; the last column takes what is left.
fn row(cells: &[(String, usize)], width: usize) -> String {
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
struct Table<'a> {
    title: String,
    header: String,
    lines: Vec<String>,
    selected: usize,
    empty: &'a str,
}

fn table(frame: &mut Frame<'_>, area: Rect, t: Table<'_>, theme: &Theme) {
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
    let top = t.selected.saturating_sub(height - 1);
    for (i, text) in t.lines.into_iter().enumerate().skip(top).take(height) {
        let style = if i == t.selected { theme.selection } else { ratatui::style::Style::default() };
        out.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(out), inner);
}

pub fn render_tags(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let t = &state.tags;
    let width = usize::from(area.width);
    let name_w = (width / 2).clamp(8, 40);
    let lines: Vec<String> = t
        .items
        .iter()
        .map(|tag| {
            row(
                &[(sanitize_line(&tag.name).into_owned(), name_w), (tag.posts.to_string(), 6), (tag.slug.clone(), 0)],
                width,
            )
        })
        .collect();
    let header = row(&[("TAG".into(), name_w), ("POSTS".into(), 6), ("SLUG".into(), 0)], width);
    let empty = if t.loading { "loading…" } else { "No tags yet: tag a post with T, or `byline post tag`." };
    table(
        frame,
        area,
        Table { title: format!(" Tags · {} ", t.items.len()), header, lines, selected: t.selected, empty },
        theme,
    );
}

pub fn render_subscribers(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let s = &state.subscribers;
    let count = |st: SubscriberStatus| s.all.iter().filter(|x| x.status == st).count();
    let mut title = format!(
        " Subscribers · {} · active {} · pending {} · unsubscribed {} ",
        s.all.len(),
        count(SubscriberStatus::Active),
        count(SubscriberStatus::Pending),
        count(SubscriberStatus::Unsubscribed)
    );
    if let Some(st) = s.status {
        title += &format!("· showing {} ", st.as_str());
    }
    if !s.filter.is_empty() || s.filtering {
        title += &format!("· filter: {}{} ", sanitize_line(&s.filter), if s.filtering { "▏" } else { "" });
    }
    let width = usize::from(area.width);
    let email_w = (width * 2 / 5).clamp(12, 40);
    let shown = s.shown();
    let lines: Vec<String> = shown
        .iter()
        .map(|x| {
            let tags = if x.tags.is_empty() { "(all posts)".to_string() } else { x.tags.join(", ") };
            row(
                &[
                    (sanitize_line(&x.email).into_owned(), email_w),
                    (sanitize_line(x.name.as_deref().unwrap_or("-")).into_owned(), 18),
                    (x.status.as_str().to_string(), 12),
                    (crate::app::article::local_date(x.created_at, &state.tz), 10),
                    (sanitize_line(&tags).into_owned(), 0),
                ],
                width,
            )
        })
        .collect();
    let header = row(
        &[
            ("EMAIL".into(), email_w),
            ("NAME".into(), 18),
            ("STATUS".into(), 12),
            ("SINCE".into(), 10),
            ("TAGS".into(), 0),
        ],
        width,
    );
    let empty = if s.loading {
        "loading…"
    } else if s.all.is_empty() {
        "No subscribers yet: a adds one, i imports a CSV file."
    } else {
        "No subscriber matches the filter."
    };
    table(frame, area, Table { title, header, lines, selected: s.selected, empty }, theme);
}
