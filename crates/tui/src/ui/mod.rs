//! Drawing the app: `views/` mirrors `app/views` (one module per view), `overlays/` the
//! overlays, `status` the header and status bar. Pure: reads the state, never changes it.

mod colors;
mod overlays;
mod status;
pub mod theme;
mod views;

/// The posts list keeps its old path: tests and the search worker use its match markers.
pub use views::posts::list;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{AppState, View};

pub use theme::Theme;

pub fn render(frame: &mut Frame<'_>, state: &AppState, theme: &Theme) {
    let area = frame.area();
    let l = &state.layout;
    if l.too_small {
        // Wrapped, so a terminal narrower than the message still shows all of it.
        let msg = Paragraph::new("terminal too small")
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(theme.alert);
        frame.render_widget(msg, area);
        return;
    }
    status::render_header(frame, l.header, state, theme);
    let body = l.list.union(l.article);
    if let Some(compose) = &state.compose {
        views::compose::render(frame, body, compose, state, theme);
    } else {
        match state.view {
            View::Posts => views::posts::render(frame, state, theme),
            View::Tags => views::tags::render(frame, body, state, theme),
            View::Subscribers => views::subscribers::render(frame, body, state, theme),
            View::Outbox => views::outbox::render(frame, body, state, theme),
        }
    }
    status::render_status(frame, l.status, state, theme);
    overlays::render(frame, area, state, theme);
}
