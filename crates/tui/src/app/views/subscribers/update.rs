//! Keys and answers for the subscribers view.

use byline_core::domain::{Subscriber, SubscriberStatus};

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap;
use crate::app::overlays::form;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::reply::Reply;
use crate::app::state::AppState;

/// Switching to the view: its subscribers are read afresh.
pub fn show(state: &mut AppState) -> Vec<Effect> {
    state.subscribers.loading = true;
    vec![Effect::Read(ReadEffect::LoadSubscribers)]
}

/// After a write to the subscribers: re-read them, and the completions.
pub fn reload() -> Vec<Effect> {
    vec![Effect::Read(ReadEffect::LoadSubscribers), Effect::Read(ReadEffect::LoadCompletions)]
}

pub fn loaded(state: &mut AppState, all: Vec<Subscriber>) {
    state.subscribers.all = all;
    state.subscribers.loading = false;
    let n = state.subscribers.shown().len();
    state.subscribers.selected = state.subscribers.selected.min(n.saturating_sub(1));
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
    subs.selected = 0;
    Reply::default()
}

pub fn act(state: &mut AppState, action: Action) -> Reply {
    if state.subscribers.filtering {
        return act_filtering(state, action);
    }
    let subs = &mut state.subscribers;
    let page = state.layout.list.height.saturating_sub(3).max(1) as usize;
    let shown_len = subs.shown().len();
    if let Some(sel) = action.moved(subs.selected, shown_len, page) {
        subs.selected = sel;
        return Reply::default();
    }
    let current = subs.shown().get(subs.selected).map(|s| (*s).clone());
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
            subs.selected = 0;
            vec![]
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
