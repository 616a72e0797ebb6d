//! The compose view's state: the post form and its preview.

use ratatui::text::Line;

use crate::app::form::Form;

/// The compose pane: the form, and its preview wrapped for one (width, version).
#[derive(Debug, Clone)]
pub struct Compose {
    pub form: Form,
    pub show_preview: bool,
    pub preview: Vec<Line<'static>>,
    pub preview_for: (u16, u64),
    pub preview_scroll: usize,
    /// When the last autosave happened (seconds), to autosave every few seconds.
    pub autosaved_at: i64,
    /// When the edited post went live or is scheduled to, as loaded (None for a draft), to show
    /// its status beside the publish field.
    pub published_at: Option<i64>,
}
