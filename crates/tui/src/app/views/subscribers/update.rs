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

/// Re-reads the window: from the top, keeping the selection's index, while the selection is
/// in the first window (as the view always has); further down, around the selected subscriber.
fn reread(state: &mut AppState) -> Effect {
    let list = &state.subscribers.list;
    let request = match list.selected_id() {
        Some(id) if list.selected >= CHUNK => WindowRequest::Around(id),
        _ => WindowRequest::Top,
    };
    load(state, request)
}

/// Switching to the view: its subscribers are read afresh.
pub fn show(state: &mut AppState) -> Vec<Effect> {
    state.subscribers.loading = true;
    vec![reread(state)]
}

/// After a write to the subscribers: re-read them if they are on screen (the view re-reads
/// itself when shown), and the completions.
pub fn reload(state: &mut AppState) -> Vec<Effect> {
    let completions = Effect::Read(ReadEffect::LoadCompletions);
    if state.view == crate::app::View::Subscribers { vec![reread(state), completions] } else { vec![completions] }
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
    subs.list.apply_window(&request, rows, Some(total), offset);
    subs.list.settle(visible).map(|r| load(state, r)).into_iter().collect()
}

/// The last mail of a window's rows arrived (after the window): kept for the rows loaded.
pub fn mail(
    state: &mut AppState,
    generation: u64,
    mail: Vec<(SubscriberId, byline_core::store::outbox::SubscriberMail)>,
) {
    let subs = &mut state.subscribers;
    if generation != subs.list.generation {
        return;
    }
    subs.mail.extend(mail);
    let loaded: std::collections::HashSet<SubscriberId> = subs.list.rows.iter().map(|r| r.id).collect();
    subs.mail.retain(|id, _| loaded.contains(id));
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
    if let Action::Click { row, .. } = action {
        let Some(index) = crate::app::mouse::subscriber_at(state, row) else { return Reply::default() };
        let request = state.subscribers.list.select(index, page);
        return Reply::from(request.map(|r| load(state, r)));
    }
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
                Field::line(FieldId::Status, "active").cycling(&["active", "pending"]),
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
            let fields = vec![
                Field::line(FieldId::Name, s.name.as_deref().unwrap_or("")),
                Field::line(FieldId::Tags, &s.tags.join(", ")).with_choices(state.known_tags.clone(), true),
                Field::line(FieldId::Status, s.status.as_str()).cycling(&["active", "pending", "unsubscribed"]),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Msg, View, update};
    use crate::markdown::MarkdownStyles;

    fn sub(i: i64) -> Subscriber {
        Subscriber {
            id: SubscriberId(i),
            email: format!("s{i}@example.com"),
            name: None,
            status: SubscriberStatus::Active,
            tags: vec![],
            created_at: i,
            confirmed_at: None,
            unsubscribed_at: None,
            token: String::new(),
        }
    }

    /// Rows for indexes `range` of a list of `total`, newest (highest id) first.
    fn rows(total: i64, range: std::ops::Range<i64>) -> Vec<Subscriber> {
        range.map(|i| sub(total - i)).collect()
    }

    fn window(generation: u64, request: WindowRequest<SubscriberId>, rows: Vec<Subscriber>) -> Msg {
        let counts = StatusCounts { active: 50_000, pending: 0, unsubscribed: 0 };
        Msg::Subscribers { generation, request, rows, total: 50_000, offset: None, counts }
    }

    fn requests(effects: &[Effect]) -> Vec<WindowRequest<SubscriberId>> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Read(ReadEffect::LoadSubscribers { request, .. }) => Some(request.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_list_is_read_a_window_at_a_time() {
        let mut s = AppState::new("t".into(), 80, 24, MarkdownStyles::plain(), jiff::tz::TimeZone::UTC, 0);
        let effects = update(&mut s, Msg::Action(Action::ShowView(View::Subscribers)));
        assert_eq!(requests(&effects), [WindowRequest::Top]);
        update(&mut s, window(1, WindowRequest::Top, rows(50_000, 0..CHUNK as i64)));
        assert_eq!((s.subscribers.list.rows.len(), s.subscribers.list.total), (CHUNK, 50_000));

        // Paging down nears the window's end: the next rows are asked for by key.
        let mut asked = Vec::new();
        while asked.is_empty() {
            asked = requests(&update(&mut s, Msg::Action(Action::PageDown)));
        }
        let last = sub(50_000 - CHUNK as i64 + 1);
        assert_eq!(asked, [WindowRequest::Older(last.created_at, last.id)]);

        // The end of the list is a jump away, not 50,000 rows away.
        let asked = requests(&update(&mut s, Msg::Action(Action::Bottom)));
        assert_eq!(asked, [WindowRequest::Bottom]);
        update(&mut s, window(1, WindowRequest::Bottom, rows(50_000, 50_000 - CHUNK as i64..50_000)));
        assert_eq!(s.subscribers.list.selected, 49_999);
        assert_eq!(s.subscribers.list.selected_row().map(|r| r.id), Some(SubscriberId(1)));

        // After a write, a selection deep in the list is re-read around the same subscriber.
        let done = Msg::Done { message: "saved".into(), reload: crate::app::Reload::Subscribers };
        assert_eq!(requests(&update(&mut s, done)), [WindowRequest::Around(SubscriberId(1))]);

        // A filter starts a new list; an answer for the old one is dropped.
        let effects = update(&mut s, Msg::Action(Action::StatusFilter));
        assert_eq!(requests(&effects), [WindowRequest::Top]);
        assert_eq!(s.subscribers.list.generation, 2);
        update(&mut s, window(1, WindowRequest::Top, rows(50_000, 0..3)));
        assert!(s.subscribers.list.rows.is_empty(), "stale window dropped");
    }
}
