//! Keys and answers for the subscribers view.

use byline_core::domain::{Subscriber, SubscriberId, SubscriberStatus};

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap;
use crate::app::list::{CHUNK, ListState, WindowRequest};
use crate::app::overlays::form;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::reply::Reply;
use crate::app::state::AppState;

use super::state::StatusCounts;

fn load(state: &AppState, request: WindowRequest<SubscriberId>) -> Effect {
    let subs = &state.subscribers;
    Effect::Read(ReadEffect::LoadSubscribers {
        generation: subs.list.generation,
        filter: subs.query(),
        request,
        limit: CHUNK,
    })
}

/// Table rows that fit on screen (the table has a title line and a header).
fn visible(state: &AppState) -> usize {
    usize::from(state.layout.list.height.saturating_sub(3)).max(1)
}

/// Re-reads the window at the top, keeping the selection's index (as the view always has).
fn reread(state: &mut AppState) -> Effect {
    load(state, WindowRequest::Top)
}

/// Switching to the view: its subscribers are read afresh.
pub fn show(state: &mut AppState) -> Vec<Effect> {
    state.subscribers.loading = true;
    vec![reread(state)]
}

/// After a write to the subscribers: re-read them, and the completions.
pub fn reload(state: &mut AppState) -> Vec<Effect> {
    vec![reread(state), Effect::Read(ReadEffect::LoadCompletions)]
}

/// The filters changed: a fresh list from the top.
fn refilter(state: &mut AppState) -> Vec<Effect> {
    let subs = &mut state.subscribers;
    subs.list = ListState::new(subs.list.generation + 1);
    vec![reread(state)]
}

/// A window of subscribers arrived (dropped if the filters changed since it was asked for).
pub fn window(
    state: &mut AppState,
    generation: u64,
    request: WindowRequest<SubscriberId>,
    rows: Vec<Subscriber>,
    total: usize,
    offset: Option<usize>,
    counts: StatusCounts,
) -> Vec<Effect> {
    if generation != state.subscribers.list.generation {
        return vec![];
    }
    let visible = visible(state);
    let subs = &mut state.subscribers;
    subs.loading = false;
    subs.counts = counts;
    subs.list.apply_window(&request, rows, total, offset);
    subs.list.settle(visible).map(|r| load(state, r)).into_iter().collect()
}

/// Typing into the text filter.
fn act_filtering(state: &mut AppState, action: Action) -> Reply {
    let subs = &mut state.subscribers;
    match action {
        Action::Input(c) => subs.filter.push(c),
        Action::InputBackspace => {
            subs.filter.pop();
        }
        Action::InputClear => subs.filter.clear(),
        Action::Submit => subs.filtering = false,
        Action::Back => {
            subs.filter.clear();
            subs.filtering = false;
        }
        _ => {}
    }
    refilter(state).into()
}

pub fn act(state: &mut AppState, action: Action) -> Reply {
    if state.subscribers.filtering {
        return act_filtering(state, action);
    }
    let page = visible(state);
    let list = &state.subscribers.list;
    let from = list.pending_select.unwrap_or(list.selected);
    if let Some(index) = action.moved(from, list.total, page) {
        let request = state.subscribers.list.select(index, page);
        return Reply::from(request.map(|r| load(state, r)));
    }
    let subs = &mut state.subscribers;
    let current = subs.list.selected_row().cloned();
    let effects = match (action, current) {
        (Action::SearchStart, _) => {
            subs.filtering = true;
            vec![]
        }
        (Action::StatusFilter, _) => {
            subs.status = match subs.status {
                None => Some(SubscriberStatus::Active),
                Some(SubscriberStatus::Active) => Some(SubscriberStatus::Pending),
                Some(SubscriberStatus::Pending) => Some(SubscriberStatus::Unsubscribed),
                Some(SubscriberStatus::Unsubscribed) => None,
            };
            refilter(state)
        }
        (Action::New, _) => {
            let fields = vec![
                Field::line(FieldId::Email, ""),
                Field::line(FieldId::Name, ""),
                Field::line(FieldId::Tags, "").with_choices(state.known_tags.clone(), true),
                Field::line(FieldId::Status, "active").with_choices(vec!["active".into(), "pending".into()], false),
            ];
            form::open(state, Form::new(FormKind::SubscriberAdd, "Add a subscriber", fields))
        }
        (Action::Import, _) => form::open(
            state,
            Form::new(FormKind::ImportCsv, "Import subscribers from CSV", vec![Field::line(FieldId::Path, "")]),
        ),
        (Action::Export, _) => form::open(
            state,
            Form::new(
                FormKind::ExportCsv,
                "Export subscribers to CSV",
                vec![Field::line(FieldId::Path, "subscribers.csv")],
            ),
        ),
        (Action::Edit, Some(s)) => {
            let choices = vec!["active".into(), "pending".into(), "unsubscribed".into()];
            let fields = vec![
                Field::line(FieldId::Name, s.name.as_deref().unwrap_or("")),
                Field::line(FieldId::Tags, &s.tags.join(", ")).with_choices(state.known_tags.clone(), true),
                Field::line(FieldId::Status, s.status.as_str()).with_choices(choices, false),
            ];
            let title = format!("Edit {}", s.email);
            form::open(state, Form::new(FormKind::SubscriberEdit { email: s.email.clone() }, title, fields))
        }
        (Action::Unsubscribe, Some(s)) => vec![Effect::Write(WriteEffect::UnsubscribeSubscriber(s.email))],
        (Action::Delete, Some(s)) => {
            let q = format!("Remove {} for good? {}", s.email, keymap::yes_no("removes", "keeps"));
            state.overlay = Some(Overlay::confirm(q, Confirmable::RemoveSubscriber(s.email)));
            vec![]
        }
        _ => vec![],
    };
    effects.into()
}

/// The removal was confirmed.
pub fn confirmed_remove(email: String) -> Vec<Effect> {
    vec![Effect::Write(WriteEffect::RemoveSubscriber(email))]
}
