//! Keys and answers for the compose view: editing, saving, $EDITOR, leaving.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use byline_core::domain::{PostId, PostStatus, Slug, TagName, Title};

use crate::app::action::Action;
use crate::app::effect::{Effect, PostFields, SystemEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap;
use crate::app::layout::COMPOSE_SIDE_BY_SIDE;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::state::AppState;

use super::open::refresh_preview;
use super::schedule;

/// Validates the form into post fields, marking the field at fault.
fn validate(form: &mut Form) -> Option<PostFields> {
    let title = match Title::parse(&form.field(FieldId::Title)) {
        Ok(t) => t,
        Err(e) => {
            form.set_error(FieldId::Title, e.to_string());
            return None;
        }
    };
    let slug_text = form.field(FieldId::Slug);
    let slug = match slug_text.trim() {
        "" => None,
        s => match Slug::parse(s) {
            Ok(s) => Some(s),
            Err(e) => {
                form.set_error(FieldId::Slug, e.to_string());
                return None;
            }
        },
    };
    let tag_text = form.field(FieldId::Tags);
    let items: Vec<&str> = tag_text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    let tags = match TagName::parse_all(&items) {
        Ok(t) => t,
        Err(e) => {
            form.set_error(FieldId::Tags, e.to_string());
            return None;
        }
    };
    let author = form.field(FieldId::Author).trim().to_string();
    Some(PostFields {
        title,
        slug,
        author: (!author.is_empty()).then_some(author),
        tags,
        summary: form.field(FieldId::Summary),
        body: form.field(FieldId::Body),
    })
}

fn save(state: &mut AppState, publish: bool) -> Vec<Effect> {
    let Some(c) = &mut state.compose else { return vec![] };
    let FormKind::Compose { post_id, status } = c.form.kind.clone() else { return vec![] };
    let Some(post) = validate(&mut c.form) else {
        state.warn("not saved: fix the marked field");
        return vec![];
    };
    let at = schedule::parse(&c.form.field(FieldId::Schedule), &state.tz);
    let Ok(publish) = at.and_then(|at| schedule::when(status, at, publish)).map_err(|e| {
        c.form.set_error(FieldId::Schedule, e);
    }) else {
        state.warn("not saved: fix the marked field");
        return vec![];
    };
    vec![Effect::Write(WriteEffect::SavePost { id: post_id, post, publish })]
}

/// Keys in the compose pane.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(c) = &mut state.compose else { return vec![] };
    let body_focused = c.form.focused().is_some_and(|f| f.multiline);
    match action {
        Action::NextField => {
            let completed = c.form.fields.get_mut(c.form.focus).is_some_and(Field::complete);
            if completed {
                c.form.version += 1;
            } else {
                c.form.next(true);
            }
        }
        Action::PrevField => c.form.next(false),
        Action::Submit if !body_focused => c.form.next(true),
        Action::Submit => {
            c.form.edit(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        }
        Action::Save => return save(state, false),
        Action::Publish => return save(state, true),
        Action::ExternalEditor => return vec![Effect::System(SystemEffect::RunEditor(c.form.field(FieldId::Body)))],
        Action::TogglePreview => {
            c.show_preview = !c.show_preview;
            c.preview_scroll = 0;
        }
        Action::Undo => {
            if let Some(f) = c.form.fields.get_mut(c.form.focus) {
                if f.input.undo() {
                    c.form.version += 1;
                }
            }
        }
        Action::EditKey(key) => {
            let alt = key.modifiers.contains(KeyModifiers::ALT);
            // With the preview in place of the editor (narrow screens), arrows and pages scroll it.
            let preview_only = c.show_preview && state.width < COMPOSE_SIDE_BY_SIDE && body_focused;
            match key.code {
                KeyCode::Down | KeyCode::PageDown if preview_only => {
                    c.preview_scroll += if key.code == KeyCode::Down { 1 } else { 10 };
                }
                KeyCode::Up | KeyCode::PageUp if preview_only => {
                    c.preview_scroll = c.preview_scroll.saturating_sub(if key.code == KeyCode::Up { 1 } else { 10 });
                }
                KeyCode::Char('w' | 'c') if alt => {
                    if let Some(f) = c.form.fields.get_mut(c.form.focus) {
                        f.input.copy();
                    }
                }
                _ => {
                    if c.form.edit(key) && c.form.focused().is_some_and(|f| f.id == FieldId::Schedule) {
                        schedule::validate(&mut c.form, &state.tz);
                    }
                }
            }
        }
        Action::Back | Action::Quit => {
            if c.form.dirty() {
                let q = format!("Discard the unsaved changes? {}", keymap::yes_no("discards", "keeps editing"));
                state.overlay = Some(Overlay::confirm(q, Confirmable::DiscardCompose));
                return vec![];
            }
            state.compose = None;
            return vec![Effect::Write(WriteEffect::ClearAutosave)];
        }
        // The wheel scrolls the preview wherever the pointer is.
        Action::Scroll { up, .. } => {
            c.preview_scroll = if up { c.preview_scroll.saturating_sub(3) } else { c.preview_scroll + 3 };
        }
        _ => {}
    }
    refresh_preview(state);
    vec![]
}

/// A post was saved from the compose view: it is no longer dirty, and now has an id.
pub fn saved(state: &mut AppState, id: PostId, status: PostStatus) {
    let mut said = format!("saved ({})", status.as_str());
    if let Some(c) = &mut state.compose {
        let typed = schedule::parse(&c.form.field(FieldId::Schedule), &state.tz).ok().flatten();
        c.published_at = match status {
            PostStatus::Draft => None,
            PostStatus::Scheduled => typed.or(c.published_at),
            PostStatus::Published => c.published_at.filter(|&at| at <= state.now).or(typed).or(Some(state.now)),
        };
        if let (PostStatus::Scheduled, Some(at)) = (status, c.published_at) {
            said = format!("saved (scheduled for {})", byline_core::domain::time::shown_in(at, &state.tz));
        }
        // Saving keeps a draft a draft: a date typed in the publish field is not a schedule
        // until the publish key makes it one, and the editor must not think it was.
        if let (PostStatus::Draft, Some(at)) = (status, typed) {
            let publish = crate::app::keymap::key_for(crate::app::keymap::TableId::Compose, &Action::Publish);
            said = format!(
                "saved (draft): not scheduled yet; {publish} schedules it for {}",
                byline_core::domain::time::shown_in(at, &state.tz)
            );
        }
        c.form.saved = c.form.version;
        c.form.autosaved = c.form.version;
        c.form.error = None;
        if let FormKind::Compose { post_id, status: st } = &mut c.form.kind {
            *post_id = Some(id);
            *st = status;
        }
        // Live now: the time it went live is the store's, and the field has nothing to schedule.
        if status == PostStatus::Published {
            if let Some(f) = c.form.field_mut(FieldId::Schedule) {
                if !f.value().is_empty() {
                    f.set("");
                }
            }
        }
    }
    state.ok(&said);
}

/// $EDITOR returned: the new body, or why it failed.
pub fn editor_done(state: &mut AppState, result: Result<String, String>) {
    match (result, &mut state.compose) {
        (Ok(text), Some(c)) => {
            if c.form.field(FieldId::Body) != text {
                if let Some(body) = c.form.field_mut(FieldId::Body) {
                    body.set(&text);
                }
                c.form.version += 1;
            }
            refresh_preview(state);
        }
        (Err(e), _) => state.error(&e),
        (Ok(_), None) => {}
    }
}

/// Text pasted into the focused field.
pub fn paste(state: &mut AppState, text: &str) {
    if let Some(c) = &mut state.compose {
        c.form.paste(text);
        schedule::validate(&mut c.form, &state.tz);
        refresh_preview(state);
    }
}

/// An autosaved draft from an earlier run is waiting: ask whether to restore it.
pub fn autosave_found(state: &mut AppState, draft: byline_core::store::Draft, saved_at: i64) {
    let title = if draft.title.trim().is_empty() { "untitled".to_string() } else { draft.title.clone() };
    let when = byline_core::domain::time::from_secs(saved_at)
        .to_zoned_datetime(state.tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    let q = format!(
        "Restore the unsaved draft '{}' from {when}? {}",
        byline_core::text::fit(&title, 40),
        keymap::yes_no("restores it", "discards it")
    );
    state.overlay = Some(Overlay::confirm(q, Confirmable::RestoreAutosave(Box::new(draft))));
}

/// A question the compose view asked was answered.
pub fn answered(state: &mut AppState, what: Confirmable, yes: bool) -> Vec<Effect> {
    match (what, yes) {
        (Confirmable::DiscardCompose, true) => {
            state.compose = None;
            vec![Effect::Write(WriteEffect::ClearAutosave)]
        }
        (Confirmable::RestoreAutosave(draft), true) => super::open::open_draft(state, &draft),
        (Confirmable::RestoreAutosave(_), false) => vec![Effect::Write(WriteEffect::ClearAutosave)],
        _ => vec![],
    }
}
