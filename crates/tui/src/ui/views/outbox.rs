//! Draws the outbox view: the sends with their counts above, the failed, unknown and deferred
//! addresses of the selected send below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::keymap::{TableId, key_for};
use crate::app::{Action, AppState};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;

use super::table::{Table, row, table};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let o = &state.outbox;
    let width = usize::from(area.width);
    let n = |v: u64| v.to_string();
    let title_w = width.saturating_sub(8 * 7 + 10).clamp(10, 50);
    let date_w = 10;
    let lines: Vec<String> = o
        .sends
        .iter()
        .map(|s| {
            let c = &s.counts;
            let mailed = crate::app::article::local_date(s.frozen_at, &state.tz, &state.settings.date_format);
            let running = if s.running.is_some() { "sending" } else { "" };
            row(
                &[
                    (sanitize_line(&s.title).into_owned(), title_w),
                    (mailed, date_w),
                    (n(c.sent), 6),
                    (n(c.queued - c.deferred), 6),
                    (n(c.deferred), 8),
                    (n(c.failed), 6),
                    (n(c.unknown), 7),
                    (n(c.skipped), 7),
                    (running.into(), 0),
                ],
                width,
            )
        })
        .collect();
    let header = row(
        &[
            ("POST".into(), title_w),
            ("MAILED".into(), date_w),
            ("SENT".into(), 6),
            ("QUEUED".into(), 6),
            ("DEFERRED".into(), 8),
            ("FAILED".into(), 6),
            ("UNKNOWN".into(), 7),
            ("SKIPPED".into(), 7),
            ("".into(), 0),
        ],
        width,
    );
    let empty = if o.loading {
        "loading…".to_string()
    } else {
        let mail = key_for(TableId::Reader, &Action::SendNewsletter);
        format!("Nothing mailed yet: {mail} on a published post in the posts view mails it.")
    };
    let rows = u16::try_from(o.sends.len()).unwrap_or(u16::MAX).saturating_add(3).max(4);
    let [top, bottom] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
    let title = format!(" Outbox · {} send(s) ", o.sends.len());
    table(frame, top, Table { title, header, lines, selected: Some(o.selected), empty: &empty }, theme);
    if bottom.height == 0 {
        return;
    }
    let Some(send) = o.selected_send() else { return };
    let email_w = (width * 2 / 5).clamp(12, 40);
    let problems: Vec<String> = o
        .problems
        .iter()
        .map(|p| {
            let error = p.error.as_deref().map(sanitize_line).unwrap_or_default();
            row(
                &[(sanitize_line(&p.email).into_owned(), email_w), (p.status.clone(), 9), (error.into_owned(), 0)],
                width,
            )
        })
        .collect();
    let header = row(&[("ADDRESS".into(), email_w), ("STATE".into(), 9), ("SERVER'S ANSWER".into(), 0)], width);
    let c = &send.counts;
    let shown = c.failed + c.unknown + c.deferred;
    let title =
        format!(" Not delivered · {} · {shown} address(es) ", byline_core::text::fit(&sanitize_line(&send.title), 40));
    let empty = format!("Every message of this send was delivered or is still queued ({} sent).", c.sent);
    table(frame, bottom, Table { title, header, lines: problems, selected: None, empty: &empty }, theme);
}
