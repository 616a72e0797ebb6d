//! The header (blog name, filter, counts) and the status bar (prompt, message or key hints).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{TableId, key_for};
use crate::app::{Action, AppState, ListMode, Overlay, View, keymap};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;
use byline_core::text::fit;

pub fn render_header(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let mut right: Vec<String> = Vec::new();
    if let ListMode::Results { query } = &state.posts.list.mode {
        right.push(format!("search: {}", sanitize_line(query)));
    }
    if let Some(tag) = &state.posts.filter.tag {
        right.push(format!("tag: {}", sanitize_line(tag)));
    }
    if let Some(author) = &state.posts.filter.author {
        right.push(format!("author: {}", sanitize_line(author)));
    }
    if state.posts.filter.unread_only {
        right.push("unread only".into());
    }
    let results = matches!(state.posts.list.mode, ListMode::Results { .. });
    if state.view == View::Posts && state.compose.is_none() && !results {
        let count = state.posts.list.total;
        right.push(format!("{count} post{}", if count == 1 { "" } else { "s" }));
    }
    let right = right.join(" · ");
    let view = match (&state.compose, state.view) {
        (Some(c), _) => c.form.title.as_str(),
        (None, View::Posts) => "Posts",
        (None, View::Tags) => "Tags",
        (None, View::Subscribers) => "Subscribers",
    };
    let left = if state.blog_title.trim().is_empty() {
        format!(" byline · {view}")
    } else {
        format!(" byline · {} · {view}", sanitize_line(&state.blog_title))
    };
    let width = usize::from(area.width);
    let right = fit(&right, width.saturating_sub(2));
    let left = fit(&left, width.saturating_sub(unicode_width::UnicodeWidthStr::width(right.as_str()) + 2));
    let gap = width.saturating_sub(
        unicode_width::UnicodeWidthStr::width(left.as_str())
            + unicode_width::UnicodeWidthStr::width(right.as_str())
            + 1,
    );
    let line = format!("{left}{}{right} ", " ".repeat(gap));
    frame.render_widget(Paragraph::new(line).style(theme.header), area);
}

pub fn render_status(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let width = usize::from(area.width);
    let line = if let Some(Overlay::LinkPrompt(input)) = &state.overlay {
        let n = state.posts.article.as_ref().map_or(0, |a| a.links.len());
        Line::from(vec![
            Span::styled(format!(" Open link [1-{n}]: "), theme.key),
            Span::raw(format!("{input}▏")),
            Span::styled(
                format!(
                    "  {} open · {} cancel",
                    key_for(TableId::Typing, &Action::Submit),
                    key_for(TableId::Typing, &Action::Back)
                ),
                theme.muted,
            ),
        ])
    } else if let Some(search) = &state.posts.search {
        let hint = search.hint.as_deref().unwrap_or("");
        let input = fit(&sanitize_line(&search.input), width.saturating_sub(40).max(8));
        Line::from(vec![
            Span::styled(" / ", theme.key),
            Span::raw(format!("{input}▏")),
            Span::styled(
                format!(
                    "  {hint} · {} keep · {} cancel",
                    key_for(TableId::Typing, &Action::Submit),
                    key_for(TableId::Typing, &Action::Back)
                ),
                theme.muted,
            ),
        ])
    } else if let Some(waited) = state.jobs.waiting_write(state.now) {
        // Another program holds the write lock: keys still work, and the change is not lost.
        Line::from(Span::styled(
            format!(" waiting {waited}s for the database: another program is writing; your change is queued"),
            theme.alert,
        ))
    } else if let Some(msg) = &state.message {
        Line::from(Span::styled(format!(" {}", sanitize_line(msg)), theme.alert))
    } else if let Some(job) = state.jobs.summary() {
        let jobs = keymap::key_for(keymap::view_table(state), &Action::Jobs);
        Line::from(vec![
            Span::styled(format!(" ⟳ {}  ", sanitize_line(&job)), theme.muted),
            Span::styled(jobs, theme.key),
            Span::styled(" jobs", theme.muted),
        ])
    } else {
        let mut spans = vec![Span::raw(" ")];
        for (key, hint) in keymap::hints(state) {
            spans.push(Span::styled(key, theme.key));
            spans.push(Span::styled(format!(" {hint}  "), theme.muted));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
