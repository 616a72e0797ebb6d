//! The editor's side of the app: post actions from the list, the tags and subscribers views,
//! their small forms, and confirmations before anything destructive.

use byline_core::domain::{Email, PostStatus, SubscriberStatus, TagName};

use super::action::{Action, Confirmable};
use super::effect::{Effect, JobEffect, ReadEffect, SystemEffect, WriteEffect};
use super::form::{Field, Form, FormKind};
use super::state::{AppState, Focus, Overlay, View};

fn ask(state: &mut AppState, question: String, action: Confirmable) -> Vec<Effect> {
    state.overlay = Some(Overlay::Confirm { question, action: Box::new(action) });
    vec![]
}

fn form(state: &mut AppState, form: Form) -> Vec<Effect> {
    state.overlay = Some(Overlay::Form(form));
    vec![Effect::Read(ReadEffect::LoadCompletions)]
}

/// The post the editor means: the open article when it has focus, else the selected row.
fn target_post(state: &AppState) -> Option<(byline_core::domain::PostId, String, PostStatus, String)> {
    if state.focus == Focus::Article {
        if let Some(a) = &state.article {
            let m = &a.post.meta;
            return Some((m.id, m.title.clone(), m.status, m.slug.clone()));
        }
    }
    state.list.selected_row().map(|r| (r.post.id, r.post.title.clone(), r.post.status, r.post.slug.clone()))
}

/// Post actions in the posts view. Returns None for actions that are not the editor's.
pub fn act_posts(state: &mut AppState, action: &Action) -> Option<Vec<Effect>> {
    let target = target_post(state);
    let effects = match (action, target) {
        (Action::New, _) => super::compose::open_new(state),
        (Action::Undo, _) => vec![Effect::Write(WriteEffect::RestoreLastTrashed)],
        (Action::Edit, Some((id, ..))) => vec![Effect::Read(ReadEffect::LoadForEdit(id))],
        (Action::Publish, Some((id, _, status, _))) => {
            vec![Effect::Write(WriteEffect::SetPublished(id, status == PostStatus::Draft))]
        }
        (Action::Delete, Some((id, title, ..))) => {
            let q =
                format!("Move '{}' to the trash? y deletes (U undoes), n keeps it", byline_core::text::fit(&title, 40));
            ask(state, q, Confirmable::DeletePost(id, title))
        }
        (Action::EditTags, Some((id, _, _, _))) => {
            let current = state
                .list
                .rows
                .iter()
                .find(|r| r.post.id == id)
                .map(|r| r.post.tags.join(", "))
                .or_else(|| state.article.as_ref().map(|a| a.post.meta.tags.join(", ")))
                .unwrap_or_default();
            let field = Field::line("Tags", &current).with_choices(state.known_tags.clone(), true);
            form(state, Form::new(FormKind::PostTags { post_id: id }, "Tags (comma-separated)", vec![field]))
        }
        (Action::CopySlug, Some((_, _, _, slug))) => {
            state.message = Some(format!("copied '{slug}' to the clipboard"));
            vec![Effect::System(SystemEffect::Copy(slug))]
        }
        (Action::Edit | Action::Publish | Action::Delete | Action::EditTags | Action::CopySlug, None) => {
            state.message = Some("no post selected".into());
            vec![]
        }
        _ => return None,
    };
    Some(effects)
}

pub fn show_view(state: &mut AppState, view: View) -> Vec<Effect> {
    state.view = view;
    match view {
        View::Posts => vec![],
        View::Tags => {
            state.tags.loading = true;
            vec![Effect::Read(ReadEffect::LoadTags)]
        }
        View::Subscribers => {
            state.subscribers.loading = true;
            vec![Effect::Read(ReadEffect::LoadSubscribers)]
        }
    }
}

