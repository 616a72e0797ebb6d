//! The compose pane: writing and editing a post, with preview, autosave and $EDITOR.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::markdown;
use byline_core::domain::{Post, PostStatus, Slug, TagName, Title};
use byline_core::store::Draft;

use super::action::{Action, Confirmable};
use super::effect::{Effect, PostFields, ReadEffect, SystemEffect, WriteEffect};
use super::form::{Field, Form, FormKind};
use super::layout::{COMPOSE_SIDE_BY_SIDE, compose_layout};
use super::state::{AppState, Compose, Overlay};

/// Autosave at most this often (seconds) while the text changes.
pub const AUTOSAVE_EVERY: i64 = 2;

pub const TITLE: &str = "Title";
pub const SLUG: &str = "Slug";
pub const AUTHOR: &str = "Author";
pub const TAGS: &str = "Tags";
pub const SUMMARY: &str = "Summary";
pub const BODY: &str = "Body";

fn form_for(draft: &Draft, slug: &str, status: PostStatus, state: &AppState) -> Form {
    let fields = vec![
        Field::line(TITLE, &draft.title),
        Field::line(SLUG, slug),
        Field::line(AUTHOR, &draft.author).with_choices(state.known_authors.clone(), false),
        Field::line(TAGS, &draft.tags).with_choices(state.known_tags.clone(), true),
        Field::line(SUMMARY, &draft.summary),
        Field::text(BODY, &draft.body),
    ];
    let title = if draft.post_id.is_some() { "Edit post" } else { "New post" };
    Form::new(FormKind::Compose { post_id: draft.post_id, status }, title, fields)
}

fn open(state: &mut AppState, form: Form) -> Vec<Effect> {
    let wide = state.width >= super::layout::COMPOSE_SIDE_BY_SIDE;
    state.compose = Some(Compose {
        form,
        show_preview: wide,
        preview: Vec::new(),
        preview_for: (0, u64::MAX),
        preview_scroll: 0,
        autosaved_at: state.now,
    });
    refresh_preview(state);
    vec![Effect::Read(ReadEffect::LoadCompletions)]
}

pub fn open_new(state: &mut AppState) -> Vec<Effect> {
    let form = form_for(&Draft::default(), "", PostStatus::Draft, state);
    open(state, form)
}

pub fn open_post(state: &mut AppState, post: &Post) -> Vec<Effect> {
    let m = &post.meta;
    let draft = Draft {
        post_id: Some(m.id),
        title: m.title.clone(),
        slug: m.slug.clone(),
        author: m.author.clone().unwrap_or_default(),
        tags: m.tags.join(", "),
        summary: m.summary.clone(),
        body: post.body.clone(),
        published: m.status != PostStatus::Draft,
    };
    let mut form = form_for(&draft, &m.slug, m.status, state);
    form.focus = 5;
    open(state, form)
}

/// Re-opens an autosaved draft; it counts as unsaved until saved.
pub fn open_draft(state: &mut AppState, draft: &Draft) -> Vec<Effect> {
    let status = if draft.published { PostStatus::Published } else { PostStatus::Draft };
    let mut form = form_for(draft, &draft.slug, status, state);
    form.version = 1;
    let effects = open(state, form);
    state.message = Some("restored the unsaved draft; Ctrl-S saves it".into());
    effects
}

/// The compose form as an autosave record.
pub fn draft_of(form: &Form) -> Draft {
    let (post_id, published) = match &form.kind {
        FormKind::Compose { post_id, status } => (*post_id, *status != PostStatus::Draft),
        _ => (None, false),
    };
    Draft {
        post_id,
        title: form.field(TITLE),
        slug: form.field(SLUG),
        author: form.field(AUTHOR),
        tags: form.field(TAGS),
        summary: form.field(SUMMARY),
        body: form.field(BODY),
        published,
    }
}

/// Re-renders the preview if the body or the width changed since the last time.
pub fn refresh_preview(state: &mut AppState) {
    let area = state.layout.list.union(state.layout.article);
    let Some(c) = &mut state.compose else { return };
    let Some(preview) = compose_layout(area, c.show_preview).preview else { return };
    let width = preview.width.saturating_sub(4).max(1);
    if c.preview_for != (width, c.form.version) {
        c.preview = markdown::render(&c.form.field(BODY), width, &state.styles).lines;
        c.preview_for = (width, c.form.version);
    }
    c.preview_scroll = c.preview_scroll.min(c.preview.len().saturating_sub(1));
}

/// Validates the form into post fields, marking the field at fault.
fn validate(form: &mut Form) -> Option<PostFields> {
    let title = match Title::parse(&form.field(TITLE)) {
        Ok(t) => t,
        Err(e) => {
            form.set_error(TITLE, e.to_string());
            return None;
        }
    };
    let slug_text = form.field(SLUG);
    let slug = match slug_text.trim() {
        "" => None,
        s => match Slug::parse(s) {
            Ok(s) => Some(s),
            Err(e) => {
                form.set_error(SLUG, e.to_string());
                return None;
            }
        },
    };
    let tag_text = form.field(TAGS);
    let items: Vec<&str> = tag_text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    let tags = match TagName::parse_all(&items) {
        Ok(t) => t,
        Err(e) => {
            form.set_error(TAGS, e.to_string());
            return None;
        }
    };
    let author = form.field(AUTHOR).trim().to_string();
    Some(PostFields {
        title,
        slug,
        author: (!author.is_empty()).then_some(author),
        tags,
        summary: form.field(SUMMARY),
        body: form.field(BODY),
    })
}

fn save(state: &mut AppState, publish: Option<bool>) -> Vec<Effect> {
    let Some(c) = &mut state.compose else { return vec![] };
    let FormKind::Compose { post_id, status } = c.form.kind.clone() else { return vec![] };
    let Some(post) = validate(&mut c.form) else {
        state.message = Some("not saved: fix the marked field".into());
        return vec![];
    };
    let publish = publish.map(|_| status == PostStatus::Draft);
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
        Action::Save => return save(state, None),
        Action::Publish => return save(state, Some(true)),
        Action::ExternalEditor => return vec![Effect::System(SystemEffect::RunEditor(c.form.field(BODY)))],
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
                    c.form.edit(key);
                }
            }
        }
        Action::Back | Action::Quit => {
            if c.form.dirty() {
                state.overlay = Some(Overlay::Confirm {
                    question: "Discard the unsaved changes? y discards, n keeps editing".into(),
                    action: Box::new(Confirmable::DiscardCompose),
                });
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

/// About once a second: autosave if the text changed and the last autosave is old enough.
pub fn tick(state: &mut AppState, now: i64) -> Vec<Effect> {
    state.now = now;
    let Some(c) = &mut state.compose else { return vec![] };
    if c.form.version == c.form.autosaved || now - c.autosaved_at < AUTOSAVE_EVERY {
        return vec![];
    }
    c.form.autosaved = c.form.version;
    c.autosaved_at = now;
    if c.form.dirty() { vec![Effect::Write(WriteEffect::Autosave(draft_of(&c.form)))] } else { vec![] }
}

/// Saving the compose pane when the reader quits, so nothing typed is lost.
pub fn autosave_now(state: &AppState) -> Option<Effect> {
    let c = state.compose.as_ref()?;
    c.form.dirty().then(|| Effect::Write(WriteEffect::Autosave(draft_of(&c.form))))
}
