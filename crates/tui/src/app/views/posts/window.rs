//! The posts view's list window: asking for rows, following the selection, re-reading after a
//! change. Shared by navigation, search and the view's update, so they need not call each other.

use byline_core::domain::PostId;
use byline_core::store::ListFilter;

use crate::app::effect::{Effect, ReadEffect};
use crate::app::list::{CHUNK, ListMode, ListState, WindowRequest};
use crate::app::state::AppState;

use super::state::Focus;

pub fn load(state: &AppState, request: WindowRequest) -> Effect {
    Effect::Read(ReadEffect::LoadWindow {
        generation: state.posts.list.generation,
        filter: state.posts.filter.clone(),
        request,
        limit: CHUNK,
    })
}

/// On wide screens the article pane follows the selection.
pub fn preview(state: &AppState) -> Option<Effect> {
    let id = state.posts.list.selected_id()?;
    let showing = state.posts.article.as_ref().map(|a| a.post.meta.id);
    (state.layout.wide && state.posts.focus == Focus::List && showing != Some(id))
        .then_some(Effect::Read(ReadEffect::LoadArticle(id)))
}

pub fn select(state: &mut AppState, index: usize) -> Vec<Effect> {
    let visible = state.visible_rows();
    let mut effects: Vec<Effect> =
        state.posts.list.select(index, visible).map(|r| load(state, r)).into_iter().collect();
    if state.posts.list.pending_select.is_none() {
        effects.extend(preview(state));
    }
    effects.extend(super::results::more_if_near_end(state));
    effects
}

/// Keeps the article's scroll inside its text.
pub fn clamp_scroll(state: &mut AppState) {
    let height = state.article_height();
    if let Some(a) = &mut state.posts.article {
        a.scroll = a.scroll.min(a.lines.len().saturating_sub(height));
    }
}

/// A fresh list for a new filter.
pub fn refilter(state: &mut AppState, filter: ListFilter) -> Vec<Effect> {
    // Search results (generation 0) may be showing: count on from the browsing list's generation.
    let browsing = state.posts.saved_list.take().map_or(0, |l| l.generation);
    let generation = state.posts.list.generation.max(browsing) + 1;
    state.posts.filter = filter;
    state.posts.focus = Focus::List;
    state.posts.list = ListState::new(generation);
    vec![load(state, WindowRequest::Top)]
}

/// Another process changed the database: re-read the window around the selection.
pub fn data_changed(state: &mut AppState) -> Vec<Effect> {
    let request = state.posts.list.selected_id().map_or(WindowRequest::Top, WindowRequest::Around);
    if state.posts.list.mode == ListMode::Browse {
        state.posts.list.loading = true;
        vec![load(state, request)]
    } else {
        vec![]
    }
}

/// A post was saved from the compose view: the list re-reads around it, so it is the selected
/// row when the filter shows it, and the article pane shows it. Without this the pane showed
/// the saved post while the keys acted on the row selected before compose opened.
pub fn follow(state: &mut AppState, id: PostId) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.posts.list.mode == ListMode::Browse {
        state.posts.list.loading = true;
        effects.push(load(state, WindowRequest::Around(id)));
    }
    effects.push(Effect::Read(ReadEffect::LoadArticle(id)));
    effects
}

/// After a post changed: re-read the list around the selection and the open article.
pub fn reload(state: &mut AppState) -> Vec<Effect> {
    let mut effects = data_changed(state);
    if let Some(a) = &state.posts.article {
        effects.push(Effect::Read(ReadEffect::LoadArticle(a.post.meta.id)));
    }
    effects
}