fn moved(selected: usize, len: usize, action: &Action, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Down => (selected + 1).min(last),
        Action::Up => selected.saturating_sub(1),
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

pub fn act_tags(state: &mut AppState, action: Action) -> Vec<Effect> {
    let page = state.layout.list.height.saturating_sub(2).max(1) as usize;
    if let Some(sel) = moved(state.tags.selected, state.tags.items.len(), &action, page) {
        state.tags.selected = sel;
        return vec![];
    }
    let Some(tag) = state.tags.items.get(state.tags.selected).cloned() else {
        return vec![];
    };
    match action {
        Action::Open => {
            state.view = View::Posts;
            let filter = byline_core::store::ListFilter { tag: Some(tag.name), ..Default::default() };
            super::update::refilter(state, filter)
        }
        Action::Rename => {
            let f = Field::line("New name", &tag.name);
            form(
                state,
                Form::new(FormKind::TagRename { from: tag.name.clone() }, format!("Rename '{}'", tag.name), vec![f]),
            )
        }
        Action::Merge => {
            let choices: Vec<String> = state.known_tags.iter().filter(|t| **t != tag.name).cloned().collect();
            let f = Field::line("Into", "").with_choices(choices, false);
            let title = format!("Merge '{}' into another tag", tag.name);
            form(state, Form::new(FormKind::TagMerge { from: tag.name.clone() }, title, vec![f]))
        }
        Action::Delete => {
            let q = format!("Delete the tag '{}' from {} post(s)? y deletes, n keeps it", tag.name, tag.posts);
            ask(state, q, Confirmable::DeleteTag(tag.name))
        }
        _ => vec![],
    }
}

pub fn act_subscribers(state: &mut AppState, action: Action) -> Vec<Effect> {
    let subs = &mut state.subscribers;
    if subs.filtering {
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
        return vec![];
    }
    let page = state.layout.list.height.saturating_sub(3).max(1) as usize;
    let shown_len = subs.shown().len();
    if let Some(sel) = moved(subs.selected, shown_len, &action, page) {
        subs.selected = sel;
        return vec![];
    }
    let current = subs.shown().get(subs.selected).map(|s| (*s).clone());
    match (action, current) {
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
                Field::line("Email", ""),
                Field::line("Name", ""),
                Field::line("Tags", "").with_choices(state.known_tags.clone(), true),
                Field::line("Status", "active").with_choices(vec!["active".into(), "pending".into()], false),
            ];
            form(state, Form::new(FormKind::SubscriberAdd, "Add a subscriber", fields))
        }
        (Action::Import, _) => {
            form(state, Form::new(FormKind::ImportCsv, "Import subscribers from CSV", vec![Field::line("File", "")]))
        }
        (Action::Export, _) => form(
            state,
            Form::new(FormKind::ExportCsv, "Export subscribers to CSV", vec![Field::line("File", "subscribers.csv")]),
        ),
        (Action::Edit, Some(s)) => {
            let choices = vec!["active".into(), "pending".into(), "unsubscribed".into()];
            let fields = vec![
                Field::line("Name", s.name.as_deref().unwrap_or("")),
                Field::line("Tags", &s.tags.join(", ")).with_choices(state.known_tags.clone(), true),
                Field::line("Status", s.status.as_str()).with_choices(choices, false),
            ];
            form(
                state,
                Form::new(FormKind::SubscriberEdit { email: s.email.clone() }, format!("Edit {}", s.email), fields),
            )
        }
        (Action::Unsubscribe, Some(s)) => vec![Effect::Write(WriteEffect::UnsubscribeSubscriber(s.email))],
        (Action::Delete, Some(s)) => {
            let q = format!("Remove {} for good? y removes, n keeps", s.email);
            ask(state, q, Confirmable::RemoveSubscriber(s.email))
        }
        _ => vec![],
    }
}

/// After an edit in the subscriber form: check the address as it is typed.
pub fn live_validate(state: &AppState, form: &mut Form) {
    if form.kind != FormKind::SubscriberAdd {
        return;
    }
    let text = form.field("Email");
    let error = if text.trim().is_empty() {
        None
    } else if let Err(e) = Email::parse(&text) {
        Some(e.to_string())
    } else if state.subscribers.all.iter().any(|s| s.email.eq_ignore_ascii_case(text.trim())) {
        Some(format!("{} is already subscribed", text.trim()))
    } else {
        None
    };
    if let Some(f) = form.field_mut("Email") {
        f.error = error;
    }
}

