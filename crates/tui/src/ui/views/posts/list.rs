//! The post list: two lines a post (title; date, author and tags, or the search snippet).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::keymap::{TableId, key_for};
use crate::app::views::posts::results::count_label;
use crate::app::{Action, AppState, Focus, ListMode, Row, article::local_date};
use crate::ui::theme::Theme;
use byline_core::domain::PostStatus;
use byline_core::sanitize::sanitize_line;
use byline_core::store::PostSource;
use byline_core::text::fit;

/// Marks the store puts around matched words in TUI snippets (private-use characters).
pub const MATCH_START: char = '\u{e000}';
pub const MATCH_END: char = '\u{e001}';

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let list = &state.posts.list;
    let focused = state.posts.focus == Focus::List && state.layout.wide;
    let title = match (&list.mode, list.total) {
        (_, 0) => " Posts ".to_string(),
        (ListMode::Results { .. }, _) => format!(" Results {} · {} ", list.selected + 1, count_label(state)),
        (ListMode::Browse, n) if list.counted => format!(" Posts {}/{n} ", list.selected + 1),
        (ListMode::Browse, _) => format!(" Posts {}/… ", list.selected + 1),
    };
    let block = Block::new()
        .borders(if state.layout.wide { Borders::TOP | Borders::RIGHT } else { Borders::TOP })
        .border_style(if focused { theme.border_focus } else { theme.border })
        .title(Span::styled(title, if focused { theme.border_focus } else { theme.muted }));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if list.rows.is_empty() {
        let text = if list.loading {
            "loading…".to_string()
        } else if list.mode != ListMode::Browse {
            format!("No posts match. {} returns to the list.", key_for(TableId::Reader, &Action::Back))
        } else if state.has_filter() {
            format!(
                "No posts match these filters. Press {} to clear them.",
                key_for(TableId::Reader, &Action::ClearFilters)
            )
        } else if matches!(
            state.posts.filter.source,
            PostSource::Followed | PostSource::Feed(_) | PostSource::Category(_)
        ) {
            // Writing a post is no answer here: followed items come from feeds.
            format!(
                "No followed items. `byline follow URL` adds a feed; {} refreshes.",
                key_for(TableId::Reader, &Action::RefreshFeeds)
            )
        } else {
            format!("No posts yet. Press {} to write one.", key_for(TableId::Reader, &Action::New))
        };
        // Wrapped, one column in from the edge: the wide list pane is narrower than these.
        let margin = Rect { x: inner.x.saturating_add(1), width: inner.width.saturating_sub(1), ..inner };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }), margin);
        return;
    }

    let width = inner.width;
    let mut lines: Vec<Line<'_>> = Vec::new();
    let visible = state.visible_rows();
    let start = list.top.max(list.offset);
    for index in start..(start + visible).min(list.offset + list.rows.len()) {
        let row = &list.rows[index - list.offset];
        let selected = index == list.selected;
        let (first, second) = row_lines(row, width, state, theme);
        if selected {
            // A line's style only covers its text; the bar under it spans the whole row.
            let bar = Rect::new(inner.x, inner.y + lines.len() as u16, inner.width, 2).intersection(inner);
            frame.buffer_mut().set_style(bar, theme.selection);
            lines.push(first.style(theme.selection));
            lines.push(second.style(theme.selection));
        } else {
            lines.push(first);
            lines.push(second);
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_lines<'a>(row: &'a Row, width: u16, state: &AppState, theme: &Theme) -> (Line<'a>, Line<'a>) {
    let p = &row.post;
    let width = usize::from(width);
    let badge = match p.status {
        PostStatus::Draft => " [draft]",
        PostStatus::Scheduled => " [scheduled]",
        PostStatus::Published => "",
    };
    let marker = if row.read { "  " } else { "● " };
    let title_room = width.saturating_sub(marker.chars().count() + badge.chars().count());
    let title = fit(&sanitize_line(&p.title), title_room);
    let title_style = if row.read { theme.read } else { theme.unread };
    let first = Line::from(vec![
        Span::styled(marker, theme.badge),
        Span::styled(title, title_style),
        Span::styled(badge, theme.badge),
    ]);
    let second = match &row.snippet {
        Some(snippet) => snippet_line(snippet, width, theme),
        None => {
            let mut meta = vec![local_date(p.shown_at(), &state.tz, &state.settings.date_format)];
            if let Some(a) = &p.author {
                meta.push(sanitize_line(a).into_owned());
            }
            if !p.tags.is_empty() {
                meta.push(sanitize_line(&byline_core::text::tag_list(&p.tags)).into_owned());
            }
            Line::from(Span::styled(fit(&format!("  {}", meta.join(" · ")), width), theme.muted))
        }
    };
    (first, second)
}

/// The snippet on one line, matches highlighted, cut to the width.
fn snippet_line<'a>(snippet: &str, width: usize, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw("  ")];
    let mut room = width.saturating_sub(2);
    let mut highlighted = false;
    for (i, part) in snippet.split([MATCH_START, MATCH_END]).enumerate() {
        if room == 0 {
            break;
        }
        let mut text = sanitize_line(part).into_owned();
        // Text before the first match may not take more than half the row, so the match shows.
        let lead = unicode_width::UnicodeWidthStr::width(text.as_str());
        if i == 0 && lead > room / 2 {
            text = format!("…{}", tail(&text, room / 2));
        }
        let text = fit(&text, room);
        room = room.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
        let style: Style = if highlighted { theme.highlight } else { theme.muted };
        spans.push(Span::styled(text, style));
        highlighted = !highlighted;
    }
    Line::from(spans)
}

/// The end of `s` that fits in `max` columns, starting at a word when there is one.
fn tail(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > max {
            let rest = &s[i + c.len_utf8()..];
            return rest.find(' ').map_or(rest, |sp| &rest[sp..]);
        }
    }
    s
}
