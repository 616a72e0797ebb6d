//! The jobs overlay: jobs running (with progress) and the last ones that ended, the selected one
//! highlighted so it can be cancelled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::popup::popup;
use crate::app::jobs::{JobView, JobsState};
use crate::ui::theme::Theme;
use byline_core::jobs::Outcome;
use byline_core::sanitize::sanitize_line;
use byline_core::text::fit;

/// The state column of a row: progress while running, else how it ended.
fn state_of(job: &JobView) -> String {
    match &job.outcome {
        None if job.progress.total.is_some() || job.progress.done > 0 => format!("running {}", job.progress.count()),
        None => "running".into(),
        Some(Outcome::Done(_)) => "done".into(),
        Some(Outcome::Cancelled) => "cancelled".into(),
        Some(Outcome::Failed(_)) => "failed".into(),
    }
}

/// The last words of a row: a running job's note, or an ended job's summary or error.
fn detail_of(job: &JobView) -> &str {
    match &job.outcome {
        None => &job.progress.note,
        Some(Outcome::Done(summary)) => summary,
        Some(Outcome::Failed(why)) => why,
        Some(Outcome::Cancelled) => "nothing was changed",
    }
}

/// `hint` names the keys that act here (from the keymap, so it cannot drift).
pub fn render(frame: &mut Frame<'_>, area: Rect, jobs: &JobsState, hint: &str, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(110);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line<'_>> = Vec::new();
    if jobs.is_empty() {
        lines.push(Line::from(Span::styled(" No jobs yet: imports and exports run here.", theme.muted)));
    }
    for (i, job) in jobs.rows().enumerate() {
        let state = state_of(job);
        let title = fit(&sanitize_line(&job.title), inner.saturating_sub(30).clamp(10, 50));
        let text = format!(" {:<6} {title}  {state}  {}", job.id, sanitize_line(detail_of(job)));
        let style = if i == jobs.selected { theme.selection } else { theme.muted };
        let style = if job.outcome.is_none() && i != jobs.selected { theme.key } else { style };
        lines.push(Line::from(Span::styled(fit(&text, inner), style)));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(format!(" {hint}"), theme.muted)));
    let rect = popup(frame, area, width, lines.len() as u16 + 2);
    let block = Block::new().borders(Borders::ALL).border_style(theme.border_focus).title(" Jobs ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
