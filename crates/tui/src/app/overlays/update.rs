//! Keys while an overlay is open. A question answers `Action::Confirmed`/`Declined`, a picker
//! answers `Action::ShowPosts`; the router hands those to the view that owns them.

use crate::app::action::Action;
use crate::app::effect::{Effect, JobEffect, ReadEffect};
use crate::app::form::{Field, FieldId};
use crate::app::reply::Reply;
use crate::app::state::AppState;

use super::form;
use super::state::Overlay;

/// Handles an action for the open overlay, which the router has taken out of the state: it is
/// put back unless the action closes it.
pub fn act(state: &mut AppState, overlay: Overlay, action: Action) -> Reply {
    match (overlay, action) {
        (Overlay::Confirm { action: what, .. }, Action::Yes) => Reply::then(Action::Confirmed(what)),
        (Overlay::Confirm { action: what, .. }, Action::Back) if what.back_cancels() => {
            state.message = Some(what.cancelled());
            Reply::default()
        }
        (Overlay::Confirm { action: what, .. }, Action::No | Action::Back) => Reply::then(Action::Declined(what)),
        (overlay @ Overlay::Confirm { .. }, _) => {
            state.overlay = Some(overlay);
            Reply::default()
        }
        (Overlay::Form(f), action) => act_form(state, f, action).into(),
        (Overlay::Help, action) => {
            super::help::act_help(state, action);
            Reply::default()
        }
        (Overlay::Messages, action) => {
            super::help::act_log(state, action);
            Reply::default()
        }
        (_, Action::Back) => Reply::default(),
        (Overlay::Jobs, action) => act_jobs(state, action).into(),
        (Overlay::Picker(p), action) => super::picker::act(state, p, action),
        (Overlay::LinkPrompt(input), action) => act_link(state, input, action).into(),
    }
}

/// The jobs list: move, and cancel the selected job if it is still running.
fn act_jobs(state: &mut AppState, action: Action) -> Vec<Effect> {
    state.overlay = Some(Overlay::Jobs);
    let jobs = &mut state.jobs;
    if let Some(at) = action.moved(jobs.selected, jobs.len(), 5) {
        jobs.selected = at;
        return vec![];
    }
    if action != Action::CancelJob {
        return vec![];
    }
    let Some((id, running)) = jobs.rows().nth(jobs.selected).map(|j| (j.id, j.outcome.is_none())) else {
        return vec![];
    };
    if running {
        state.say(&format!("cancelling job {id}…"));
        return vec![Effect::Job(JobEffect::Cancel(id))];
    }
    state.warn(&format!("job {id} has already ended"));
    vec![]
}

fn act_form(state: &mut AppState, mut f: crate::app::form::Form, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => return vec![],
        Action::Save => return form::submit(state, f),
        Action::Submit if f.focus + 1 >= f.fields.len() => return form::submit(state, f),
        Action::Submit => f.next(true),
        Action::NextField => {
            let completed = f.fields.get_mut(f.focus).is_some_and(Field::complete);
            if !completed {
                f.next(true);
            }
        }
        Action::PrevField => f.next(false),
        Action::EditKey(key) => {
            f.edit(key);
            form::live_validate(state, &mut f);
        }
        _ => {}
    }
    // A path prompt asks the runtime for what its new text could complete to.
    let list = f.focused().filter(|field| field.id == FieldId::Path).map(|field| field.value());
    state.overlay = Some(Overlay::Form(f));
    list.map(|typed| Effect::Read(ReadEffect::ListPaths(typed))).into_iter().collect()
}

fn act_link(state: &mut AppState, mut input: String, action: Action) -> Vec<Effect> {
    match action {
        Action::Input(c) if c.is_ascii_digit() && input.len() < 4 => input.push(c),
        Action::InputBackspace => {
            input.pop();
        }
        Action::InputClear => input.clear(),
        Action::Submit => {
            let links = state.posts.article.as_ref().map(|a| a.links.as_slice()).unwrap_or_default();
            let url = input.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| links.get(i));
            return match url {
                Some(url) => {
                    let url = url.clone();
                    crate::app::effect::open_link(state, &url)
                }
                None => {
                    let text = format!("no link [{input}] in this post (1-{})", links.len());
                    state.warn(&text);
                    vec![]
                }
            };
        }
        _ => {}
    }
    state.overlay = Some(Overlay::LinkPrompt(input));
    vec![]
}
