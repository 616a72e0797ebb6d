//! The editor's actions on a post in the posts view: edit, publish, delete (to the trash),
//! undo, tags, copy the slug.

use byline_core::domain::{PostId, PostSummary};

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect, SystemEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap::{self, TableId};
use crate::app::overlays::form;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::state::AppState;

use super::state::Focus;

/// The post the editor means: the one on screen, which is the open article whenever the article
/// pane shows one (focused, or beside the list on wide screens), else the selected row. Keys
/// never act on a row the reader is not looking at.
fn target_post(state: &AppState) -> Option<&PostSummary> {
    if state.article_visible() {
        if let Some(a) = &state.posts.article {
            return Some(&a.post.meta);
        }
    }
    state.posts.list.selected_row().map(|r| &r.post)
}

/// Post actions in the posts view. Returns None for actions that are not the editor's.
pub fn act(state: &mut AppState, action: &Action) -> Option<Vec<Effect>> {
    let target = target_post(state).map(|m| (m.id, m.title.clone(), m.status, m.slug.clone()));
    if *action == Action::Publish {
        let Some(meta) = target_post(state).cloned() else {
            state.say("no post selected");
            return Some(vec![]);
        };
        return Some(super::publish::ask(state, &meta));
    }
    if *action == Action::SendNewsletter {
        let Some(meta) = target_post(state).cloned() else {
            state.say("no post selected");
            return Some(vec![]);
        };
        return Some(super::mail::ask(state, &meta));
    }
    let effects = match (action, target) {
        (Action::Undo, _) => vec![Effect::Write(WriteEffect::RestoreLastTrashed)],
        (Action::Edit, Some((id, ..))) => vec![Effect::Read(ReadEffect::LoadForEdit(id))],
        (Action::Delete, Some((id, title, ..))) => {
            let undo = keymap::key_for(TableId::Reader, &Action::Undo);
            let answers = keymap::yes_no(&format!("deletes ({undo} undoes)"), "keeps it");
            let q = format!("Move '{}' to the trash? {answers}", byline_core::text::fit(&title, 40));
            state.overlay = Some(Overlay::confirm(q, Confirmable::DeletePost(id, title)));
            vec![]
        }
        (Action::EditTags, Some((id, title, _, _))) => {
            let current = state
                .posts
                .list
                .rows
                .iter()
                .find(|r| r.post.id == id)
                .map(|r| r.post.tags.join(", "))
                .or_else(|| state.posts.article.as_ref().map(|a| a.post.meta.tags.join(", ")))
                .unwrap_or_default();
            let field = Field::line(FieldId::Tags, &current).with_choices(state.known_tags.clone(), true);
            // The title names the post, so the editor sees which one the tags go on.
            let name = byline_core::text::fit(&byline_core::sanitize::sanitize_line(&title), 40);
            let heading = format!("Tags of '{name}' (comma-separated)");
            form::open(state, Form::new(FormKind::PostTags { post_id: id }, heading, vec![field]))
        }
        (Action::CopySlug, Some((_, _, _, slug))) => {
            state.ok(&format!("copied '{slug}' to the clipboard"));
            vec![Effect::System(SystemEffect::Copy(slug))]
        }
        (Action::Edit | Action::Delete | Action::EditTags | Action::CopySlug, None) => {
            state.say("no post selected");
            vec![]
        }
        _ => return None,
    };
    Some(effects)
}

/// The delete was confirmed.
pub fn confirmed_delete(state: &mut AppState, id: PostId) -> Vec<Effect> {
    // Close the article if it is this post: re-reading it after the delete would fail and
    // replace the "moved to the trash" message with "no post"; the list re-selects a neighbour.
    if state.posts.article.as_ref().is_some_and(|a| a.post.meta.id == id) {
        state.posts.article = None;
        state.posts.focus = Focus::List;
    }
    vec![Effect::Write(WriteEffect::TrashPost(id))]
}
