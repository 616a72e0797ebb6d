//! Keys and answers for the tags view.

use byline_core::domain::TagCount;
use byline_core::store::ListFilter;

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap;
use crate::app::overlays::form;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::reply::Reply;
use crate::app::state::AppState;

/// Switching to the view: its tags are read afresh.
pub fn show(state: &mut AppState) -> Vec<Effect> {
    state.tags.loading = true;
    vec![Effect::Read(ReadEffect::LoadTags)]
}

/// After a write to the tags: re-read them, and the completions that name them.
pub fn reload() -> Vec<Effect> {
    vec![Effect::Read(ReadEffect::LoadTags), Effect::Read(ReadEffect::LoadCompletions)]
}

pub fn loaded(state: &mut AppState, items: Vec<TagCount>) {
    state.tags.selected = state.tags.selected.min(items.len().saturating_sub(1));
    state.tags.items = items;
    state.tags.loading = false;
}

pub fn act(state: &mut AppState, action: Action) -> Reply {
    if let Action::Click { row, .. } = action {
        return crate::app::mouse::click_tags(state, row);
    }
    let page = state.layout.list.height.saturating_sub(2).max(1) as usize;
    if let Some(sel) = action.moved(state.tags.selected, state.tags.items.len(), page) {
        state.tags.selected = sel;
        return Reply::default();
    }
    let Some(tag) = state.tags.items.get(state.tags.selected).cloned() else {
        return Reply::default();
    };
    match action {
        Action::Open => Reply::then(Action::ShowPosts(ListFilter { tag: Some(tag.name), ..Default::default() })),
        Action::Rename => {
            let f = Field::line(FieldId::NewName, &tag.name);
            let title = format!("Rename '{}'", tag.name);
            form::open(state, Form::new(FormKind::TagRename { from: tag.name.clone() }, title, vec![f])).into()
        }
        Action::Merge => {
            let choices: Vec<String> = state.known_tags.iter().filter(|t| **t != tag.name).cloned().collect();
            let f = Field::line(FieldId::Into, "").with_choices(choices, false);
            let title = format!("Merge '{}' into another tag", tag.name);
            form::open(state, Form::new(FormKind::TagMerge { from: tag.name.clone() }, title, vec![f])).into()
        }
        Action::Delete => {
            let answers = keymap::yes_no("deletes", "keeps it");
            let q = format!("Delete the tag '{}' from {} post(s)? {answers}", tag.name, tag.posts);
            state.overlay = Some(Overlay::confirm(q, Confirmable::DeleteTag(tag.name)));
            Reply::default()
        }
        _ => Reply::default(),
    }
}

/// The delete was confirmed.
pub fn confirmed_delete(name: String) -> Vec<Effect> {
    vec![Effect::Write(WriteEffect::DeleteTag(name))]
}
