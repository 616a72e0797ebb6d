//! Draws the posts view: the list and the article side by side, or whichever has the focus.

mod article;
mod highlight;
pub mod list;

use ratatui::Frame;

use crate::app::{AppState, Focus};
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, state: &AppState, theme: &Theme) {
    let l = &state.layout;
    if l.wide || state.posts.focus == Focus::List {
        list::render(frame, l.list, state, theme);
    }
    if l.wide || state.posts.focus == Focus::Article {
        article::render(frame, l.article, state, theme);
    }
}
