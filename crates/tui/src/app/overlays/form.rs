//! Small forms over a view (subscriber, tag rename and merge, post tags, CSV file names):
//! opening one, checking it as it is typed, and turning it into a write when submitted.

use byline_core::domain::{Email, SubscriberStatus, TagName};

use crate::app::effect::{Effect, JobEffect, ReadEffect, WriteEffect};
use crate::app::form::{FieldId, Form, FormKind};
use crate::app::state::AppState;

use super::state::Overlay;

/// Opens a form over the current view, and asks for the completions its fields offer.
pub fn open(state: &mut AppState, form: Form) -> Vec<Effect> {
    state.overlay = Some(Overlay::Form(form));
    vec![Effect::Read(ReadEffect::LoadCompletions)]
}

/// Text pasted into the open form.
pub fn paste(state: &mut AppState, text: &str) {
    if let Some(Overlay::Form(mut form)) = state.overlay.take() {
        form.paste(text);
        live_validate(state, &mut form);
        state.overlay = Some(Overlay::Form(form));
    }
}

/// After an edit in the subscriber form: check the address as it is typed.
pub fn live_validate(state: &AppState, form: &mut Form) {
    if form.kind != FormKind::SubscriberAdd {
        return;
    }
    let text = form.field(FieldId::Email);
    let error = if text.trim().is_empty() {
        None
    } else if let Err(e) = Email::parse(&text) {
        Some(e.to_string())
    } else if state.subscribers.list.rows.iter().any(|s| s.email.eq_ignore_ascii_case(text.trim())) {
        // Only the rows loaded are checked here; the store refuses any other duplicate on save.
        Some(format!("{} is already subscribed", text.trim()))
    } else {
        None
    };
    if let Some(f) = form.field_mut(FieldId::Email) {
        f.error = error;
    }
}

fn tags_of(form: &mut Form) -> Option<Vec<TagName>> {
    let text = form.field(FieldId::Tags);
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    match TagName::parse_all(&items) {
        Ok(t) => Some(t),
        Err(e) => {
            form.set_error(FieldId::Tags, e.to_string());
            None
        }
    }
}

fn status_of(form: &mut Form) -> Option<SubscriberStatus> {
    match SubscriberStatus::parse(&form.field(FieldId::Status)) {
        Ok(s) => Some(s),
        Err(e) => {
            form.set_error(FieldId::Status, e.to_string());
            None
        }
    }
}

/// Ctrl-S (or Enter on the last field) in a small form: validate, then ask for the write.
/// The form stays open until the write succeeds, so a refused value keeps its text.
pub fn submit(state: &mut AppState, mut form: Form) -> Vec<Effect> {
    let name = |f: &Form| Some(f.field(FieldId::Name).trim().to_string()).filter(|n| !n.is_empty());
    let effect = match form.kind.clone() {
        FormKind::SubscriberAdd => match Email::parse(&form.field(FieldId::Email)) {
            Err(e) => {
                form.set_error(FieldId::Email, e.to_string());
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
        FormKind::TagRename { from } => match TagName::parse(&form.field(FieldId::NewName)) {
            Ok(to) => Some(Effect::Write(WriteEffect::RenameTag(from, to))),
            Err(e) => {
                form.set_error(FieldId::NewName, e.to_string());
                None
            }
        },
        FormKind::TagMerge { from } => {
            let into = form.field(FieldId::Into).trim().to_string();
            if into.is_empty() {
                form.set_error(FieldId::Into, "name the tag to merge into".into());
                None
            } else {
                Some(Effect::Write(WriteEffect::MergeTag(from, into)))
            }
        }
        FormKind::PostTags { post_id } => {
            tags_of(&mut form).map(|tags| Effect::Write(WriteEffect::SetPostTags(post_id, tags)))
        }
        FormKind::ImportCsv | FormKind::ExportCsv => {
            let path = form.field(FieldId::Path).trim().to_string();
            if path.is_empty() {
                form.set_error(FieldId::Path, "give a file name".into());
                None
            } else if form.kind == FormKind::ImportCsv {
                Some(Effect::Job(JobEffect::ImportCsv(path)))
            } else {
                Some(Effect::Job(JobEffect::ExportCsv(path)))
            }
        }
        FormKind::ImportPosts => {
            let path = form.field(FieldId::Path).trim().to_string();
            if path.is_empty() {
                form.set_error(FieldId::Path, "give a folder or a file".into());
                None
            } else {
                Some(Effect::Job(JobEffect::ImportPosts(path)))
            }
        }
        FormKind::Blog => Some(crate::app::views::posts::blog::write(&form)),
        FormKind::Compose { .. } => None,
    };
    state.overlay = Some(Overlay::Form(form));
    effect.into_iter().collect()
}
