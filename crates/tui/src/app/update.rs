//! `update`, the router and the only place the state changes. Pure: it never touches the
//! database, files or network; it returns the effects it needs and the runtime sends results
//! back. Each message and action goes to the overlay or view that owns it; what they answer
//! for another owner (`Reply::then`) is routed next, so views never call each other.

use byline_core::domain::PostId;

use super::action::Action;
use super::effect::{Effect, WriteEffect};
use super::form::{FieldId, FormKind};
use super::keymap::{self, Resolved};
use super::layout::layout;
use super::msg::Msg;
use super::overlays;
use super::overlays::state::{Confirmable, Overlay};
use super::reply::Reply;
use super::state::{AppState, View};
use super::views::compose;
use super::views::outbox;
use super::views::posts;
use super::views::subscribers;
use super::views::tags;

pub use super::views::posts::search::{SEARCH_LIMIT, plan_query};

/// Effects to start the reader: the first window, around the last-read post if there is one.
pub fn init(state: &mut AppState, last: Option<PostId>) -> Vec<Effect> {
    posts::update::init(state, last)
}

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    let mut effects = handle(state, msg);
    super::messages::settle(state);
    // Whatever laid the article out (opening, a resize, a worker's layout), its pictures follow.
    effects.extend(posts::pictures::wanted(state));
    effects
}

fn handle(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Action(action) => act(state, action),
        Msg::Key(key) => match keymap::resolve(state, &key) {
            Resolved::Action(action) => act(state, action),
            Resolved::Text(c) => act(state, Action::Input(c)),
            Resolved::Edit(key) => act(state, Action::EditKey(key)),
            Resolved::Ignored => vec![],
            Resolved::Unbound => {
                // A letter that does nothing here: say where the keys are listed.
                let plain = key.modifiers.difference(crossterm::event::KeyModifiers::SHIFT).is_empty();
                if let (crossterm::event::KeyCode::Char(c), true, crossterm::event::KeyEventKind::Press) =
                    (key.code, plain, key.kind)
                {
                    // The help key is one of the keys every view shares.
                    let help = keymap::key_for(keymap::TableId::Reader, &Action::Help);
                    state.message = Some(format!("'{c}' does nothing here; {help} lists the keys"));
                }
                vec![]
            }
        },
        Msg::Window { generation, rows, read, counts, offset, request } => {
            posts::update::window(state, generation, request, rows, &read, counts, offset)
        }
        Msg::Counted { generation, total, unread } => {
            posts::update::counted(state, generation, total, unread);
            vec![]
        }
        Msg::NextUnread { generation, id } => posts::reading::next_unread_found(state, generation, id),
        Msg::Related { id, related } => posts::update::related(state, id, related),
        Msg::Article { post, related } => posts::update::article(state, post, related),
        Msg::LaidOut { id, article } => posts::update::laid_out(state, id, *article),
        Msg::Picture { post, width, index, slot } => {
            posts::pictures::arrived(state, post, width, index, slot);
            vec![]
        }
        Msg::SearchDone(answer) => posts::results::done(state, answer),
        Msg::SearchCount { id, total } => posts::results::counted(state, id, total),
        // Enter typed ahead of the rows chooses once they are here.
        Msg::Picker { kind, items } => match overlays::picker::items(state, kind, items) {
            true => act(state, Action::Open),
            false => vec![],
        },
        Msg::Sources(rows) => match overlays::picker::sources(state, rows) {
            true => act(state, Action::Open),
            false => vec![],
        },
        Msg::DataChanged => super::reload::changed_elsewhere(state),
        Msg::Error(e) => {
            state.error(&e);
            state.posts.list.loading = false;
            // A picker whose items failed to load would say "loading…" for ever.
            if matches!(&state.overlay, Some(Overlay::Picker(p)) if p.loading) {
                state.overlay = None;
            }
            vec![]
        }
        Msg::Paste(text) => {
            if matches!(state.overlay, Some(Overlay::Form(_))) {
                overlays::form::paste(state, &text);
            } else if state.overlay.is_some() {
                // Help, pickers, prompts and questions take no pasted text.
            } else if state.compose.is_some() {
                compose::update::paste(state, &text);
            } else {
                return posts::search::paste(state, &text);
            }
            vec![]
        }
        Msg::Tick(now) => compose::open::tick(state, now),
        Msg::Job(event) => {
            state.jobs.on_event(event, state.now);
            vec![]
        }
        Msg::JobStarted { id, title } => {
            if matches!(state.overlay, Some(Overlay::Form(_))) {
                state.overlay = None;
            }
            state.message = Some(format!("{} in the background (job {id})", super::jobs::capitalised(&title)));
            vec![]
        }
        Msg::EditPost(post) => compose::open::open_post(state, &post),
        Msg::Saved { id, status } => {
            compose::update::saved(state, id, status);
            posts::window::follow(state, id)
        }
        Msg::FormError { field, message } => {
            // A compose save that failed for no field's fault (a lock, a read-only file) is said
            // in the status bar too, where every other failure is.
            if field.is_none() && state.overlay.is_none() && state.compose.is_some() {
                state.message = Some(message.clone());
            }
            let form = match &mut state.overlay {
                Some(Overlay::Form(f)) => Some(f),
                _ => state.compose.as_mut().map(|c| &mut c.form),
            };
            match (form, field) {
                (Some(f), Some(id)) => f.set_error(id, message),
                (Some(f), None) => f.error = Some(message),
                (None, _) => state.error(&message),
            }
            vec![]
        }
        Msg::Done { message, reload } => {
            if matches!(state.overlay, Some(Overlay::Form(_))) {
                state.overlay = None;
            }
            state.ok(&message);
            super::reload::after(state, reload)
        }
        Msg::Blog { title, description } => posts::blog::loaded(state, &title, &description),
        Msg::BlogSaved { title } => {
            posts::blog::saved(state, title);
            vec![]
        }
        Msg::Tags(items) => {
            tags::update::loaded(state, items);
            vec![]
        }
        Msg::Subscribers { generation, request, rows, total, offset, counts } => {
            subscribers::update::window(state, generation, request, rows, total, offset, counts)
        }
        Msg::SubscriberMail { generation, mail } => {
            subscribers::update::mail(state, generation, mail);
            vec![]
        }
        Msg::Recipients { preview, ready } => {
            posts::mail::recipients(state, *preview, ready);
            vec![]
        }
        Msg::Outbox { sends, problems_of, problems } => {
            outbox::update::loaded(state, sends, problems_of, problems);
            vec![]
        }
        Msg::Completions { authors, tags } => {
            completions(state, authors, tags);
            vec![]
        }
        Msg::PathChoices { typed, choices } => {
            // Only for the text they were read for: a later keystroke has asked again.
            if let Some(Overlay::Form(form)) = &mut state.overlay
                && let Some(field) = form.fields.get_mut(form.focus).filter(|f| f.id == FieldId::Path)
                && field.value() == typed
            {
                field.choices = choices;
            }
            vec![]
        }
        Msg::EditorDone(result) => {
            compose::update::editor_done(state, result);
            vec![]
        }
        Msg::AutosaveFound { draft, saved_at } => {
            compose::update::autosave_found(state, draft, saved_at);
            vec![]
        }
    }
}

