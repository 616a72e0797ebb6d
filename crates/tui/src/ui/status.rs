//! The header (blog name, filter, counts) and the status bar (prompt, message or key hints).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{TableId, key_for};
use crate::app::messages::wrap;
use crate::app::{Action, AppState, ListMode, Overlay, View, keymap};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;
use byline_core::store::PostSource;
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
    // A feed by the name the source picker showed; its number when it was chosen elsewhere.
    let named = state.posts.source_name.as_ref().filter(|(s, _)| *s == state.posts.filter.source);
    match (&state.posts.filter.source, named) {
        (PostSource::Own, _) => {}
        (PostSource::Followed, _) => right.push("followed".into()),
        (PostSource::Feed(_), Some((_, name))) => right.push(format!("feed: {}", sanitize_line(name))),
        (PostSource::Feed(id), None) => right.push(format!("feed {id}")),
        (PostSource::Category(name), _) => right.push(format!("category: {}", sanitize_line(name))),
        (PostSource::All, _) => right.push("own + followed".into()),
    }
    // Search results say their own count ("50 of 1,234") in the list's title; they come a page
    // at a time, so the header counts only the browsing list, whose counts come with its windows.
    let results = matches!(state.posts.list.mode, ListMode::Results { .. });
    if state.view == View::Posts && state.compose.is_none() && !results {
        let count = state.posts.list.total;
        if state.posts.list.counted {
            right.push(format!("{count} post{}", if count == 1 { "" } else { "s" }));
        } else if count > 0 {
            right.push("counting posts…".into());
        }
        // Dropped first when the header is short of room: the post count and the blog's name
        // say more.
        let room = usize::from(area.width) >= 60;
        if let Some(n) = state.posts.unread.filter(|_| count > 0 && room) {
            right.push(format!("{n} unread"));
        }
    }
    let right = right.join(" · ");
    let view = match (&state.compose, state.view) {
        (Some(c), _) => c.form.title.as_str(),
        (None, View::Posts) => "Posts",
        (None, View::Tags) => "Tags",
        (None, View::Subscribers) => "Subscribers",
        (None, View::Outbox) => "Outbox",
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
    } else if let Some(find) = state.posts.article.as_ref().and_then(|a| a.find.as_ref()).filter(|f| f.typing) {
        let input = fit(&sanitize_line(&find.input), width.saturating_sub(40).max(8));
        let found = match find.matches.len() {
            0 if find.input.is_empty() => "search this article".to_string(),
            0 => "no match".to_string(),
            n => format!("{n} match{}", if n == 1 { "" } else { "es" }),
        };
        Line::from(vec![
            Span::styled(" / ", theme.key),
            Span::raw(format!("{input}▏")),
            Span::styled(
                format!(
                    "  {found} · {} keep · {} cancel",
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
        let style = theme.level(state.message_level());
        let lines = wrap(&sanitize_line(msg), width.saturating_sub(2));
        if lines.len() > 1 {
            return render_long_message(frame, area, lines, style);
        }
        Line::from(Span::styled(format!(" {}", sanitize_line(msg)), style))
    } else if let Some(job) = state.jobs.summary() {
        let jobs = keymap::key_for(keymap::view_table(state), &Action::Jobs);
        Line::from(vec![
            Span::styled(format!(" ⟳ {}  ", sanitize_line(&job)), theme.muted),
            Span::styled(jobs, theme.key),
            Span::styled(" jobs", theme.muted),
        ])
    } else {
        hint_line(state, width, theme)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The most lines a message takes: the status bar grows upwards over the view for a long one.
const MESSAGE_LINES: usize = 3;

/// A message too long for one line, wrapped over up to three, ending at the status bar; past
/// that the message log (which keeps it whole) is named.
fn render_long_message(frame: &mut Frame<'_>, area: Rect, mut lines: Vec<String>, style: ratatui::style::Style) {
    if lines.len() > MESSAGE_LINES {
        lines.truncate(MESSAGE_LINES);
        let log = keymap::key_for(TableId::Reader, &Action::MessageLog);
        let more = format!("… ({log}: message log)");
        let width = usize::from(area.width.saturating_sub(2));
        if let Some(last) = lines.last_mut() {
            let keep = width.saturating_sub(unicode_width::UnicodeWidthStr::width(more.as_str()));
            *last = format!("{}{more}", fit(last, keep).trim_end_matches('…'));
        }
    }
    let n = lines.len() as u16;
    let rect = Rect::new(area.x, area.bottom().saturating_sub(n), area.width, n.min(area.bottom()));
    let text: Vec<Line<'_>> = lines.into_iter().map(|l| Line::from(Span::styled(format!(" {l}"), style))).collect();
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(Paragraph::new(text), rect);
}

/// "Enter open · / search · … ? help": as many hints as fit, and the help's always, last, so
/// a narrow bar drops the others first.
fn hint_line<'a>(state: &AppState, width: usize, theme: &Theme) -> Line<'a> {
    let help_key = keymap::key_for(keymap::table_for(state), &Action::Help);
    let (help, others): (Vec<_>, Vec<_>) = keymap::hints(state).into_iter().partition(|h| h.0 == help_key);
    let cost = |(key, hint): &(String, &str)| {
        unicode_width::UnicodeWidthStr::width(key.as_str()) + unicode_width::UnicodeWidthStr::width(*hint) + 3
    };
    // The help comes last, so its trailing gap is not needed.
    let mut left = width.saturating_sub(1 + help.iter().map(|h| cost(h).saturating_sub(2)).sum::<usize>());
    let mut shown = Vec::new();
    for h in others {
        let c = cost(&h);
        if c > left {
            break;
        }
        left -= c;
        shown.push(h);
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, hint) in shown.into_iter().chain(help) {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {hint}  "), theme.muted));
    }
    Line::from(spans)
}
