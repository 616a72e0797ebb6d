//! Draws the overlays over the current view: help, pickers, small forms, questions.

mod form;
mod help;
mod jobs;
mod messages;
mod picker;
mod popup;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keymap::{self, TableId};
use crate::app::{Action, AppState, Overlay};
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    match &state.overlay {
        Some(Overlay::Help) => help::render(frame, area, state, theme),
        Some(Overlay::Messages) => messages::render(frame, area, state, theme),
        Some(Overlay::Picker(p)) => picker::render(frame, area, p, &state.posts.filter, theme),
        Some(Overlay::Form(f)) => form::render_form(frame, area, f, theme),
        Some(Overlay::Confirm { question, .. }) => form::render_confirm(frame, area, question, theme),
        Some(Overlay::Jobs) => {
            let cancel = keymap::key_for(TableId::Jobs, &Action::CancelJob);
            let close = keymap::key_for(TableId::Jobs, &Action::Back);
            jobs::render(
                frame,
                area,
                &state.jobs,
                &format!("{cancel} cancels the selected job · {close} closes"),
                theme,
            )
        }
        // The link prompt is drawn in the status bar.
        Some(Overlay::LinkPrompt(_)) | None => {}
    }
}
