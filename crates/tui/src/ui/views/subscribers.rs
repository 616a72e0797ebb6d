//! Draws the subscribers view: the filtered table and its filters in the title.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keymap::{TableId, key_for};
use crate::app::{Action, AppState};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;

use super::table::{Table, row, table};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let s = &state.subscribers;
    let c = &s.counts;
    let mut title = format!(
        " Subscribers · {} · active {} · pending {} · unsubscribed {} ",
        c.total(),
        c.active,
        c.pending,
        c.unsubscribed
    );
    if let Some(st) = s.status {
        title += &format!("· showing {} ", st.as_str());
    }
    if !s.filter.is_empty() || s.filtering {
        title += &format!("· filter: {}{} ", sanitize_line(&s.filter), if s.filtering { "▏" } else { "" });
    }
    let width = usize::from(area.width);
    let email_w = (width * 2 / 5).clamp(12, 40);
    // The date column fits the configured format (ISO dates by default: ten columns).
    let date_w = unicode_width::UnicodeWidthStr::width(
        crate::app::article::local_date(0, &state.tz, &state.settings.date_format).as_str(),
    )
    .max(10);
    let shown = s.shown();
    let date = |secs| crate::app::article::local_date(secs, &state.tz, &state.settings.date_format);
    let lines: Vec<String> = shown
        .iter()
        .map(|x| {
            let tags = if x.tags.is_empty() { "(all posts)".to_string() } else { x.tags.join(", ") };
            let mail = s.mail.get(&x.id).copied().unwrap_or_default();
            row(
                &[
                    (sanitize_line(&x.email).into_owned(), email_w),
                    (sanitize_line(x.name.as_deref().unwrap_or("-")).into_owned(), 18),
                    (x.status.as_str().to_string(), 12),
                    (date(x.created_at), date_w),
                    (mail.last_sent.map(date).unwrap_or_else(|| "-".into()), date_w),
                    (bounce_state(&mail), 11),
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
            ("SINCE".into(), date_w),
            ("LAST MAIL".into(), date_w),
            ("BOUNCES".into(), 11),
            ("TAGS".into(), 0),
        ],
        width,
    );
    let empty = if s.loading {
        "loading…".to_string()
    } else if c.total() == 0 {
        format!(
            "No subscribers yet: {} adds one, {} imports a CSV file.",
            key_for(TableId::Subscribers, &Action::New),
            key_for(TableId::Subscribers, &Action::Import)
        )
    } else {
        "No subscriber matches the filter.".to_string()
    };
    // The lines are the window loaded; the selection is counted from its first row.
    let selected = s.list.selected.saturating_sub(s.list.offset);
    table(frame, area, Table { title, header, lines, selected: Some(selected), empty: &empty }, theme);
}

/// "bouncing" once mail to the address stopped, else the failures in a row, else nothing.
fn bounce_state(mail: &byline_core::store::outbox::SubscriberMail) -> String {
    match (mail.bouncing_since, mail.bounces) {
        (Some(_), _) => "bouncing".into(),
        (None, 0) => "-".into(),
        (None, n) => format!("{n} in a row"),
    }
}