/// Known authors and tags arrived: offer them in the open forms.
fn completions(state: &mut AppState, authors: Vec<String>, tags: Vec<String>) {
    let forms = state.compose.as_mut().map(|c| &mut c.form).into_iter().chain(match &mut state.overlay {
        Some(Overlay::Form(f)) => Some(f),
        _ => None,
    });
    for form in forms {
        // A tag is not merged into itself, so it is not offered as the target.
        let merging = match &form.kind {
            FormKind::TagMerge { from } => Some(from.clone()),
            _ => None,
        };
        for field in &mut form.fields {
            match field.id {
                FieldId::Author => field.choices = authors.clone(),
                FieldId::Tags => field.choices = tags.clone(),
                FieldId::Into => {
                    field.choices = tags.iter().filter(|t| Some(*t) != merging.as_ref()).cloned().collect()
                }
                _ => {}
            }
        }
    }
    state.known_authors = authors;
    state.known_tags = tags;
}

/// An action, and whatever its owner answers for another owner, until nothing is left.
fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
        state.message = None;
    }
    let mut effects = Vec::new();
    let mut next = Some(action);
    while let Some(action) = next.take() {
        let reply = route(state, action);
        effects.extend(reply.effects);
        next = reply.then;
    }
    effects
}

/// Who owns an action: the router itself (quit, resize, answers), the open overlay, the
/// compose view, the search box, then the current view.
fn route(state: &mut AppState, action: Action) -> Reply {
    match action {
        Action::ForceQuit => return quit(state).into(),
        Action::Resize(w, h) => return resize(state, w, h).into(),
        Action::Confirmed(what) => return answered(state, *what, true).into(),
        Action::Declined(what) => return answered(state, *what, false).into(),
        Action::ShowPosts(filter) => {
            super::stack::push(state);
            state.view = View::Posts;
            return posts::window::refilter(state, filter).into();
        }
        _ => {}
    }
    if let Some(overlay) = state.overlay.take() {
        return overlays::update::act(state, overlay, action);
    }
    // Help and the message log open over any view, compose included.
    if let Some(overlay) = overlays::help::opens(state, &action) {
        state.overlay = Some(overlay);
        return Reply::default();
    }
    if state.compose.is_some() {
        let mut effects = compose::update::act(state, action);
        effects.extend(left_compose(state));
        return effects.into();
    }
    if state.posts.search.is_some() {
        return posts::search::act(state, action).into();
    }
    if let Action::ShowView(view) = action {
        return show_view(state, view).into();
    }
    if action == Action::Jobs {
        state.overlay = Some(Overlay::Jobs);
        return Reply::default();
    }
    match state.view {
        View::Tags if !matches!(action, Action::Quit | Action::Back) => tags::update::act(state, action),
        View::Subscribers if !matches!(action, Action::Quit | Action::Back) || state.subscribers.filtering => {
            subscribers::update::act(state, action)
        }
        View::Outbox if !matches!(action, Action::Quit | Action::Back) => outbox::update::act(state, action),
        View::Tags | View::Subscribers | View::Outbox if !state.stack.is_empty() => {
            super::stack::pop(state).unwrap_or_default().into()
        }
        View::Tags | View::Subscribers | View::Outbox if action == Action::Quit => quit(state).into(),
        View::Tags | View::Subscribers | View::Outbox => show_view(state, View::Posts).into(),
        // The compose view opens over the posts view.
        View::Posts if action == Action::New => compose::open::open_new(state).into(),
        View::Posts => posts::update::act(state, action),
    }
}

