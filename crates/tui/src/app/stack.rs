//! The view stack: going into something (a tag's posts from the tags view) pushes where the
//! reader was, and `q`/`Esc` pop it once the view on screen has nothing of its own left to close
//! (similar posts, the article, search results). So back is always one level back, by one rule
//! instead of one per view.
//!
//! The number keys switch views as tabs do in lazygit and gitui: they start a fresh stack, so
//! `q` at the bottom of any view quits as before.

use byline_core::store::ListFilter;

use super::effect::Effect;
use super::state::{AppState, View};
use super::views::posts;

/// Where back returns to: a view, and the posts filter in force before going in.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub view: View,
    pub filter: ListFilter,
}

/// The posts view is about to show something chosen in another view: remember that view.
pub fn push(state: &mut AppState) {
    if state.view != View::Posts {
        state.stack.push(Return { view: state.view, filter: state.posts.filter.clone() });
    }
}

/// A view switch by its number key: a fresh stack.
pub fn reset(state: &mut AppState) {
    state.stack.clear();
}

/// One level back: the view below, with the posts filter it had (its own selection is kept in
/// its state). None at the bottom of the stack.
pub fn pop(state: &mut AppState) -> Option<Vec<Effect>> {
    let back = state.stack.pop()?;
    let mut effects = Vec::new();
    if state.posts.filter != back.filter {
        effects = posts::window::refilter(state, back.filter);
    }
    state.view = back.view;
    Some(effects)
}