fn tags_of(form: &mut Form) -> Option<Vec<TagName>> {
    let text = form.field("Tags");
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    match TagName::parse_all(&items) {
        Ok(t) => Some(t),
        Err(e) => {
            form.set_error("Tags", e.to_string());
            None
        }
    }
}

fn status_of(form: &mut Form) -> Option<SubscriberStatus> {
    match SubscriberStatus::parse(&form.field("Status")) {
        Ok(s) => Some(s),
        Err(e) => {
            form.set_error("Status", e.to_string());
            None
        }
    }
}

/// Ctrl-S (or Enter on the last field) in a small form: validate, then ask for the write.
/// The form stays open until the write succeeds, so a refused value keeps its text.
pub fn submit(state: &mut AppState, mut form: Form) -> Vec<Effect> {
    let name = |f: &Form| Some(f.field("Name").trim().to_string()).filter(|n| !n.is_empty());
    let effect = match form.kind.clone() {
        FormKind::SubscriberAdd => match Email::parse(&form.field("Email")) {
            Err(e) => {
                form.set_error("Email", e.to_string());
                None
            }
            Ok(email) => tags_of(&mut form).and_then(|tags| {
                status_of(&mut form)
                    .map(|status| Effect::Write(WriteEffect::AddSubscriber { email, name: name(&form), tags, status }))
            }),
        },
        FormKind::SubscriberEdit { email } => tags_of(&mut form).and_then(|tags| {
            status_of(&mut form)
                .map(|status| Effect::Write(WriteEffect::UpdateSubscriber { email, name: name(&form), tags, status }))
        }),
        FormKind::TagRename { from } => match TagName::parse(&form.field("New name")) {
            Ok(to) => Some(Effect::Write(WriteEffect::RenameTag(from, to))),
            Err(e) => {
                form.set_error("New name", e.to_string());
                None
            }
        },
        FormKind::TagMerge { from } => {
            let into = form.field("Into").trim().to_string();
            if into.is_empty() {
                form.set_error("Into", "name the tag to merge into".into());
                None
            } else {
                Some(Effect::Write(WriteEffect::MergeTag(from, into)))
            }
        }
        FormKind::PostTags { post_id } => {
            tags_of(&mut form).map(|tags| Effect::Write(WriteEffect::SetPostTags(post_id, tags)))
        }
        FormKind::ImportCsv | FormKind::ExportCsv => {
            let path = form.field("File").trim().to_string();
            if path.is_empty() {
                form.set_error("File", "give a file name".into());
                None
            } else if form.kind == FormKind::ImportCsv {
                Some(Effect::Job(JobEffect::ImportCsv(path)))
            } else {
                Some(Effect::Job(JobEffect::ExportCsv(path)))
            }
        }
        FormKind::Compose { .. } => None,
    };
    state.overlay = Some(Overlay::Form(form));
    effect.into_iter().collect()
}

/// Carries out a confirmed action.
pub fn confirmed(state: &mut AppState, what: Confirmable) -> Vec<Effect> {
    match what {
        Confirmable::DeletePost(id, _) => {
            // Close the article if it is this post: re-reading it after the delete would fail and
            // replace the "moved to the trash" message with "no post"; the list re-selects a neighbour.
            if state.article.as_ref().is_some_and(|a| a.post.meta.id == id) {
                state.article = None;
                state.focus = Focus::List;
            }
            vec![Effect::Write(WriteEffect::TrashPost(id))]
        }
        Confirmable::DeleteTag(name) => vec![Effect::Write(WriteEffect::DeleteTag(name))],
        Confirmable::RemoveSubscriber(email) => vec![Effect::Write(WriteEffect::RemoveSubscriber(email))],
        Confirmable::DiscardCompose => {
            state.compose = None;
            vec![Effect::Write(WriteEffect::ClearAutosave)]
        }
        Confirmable::RestoreAutosave(draft) => super::compose::open_draft(state, &draft),
    }
}