fn show_view(state: &mut AppState, view: View) -> Vec<Effect> {
    super::stack::reset(state);
    state.view = view;
    match view {
        View::Posts => vec![],
        View::Tags => tags::update::show(state),
        View::Subscribers => subscribers::update::show(state),
        View::Outbox => outbox::update::show(state),
    }
}

/// A question was answered: the view that asked carries it out (or tidies up).
fn answered(state: &mut AppState, what: Confirmable, yes: bool) -> Vec<Effect> {
    match (what, yes) {
        (Confirmable::DeletePost(id, _), true) => posts::edit::confirmed_delete(state, id),
        (Confirmable::DeleteTag(name), true) => tags::update::confirmed_delete(name),
        (Confirmable::RemoveSubscriber(email), true) => subscribers::update::confirmed_remove(email),
        (what @ (Confirmable::DiscardCompose | Confirmable::RestoreAutosave(_)), yes) => {
            let mut effects = compose::update::answered(state, what, yes);
            effects.extend(left_compose(state));
            effects
        }
        (what @ (Confirmable::Unpublish(..) | Confirmable::PublishEarly(..) | Confirmable::Republish(..)), yes) => {
            posts::publish::answered(state, what, yes)
        }
        (Confirmable::MarkAllRead { filter, ids }, true) => posts::reading::confirmed_mark_all(state, filter, ids),
        (Confirmable::SendNewsletter { post, title, retry_unknown }, true) => {
            outbox::update::send_now(post, title, retry_unknown)
        }
        (
            Confirmable::DeletePost(..)
            | Confirmable::DeleteTag(_)
            | Confirmable::RemoveSubscriber(_)
            | Confirmable::MarkAllRead { .. }
            | Confirmable::SendNewsletter { .. },
            false,
        ) => {
            vec![]
        }
    }
}

/// Once the compose view has closed, the posts view under it shows the post its keys act on:
/// on wide screens the pane follows the selected row again, if the post saved last is not the
/// one selected (the filter does not show it).
fn left_compose(state: &AppState) -> Option<Effect> {
    if state.compose.is_some() { None } else { posts::window::preview(state) }
}

fn quit(state: &mut AppState) -> Vec<Effect> {
    state.quit = true;
    let at = state.posts.saved_list.as_ref().unwrap_or(&state.posts.list).selected_id();
    let scroll =
        state.posts.article.as_ref().map(|a| Effect::Write(WriteEffect::SaveArticleScroll(a.post.meta.id, a.scroll)));
    compose::open::autosave_now(state)
        .into_iter()
        .chain(scroll)
        .chain([Effect::Write(WriteEffect::SavePosition(at)), Effect::Quit])
        .collect()
}

fn resize(state: &mut AppState, w: u16, h: u16) -> Vec<Effect> {
    state.width = w;
    state.height = h;
    state.layout = layout(w, h);
    let effects = posts::update::resized(state);
    compose::open::refresh_preview(state);
    effects
}
