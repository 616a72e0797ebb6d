//! Opening the compose view (new post, edit, restored draft), its preview and its autosave.

use crate::markdown;
use byline_core::domain::{Post, PostStatus};
use byline_core::store::Draft;

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::keymap::{self, TableId};
use crate::app::layout::compose_layout;
use crate::app::state::AppState;

use super::state::Compose;

/// The body's place among the compose fields (after title, slug, author, tags, summary).
pub const BODY: usize = 5;

/// Autosave at most this often (seconds) while the text changes.
pub const AUTOSAVE_EVERY: i64 = 2;

fn form_for(draft: &Draft, slug: &str, status: PostStatus, state: &AppState) -> Form {
    let fields = vec![
        Field::line(FieldId::Title, &draft.title),
        Field::line(FieldId::Slug, slug),
        Field::line(FieldId::Author, &draft.author).with_choices(state.known_authors.clone(), false),
        Field::line(FieldId::Tags, &draft.tags).with_choices(state.known_tags.clone(), true),
        Field::line(FieldId::Summary, &draft.summary),
        Field::text(FieldId::Body, &draft.body),
        Field::line(FieldId::Schedule, &draft.schedule),
    ];
    let title = if draft.post_id.is_some() { "Edit post" } else { "New post" };
    Form::new(FormKind::Compose { post_id: draft.post_id, status }, title, fields)
}

fn open(state: &mut AppState, form: Form, published_at: Option<i64>) -> Vec<Effect> {
    let wide = state.width >= crate::app::layout::COMPOSE_SIDE_BY_SIDE;
    state.compose = Some(Compose {
        form,
        show_preview: wide,
        preview: Vec::new(),
        preview_for: (0, u64::MAX),
        preview_scroll: 0,
        autosaved_at: state.now,
        published_at,
    });
    refresh_preview(state);
    vec![Effect::Read(ReadEffect::LoadCompletions)]
}

pub fn open_new(state: &mut AppState) -> Vec<Effect> {
    let form = form_for(&Draft::default(), "", PostStatus::Draft, state);
    open(state, form, None)
}

pub fn open_post(state: &mut AppState, post: &Post) -> Vec<Effect> {
    let m = &post.meta;
    let schedule = match (m.status, m.published_at) {
        (PostStatus::Scheduled, Some(at)) => super::schedule::field_text(at, &state.tz),
        _ => String::new(),
    };
    let draft = Draft {
        post_id: Some(m.id),
        title: m.title.clone(),
        slug: m.slug.clone(),
        author: m.author.clone().unwrap_or_default(),
        tags: m.tags.join(", "),
        summary: m.summary.clone(),
        body: post.body.clone(),
        published: m.status != PostStatus::Draft,
        schedule,
    };
    let mut form = form_for(&draft, &m.slug, m.status, state);
    form.focus = BODY;
    open(state, form, m.published_at)
}

/// Re-opens an autosaved draft; it counts as unsaved until saved.
pub fn open_draft(state: &mut AppState, draft: &Draft) -> Vec<Effect> {
    // A published post with a time in the publish field was a scheduled one.
    let status = match (draft.published, draft.schedule.trim().is_empty()) {
        (false, _) => PostStatus::Draft,
        (true, true) => PostStatus::Published,
        (true, false) => PostStatus::Scheduled,
    };
    let mut form = form_for(draft, &draft.slug, status, state);
    form.version = 1;
    let effects = open(state, form, None);
    let save = keymap::key_for(TableId::Compose, &Action::Save);
    state.message = Some(format!("restored the unsaved draft; {save} saves it"));
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
        title: form.field(FieldId::Title),
        slug: form.field(FieldId::Slug),
        author: form.field(FieldId::Author),
        tags: form.field(FieldId::Tags),
        summary: form.field(FieldId::Summary),
        body: form.field(FieldId::Body),
        published,
        schedule: form.field(FieldId::Schedule),
    }
}

/// Re-renders the preview if the body or the width changed since the last time.
pub fn refresh_preview(state: &mut AppState) {
    let area = state.layout.list.union(state.layout.article);
    let Some(c) = &mut state.compose else { return };
    let Some(preview) = compose_layout(area, c.show_preview).preview else { return };
    let width = preview.width.saturating_sub(4).max(1);
    if c.preview_for != (width, c.form.version) {
        c.preview = markdown::render(&c.form.field(FieldId::Body), width, &state.styles).lines;
        c.preview_for = (width, c.form.version);
    }
    c.preview_scroll = c.preview_scroll.min(c.preview.len().saturating_sub(1));
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
