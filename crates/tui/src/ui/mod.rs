//! Drawing the reader: one file per pane or overlay. Pure: reads the state, never changes it.

mod article;
mod compose;
mod form;
mod help;
pub mod list;
mod picker;
mod status;
pub mod theme;
mod views;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::{AppState, Focus, Overlay, View};

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
        compose::render(frame, body, compose, state, theme);
    } else {
        match state.view {
            View::Posts => {
                if l.wide || state.posts.focus == Focus::List {
                    list::render(frame, l.list, state, theme);
                }
                if l.wide || state.posts.focus == Focus::Article {
                    article::render(frame, l.article, state, theme);
                }
            }
            View::Tags => views::render_tags(frame, body, state, theme),
            View::Subscribers => views::render_subscribers(frame, body, state, theme),
        }
    }
    status::render_status(frame, l.status, state, theme);
    match &state.overlay {
        Some(Overlay::Help) => help::render(frame, area, state, theme),
        Some(Overlay::Picker(p)) => picker::render(frame, area, p, theme),
        Some(Overlay::Form(f)) => form::render_form(frame, area, f, theme),
        Some(Overlay::Confirm { question, .. }) => form::render_confirm(frame, area, question, theme),
        _ => {}
    }
}

/// A centred box of at most `w` x `h` cells, cleared.
fn popup(frame: &mut Frame<'_>, area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame.render_widget(Clear, rect);
    rect
}
