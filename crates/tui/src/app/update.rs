//! `update`: the only place the reader's state changes. Pure: it never touches the database,
//! files or network; it returns the effects it needs and the runtime sends results back.

use byline_core::store::ListFilter;

use super::action::{Action, Msg};
use super::action::{Confirmable, Reload};
use super::article::{self, related_line};
use super::effect::{Effect, JobEffect, ReadEffect, SystemEffect, WindowRequest, WriteEffect};
use super::form::FormKind;
use super::layout::layout;
use super::list::{CHUNK, ListMode, ListState, Row};
use super::state::{AppState, Focus, Overlay, Picker, PickerKind, SearchState, View};
use super::{admin, compose};

/// Effects to start the reader: the first window, around the last-read post if there is one.
pub fn init(state: &mut AppState, last: Option<byline_core::domain::PostId>) -> Vec<Effect> {
    let request = last.map_or(WindowRequest::Top, WindowRequest::Around);
    vec![load(state, request)]
}

fn load(state: &AppState, request: WindowRequest) -> Effect {
    Effect::Read(ReadEffect::LoadWindow {
        generation: state.list.generation,
        filter: state.filter.clone(),
        request,
        limit: CHUNK,
    })
}

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Action(action) => act(state, action),
        Msg::Key(key) => match super::keymap::resolve(state, &key) {
            Some(action) => act(state, action),
            None => {
                // A letter that does nothing here: say where the keys are listed.
                let plain = key.modifiers.difference(crossterm::event::KeyModifiers::SHIFT).is_empty();
                if let (crossterm::event::KeyCode::Char(c), true, crossterm::event::KeyEventKind::Press) =
                    (key.code, plain, key.kind)
                {
                    state.message = Some(format!("'{c}' does nothing here; ? lists the keys"));
                }
                vec![]
            }
        },
        Msg::Window { generation, rows, read, total, offset, request } => {
            // A window for an older filter, or for a list that search results have replaced.
            if generation != state.list.generation || state.list.mode != ListMode::Browse {
                return vec![];
            }
            let rows =
                rows.into_iter().map(|post| Row { read: read.contains(&post.id), post, snippet: None }).collect();
            state.list.apply_window(&request, rows, total, offset);
            let visible = state.visible_rows();
            let mut effects: Vec<Effect> = state.list.settle(visible).map(|r| load(state, r)).into_iter().collect();
            effects.extend(preview(state));
            effects
        }
        Msg::Related { id, related } => {
            // Only for the article still open; rebuilt so the section sits under the text.
            let Some(mut a) = state.article.take() else { return vec![] };
            if a.post.meta.id != id {
                state.article = Some(a);
                return vec![];
            }
            let wanted = a.want_similar;
            if a.related != related {
                let mut rebuilt = article::build(a.post, related, a.width, &state.styles, &state.tz);
                rebuilt.scroll = a.scroll;
                rebuilt.related_selected = a.related_selected.filter(|i| *i < rebuilt.related.len());
                a = rebuilt;
            }
            a.related_loaded = true;
            a.want_similar = false;
            state.article = Some(a);
            clamp_scroll(state);
            if wanted {
                return similar(state);
            }
            vec![]
        }
        Msg::Article { post, mut related } => {
            // The same article reloading keeps its similar posts until fresh ones arrive.
            let mut loaded = false;
            if let Some(open) = state.article.as_ref().filter(|a| a.post.meta.id == post.meta.id) {
                if related.is_empty() {
                    related = open.related.clone();
                    loaded = open.related_loaded;
                }
            }
            let width = state.layout.article_text_width();
            let mut a = article::build(post, related, width, &state.styles, &state.tz);
            a.related_loaded |= loaded;
            if let Some((id, scroll)) = state.restore_scroll {
                if id == a.post.meta.id {
                    a.scroll = scroll.min(a.lines.len().saturating_sub(1));
                    state.restore_scroll = None;
                }
            }
            state.article = Some(a);
            clamp_scroll(state);
            vec![]
        }
        Msg::SearchDone { id, query, hits, read } => {
            if state.search_pending != Some(id) {
                return vec![];
            }
            state.search_pending = None;
            if let Some(search) = &mut state.search {
                let more = if hits.len() >= SEARCH_LIMIT { "+" } else { "" };
                search.hint = Some(format!("{}{more} match{}", hits.len(), if hits.len() == 1 { "" } else { "es" }));
            }
            let rows = hits
                .into_iter()
                .map(|h| Row { read: read.contains(&h.post.id), post: h.post, snippet: Some(h.snippet) })
                .collect();
            state.list = ListState::results(query, rows);
            preview(state).into_iter().collect()
        }
        Msg::Picker { kind, items } => {
            if let Some(Overlay::Picker(p)) = &mut state.overlay {
                if p.kind == kind {
                    p.items = items;
                    p.loading = false;
                }
            }
            vec![]
        }
        Msg::DataChanged => {
            let request = state.list.selected_id().map_or(WindowRequest::Top, WindowRequest::Around);
            if state.list.mode == ListMode::Browse {
                state.list.loading = true;
                vec![load(state, request)]
            } else {
                vec![]
            }
        }
        Msg::Error(e) => {
            state.message = Some(e);
            state.list.loading = false;
            // A picker whose items failed to load would say "loading…" for ever.
            if matches!(&state.overlay, Some(Overlay::Picker(p)) if p.loading) {
                state.overlay = None;
            }
            vec![]
        }
        Msg::Paste(text) => {
            if matches!(state.overlay, Some(Overlay::Form(_))) {
                if let Some(Overlay::Form(mut form)) = state.overlay.take() {
                    form.paste(&text);
                    admin::live_validate(state, &mut form);
                    state.overlay = Some(Overlay::Form(form));
                }
            } else if state.overlay.is_some() {
                // Help, pickers, prompts and questions take no pasted text.
            } else if let Some(c) = &mut state.compose {
                c.form.paste(&text);
                compose::refresh_preview(state);
            } else if let Some(search) = &mut state.search {
                search.input.push_str(&byline_core::sanitize::sanitize_line(&text));
            }
            vec![]
        }
        Msg::Tick(now) => compose::tick(state, now),
        Msg::EditPost(post) => compose::open_post(state, &post),
        Msg::Saved { id, status } => {
            if let Some(c) = &mut state.compose {
                c.form.saved = c.form.version;
                c.form.autosaved = c.form.version;
                if let FormKind::Compose { post_id, status: st } = &mut c.form.kind {
                    *post_id = Some(id);
                    *st = status;
                }
            }
            state.message = Some(format!("saved ({})", status.as_str()));
            let mut effects = reload_posts(state);
            effects.push(Effect::Read(ReadEffect::LoadArticle(id)));
            effects
        }
        Msg::FormError { field, message } => {
            let form = match &mut state.overlay {
                Some(Overlay::Form(f)) => Some(f),
                _ => state.compose.as_mut().map(|c| &mut c.form),
            };
            match (form, field) {
                (Some(f), Some(label)) => f.set_error(label, message),
                (Some(f), None) => f.error = Some(message),
                (None, _) => state.message = Some(message),
            }
            vec![]
        }
        Msg::Done { message, reload } => {
            if matches!(state.overlay, Some(Overlay::Form(_))) {
                state.overlay = None;
            }
            state.message = Some(message);
            match reload {
                Reload::Posts => reload_posts(state),
                Reload::Tags => vec![Effect::Read(ReadEffect::LoadTags), Effect::Read(ReadEffect::LoadCompletions)],
                Reload::Subscribers => {
                    vec![Effect::Read(ReadEffect::LoadSubscribers), Effect::Read(ReadEffect::LoadCompletions)]
                }
            }
        }
        Msg::Tags(items) => {
            state.tags.selected = state.tags.selected.min(items.len().saturating_sub(1));
            state.tags.items = items;
            state.tags.loading = false;
            vec![]
        }
        Msg::Subscribers(all) => {
            state.subscribers.all = all;
            state.subscribers.loading = false;
            let n = state.subscribers.shown().len();
            state.subscribers.selected = state.subscribers.selected.min(n.saturating_sub(1));
            vec![]
        }
        Msg::Completions { authors, tags } => {
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
                    match field.label {
                        "Author" => field.choices = authors.clone(),
                        "Tags" => field.choices = tags.clone(),
                        "Into" => {
                            field.choices = tags.iter().filter(|t| Some(*t) != merging.as_ref()).cloned().collect()
                        }
                        _ => {}
                    }
                }
            }
            state.known_authors = authors;
            state.known_tags = tags;
            vec![]
        }
        Msg::EditorDone(result) => {
            match (result, &mut state.compose) {
                (Ok(text), Some(c)) => {
                    if c.form.field(compose::BODY) != text {
                        if let Some(body) = c.form.field_mut(compose::BODY) {
                            body.set(&text);
                        }
                        c.form.version += 1;
                    }
                    compose::refresh_preview(state);
                }
                (Err(e), _) => state.message = Some(e),
                (Ok(_), None) => {}
            }
            vec![]
        }
        Msg::AutosaveFound { draft, saved_at } => {
            let title = if draft.title.trim().is_empty() { "untitled".to_string() } else { draft.title.clone() };
            let when = byline_core::domain::time::from_secs(saved_at)
                .to_zoned_datetime(state.tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string();
            state.overlay = Some(Overlay::Confirm {
                question: format!(
                    "Restore the unsaved draft '{}' from {when}? y restores it, n discards it",
                    byline_core::text::fit(&title, 40)
                ),
                action: Box::new(Confirmable::RestoreAutosave(Box::new(draft))),
            });
            vec![]
        }
    }
}

/// After a post changed: re-read the list around the selection and the open article.
fn reload_posts(state: &mut AppState) -> Vec<Effect> {
    let mut effects = update(state, Msg::DataChanged);
    if let Some(a) = &state.article {
        effects.push(Effect::Read(ReadEffect::LoadArticle(a.post.meta.id)));
    }
    effects
}

/// On wide screens the article pane follows the selection.
fn preview(state: &AppState) -> Option<Effect> {
    let id = state.list.selected_id()?;
    let showing = state.article.as_ref().map(|a| a.post.meta.id);
    (state.layout.wide && state.focus == Focus::List && showing != Some(id))
        .then_some(Effect::Read(ReadEffect::LoadArticle(id)))
}

fn select(state: &mut AppState, index: usize) -> Vec<Effect> {
    let visible = state.visible_rows();
    let mut effects: Vec<Effect> = state.list.select(index, visible).map(|r| load(state, r)).into_iter().collect();
    if state.list.pending_select.is_none() {
        effects.extend(preview(state));
    }
    effects
}

fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
        state.message = None;
    }
    match action {
        Action::ForceQuit => return quit(state),
        Action::Resize(w, h) => return resize(state, w, h),
        _ => {}
    }
    if let Some(overlay) = state.overlay.take() {
        return act_overlay(state, overlay, action);
    }
    if state.compose.is_some() {
        return compose::act(state, action);
    }
    if state.search.is_some() {
        return act_search(state, action);
    }
    if let Action::ShowView(view) = action {
        return admin::show_view(state, view);
    }
    if action == Action::Help {
        state.overlay = Some(Overlay::Help);
        return vec![];
    }
    match state.view {
        View::Tags if !matches!(action, Action::Quit | Action::Back) => return admin::act_tags(state, action),
        View::Subscribers if !matches!(action, Action::Quit | Action::Back) || state.subscribers.filtering => {
            return admin::act_subscribers(state, action);
        }
        View::Tags | View::Subscribers => {
            return if action == Action::Quit { quit(state) } else { admin::show_view(state, View::Posts) };
        }
        View::Posts => {}
    }
    if let Some(effects) = admin::act_posts(state, &action) {
        return effects;
    }
    // The reader's own keys (quit, resize, help and views were handled above).
    match action {
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, page(state) as isize),
        Action::PageUp => step(state, -(page(state) as isize)),
        Action::Top => jump(state, true),
        Action::Bottom => jump(state, false),
        Action::Open => open(state),
        Action::Back | Action::Quit => back(state, action == Action::Quit),
        Action::FocusNext => {
            if state.article.is_some() {
                state.focus = if state.focus == Focus::List { Focus::Article } else { Focus::List };
            }
            vec![]
        }
        Action::SearchStart => {
            if state.saved_list.is_none() {
                state.saved_list = Some(state.list.clone());
            }
            state.focus = Focus::List;
            state.search = Some(SearchState { hint: Some("type 2 or more letters".into()), ..Default::default() });
            vec![]
        }
        Action::PickTag | Action::PickAuthor => {
            let kind = if action == Action::PickTag { PickerKind::Tag } else { PickerKind::Author };
            state.overlay = Some(Overlay::Picker(Picker { kind, items: vec![], selected: 0, loading: true }));
            vec![Effect::Read(ReadEffect::LoadPicker(kind))]
        }
        Action::ToggleUnreadOnly => {
            let filter = ListFilter { unread_only: !state.filter.unread_only, ..state.filter.clone() };
            refilter(state, filter)
        }
        Action::ClearFilters => refilter(state, ListFilter::default()),
        Action::ToggleRead => toggle_read(state),
        Action::Similar => similar(state),
        Action::OpenLink => match &state.article {
            Some(a) if !a.links.is_empty() && state.article_visible() => {
                state.overlay = Some(Overlay::LinkPrompt(String::new()));
                vec![]
            }
            Some(_) if state.article_visible() => say(state, "this post has no links"),
            // Narrow screens with the list showing: the post loaded last is not the one in view.
            _ => say(state, "open a post first"),
        },
        Action::Scroll { up, column, row } => wheel(state, up, column, row),
        _ => vec![],
    }
}

fn say(state: &mut AppState, text: &str) -> Vec<Effect> {
    state.message = Some(text.to_string());
    vec![]
}

fn quit(state: &mut AppState) -> Vec<Effect> {
    state.quit = true;
    let at = state.saved_list.as_ref().unwrap_or(&state.list).selected_id();
    let scroll =
        state.article.as_ref().map(|a| Effect::Write(WriteEffect::SaveArticleScroll(a.post.meta.id, a.scroll)));
    compose::autosave_now(state)
        .into_iter()
        .chain(scroll)
        .chain([Effect::Write(WriteEffect::SavePosition(at)), Effect::Quit])
        .collect()
}

fn page(state: &AppState) -> usize {
    if state.focus == Focus::Article { state.article_height().saturating_sub(2).max(1) } else { state.visible_rows() }
}

fn resize(state: &mut AppState, w: u16, h: u16) -> Vec<Effect> {
    state.width = w;
    state.height = h;
    state.layout = layout(w, h);
    if !state.layout.wide && state.focus == Focus::Article && state.article.is_none() {
        state.focus = Focus::List;
    }
    let width = state.layout.article_text_width();
    if let Some(a) = state.article.take() {
        if a.width == width {
            state.article = Some(a);
        } else {
            // Re-wrap once for the new width, keeping the reader at the same fraction of the text.
            let fraction = a.scroll as f64 / a.lines.len().max(1) as f64;
            let mut rebuilt = article::build(a.post, a.related, width, &state.styles, &state.tz);
            rebuilt.scroll = (fraction * rebuilt.lines.len() as f64) as usize;
            rebuilt.related_selected = a.related_selected;
            rebuilt.related_loaded = a.related_loaded;
            rebuilt.want_similar = a.want_similar;
            state.article = Some(rebuilt);
            clamp_scroll(state);
        }
    }
    let visible = state.visible_rows();
    state.list.scroll_into_view(visible);
    compose::refresh_preview(state);
    preview(state).into_iter().collect()
}

fn clamp_scroll(state: &mut AppState) {
    let height = state.article_height();
    if let Some(a) = &mut state.article {
        a.scroll = a.scroll.min(a.lines.len().saturating_sub(height));
    }
}

fn step(state: &mut AppState, delta: isize) -> Vec<Effect> {
    if state.focus == Focus::Article {
        if let Some(a) = &mut state.article {
            if let Some(sel) = a.related_selected {
                let next = sel.saturating_add_signed(delta.signum()).min(a.related.len().saturating_sub(1));
                a.related_selected = Some(next);
                let line = related_line(a, next);
                let height = state.layout.article.height.saturating_sub(1).max(1) as usize;
                if line + 2 > a.scroll + height || line < a.scroll {
                    a.scroll = line.saturating_sub(height / 2);
                }
                clamp_scroll(state);
                return vec![];
            }
            a.scroll = a.scroll.saturating_add_signed(delta);
        }
        clamp_scroll(state);
        return vec![];
    }
    let target = state.list.pending_select.unwrap_or(state.list.selected).saturating_add_signed(delta);
    select(state, target)
}

fn jump(state: &mut AppState, top: bool) -> Vec<Effect> {
    if state.focus == Focus::Article {
        let height = state.article_height();
        if let Some(a) = &mut state.article {
            a.related_selected = None;
            a.scroll = if top { 0 } else { a.lines.len().saturating_sub(height) };
        }
        return vec![];
    }
    let target = if top { 0 } else { state.list.total.saturating_sub(1) };
    select(state, target)
}

fn open(state: &mut AppState) -> Vec<Effect> {
    if state.focus == Focus::Article {
        let Some(a) = &state.article else { return vec![] };
        return match a.related_selected.and_then(|i| a.related.get(i)) {
            Some(r) => {
                let id = r.id;
                mark_row(state, id, true);
                vec![Effect::Read(ReadEffect::LoadArticle(id)), Effect::Write(WriteEffect::MarkRead(id, true))]
            }
            None => vec![],
        };
    }
    let Some(row) = state.list.selected_row() else { return vec![] };
    let id = row.post.id;
    state.focus = Focus::Article;
    mark_row(state, id, true);
    let mut effects = vec![Effect::Write(WriteEffect::MarkRead(id, true))];
    if state.article.as_ref().map(|a| a.post.meta.id) != Some(id) {
        effects.insert(0, Effect::Read(ReadEffect::LoadArticle(id)));
    }
    effects
}

fn mark_row(state: &mut AppState, id: byline_core::domain::PostId, read: bool) {
    for list in std::iter::once(&mut state.list).chain(state.saved_list.as_mut()) {
        if let Some(r) = list.rows.iter_mut().find(|r| r.post.id == id) {
            r.read = read;
        }
    }
}

fn toggle_read(state: &mut AppState) -> Vec<Effect> {
    let target = if state.focus == Focus::Article {
        state.article.as_ref().map(|a| a.post.meta.id)
    } else {
        state.list.selected_id()
    };
    let Some(id) = target else { return vec![] };
    let read = !state.list.rows.iter().find(|r| r.post.id == id).is_some_and(|r| r.read);
    mark_row(state, id, read);
    state.message = Some(if read { "marked read" } else { "marked unread" }.into());
    vec![Effect::Write(WriteEffect::MarkRead(id, read))]
}

/// Esc and q step back one level: similar posts, article, search results, then (q only) quit.
fn back(state: &mut AppState, is_quit: bool) -> Vec<Effect> {
    if state.focus == Focus::Article {
        if let Some(a) = &mut state.article {
            if a.related_selected.take().is_some() {
                return vec![];
            }
        }
        state.focus = Focus::List;
        return vec![];
    }
    if let Some(saved) = state.saved_list.take() {
        state.list = saved;
        return preview(state).into_iter().collect();
    }
    if is_quit { quit(state) } else { vec![] }
}

pub(super) fn refilter(state: &mut AppState, filter: ListFilter) -> Vec<Effect> {
    // Search results (generation 0) may be showing: count on from the browsing list's generation.
    let browsing = state.saved_list.take().map_or(0, |l| l.generation);
    let generation = state.list.generation.max(browsing) + 1;
    state.filter = filter;
    state.focus = Focus::List;
    state.list = ListState::new(generation);
    vec![load(state, WindowRequest::Top)]
}

fn similar(state: &mut AppState) -> Vec<Effect> {
    if state.article.is_none() {
        return if state.list.selected_row().is_some() { open(state) } else { vec![] };
    }
    let height = state.article_height();
    let Some(a) = &mut state.article else { return vec![] };
    if a.related.is_empty() && !a.related_loaded {
        // They are on their way from their thread: jump when they arrive.
        a.want_similar = true;
        return say(state, "finding similar posts…");
    }
    if a.related.is_empty() {
        return say(state, "no similar posts for this one");
    }
    a.related_selected = Some(0);
    a.scroll = a.related_at.min(a.lines.len().saturating_sub(height));
    state.focus = Focus::Article;
    vec![]
}

fn wheel(state: &mut AppState, up: bool, column: u16, row: u16) -> Vec<Effect> {
    let pos = ratatui::layout::Position { x: column, y: row };
    let delta = if up { -3 } else { 3 };
    let over_article = state.article_visible() && state.layout.article.contains(pos) && state.article.is_some();
    let over_list = !over_article && state.layout.list.contains(pos);
    if over_article {
        if let Some(a) = &mut state.article {
            a.scroll = a.scroll.saturating_add_signed(delta);
        }
        clamp_scroll(state);
        vec![]
    } else if over_list {
        let focus = state.focus;
        state.focus = Focus::List;
        let effects = step(state, delta);
        state.focus = focus;
        effects
    } else {
        vec![]
    }
}

fn act_overlay(state: &mut AppState, overlay: Overlay, action: Action) -> Vec<Effect> {
    match (overlay, action) {
        (Overlay::Confirm { action: what, .. }, Action::Yes) => admin::confirmed(state, *what),
        (Overlay::Confirm { action: what, .. }, Action::No | Action::Back) => match *what {
            Confirmable::RestoreAutosave(_) => vec![Effect::Write(WriteEffect::ClearAutosave)],
            _ => vec![],
        },
        (overlay @ Overlay::Confirm { .. }, _) => {
            state.overlay = Some(overlay);
            vec![]
        }
        (Overlay::Form(mut form), action) => {
            match action {
                Action::Back => return vec![],
                Action::Save => return admin::submit(state, form),
                Action::Submit if form.focus + 1 >= form.fields.len() => return admin::submit(state, form),
                Action::Submit => form.next(true),
                Action::NextField => {
                    let completed = form.fields.get_mut(form.focus).is_some_and(super::form::Field::complete);
                    if !completed {
                        form.next(true);
                    }
                }
                Action::PrevField => form.next(false),
                Action::EditKey(key) => {
                    form.edit(key);
                    admin::live_validate(state, &mut form);
                }
                _ => {}
            }
            state.overlay = Some(Overlay::Form(form));
            vec![]
        }
        (Overlay::Help, _) | (_, Action::Back) => vec![],
        (Overlay::Picker(mut p), action) => {
            let last = p.items.len().saturating_sub(1);
            let page = state.layout.list.height.saturating_sub(4).max(1) as usize;
            p.selected = match action {
                Action::Down => (p.selected + 1).min(last),
                Action::Up => p.selected.saturating_sub(1),
                Action::PageDown => (p.selected + page).min(last),
                Action::PageUp => p.selected.saturating_sub(page),
                Action::Top => 0,
                Action::Bottom => last,
                Action::Open => {
                    let Some(item) = p.items.get(p.selected) else { return vec![] };
                    let mut filter = state.filter.clone();
                    match p.kind {
                        PickerKind::Tag => filter.tag = Some(item.name.clone()),
                        PickerKind::Author => filter.author = Some(item.name.clone()),
                    }
                    return refilter(state, filter);
                }
                _ => p.selected,
            };
            state.overlay = Some(Overlay::Picker(p));
            vec![]
        }
        (Overlay::LinkPrompt(mut input), action) => {
            match action {
                Action::Input(c) if c.is_ascii_digit() && input.len() < 4 => input.push(c),
                Action::InputBackspace => {
                    input.pop();
                }
                Action::InputClear => input.clear(),
                Action::Submit => {
                    let links = state.article.as_ref().map(|a| a.links.as_slice()).unwrap_or_default();
                    let url = input.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| links.get(i));
                    return match url {
                        Some(url) => {
                            state.message = Some(format!("opening {}", byline_core::sanitize::sanitize_line(url)));
                            vec![Effect::System(SystemEffect::OpenUrl(url.clone()))]
                        }
                        None => say(state, &format!("no link [{input}] in this post (1-{})", links.len())),
                    };
                }
                _ => {}
            }
            state.overlay = Some(Overlay::LinkPrompt(input));
            vec![]
        }
    }
}

/// Typing into the search box: each keystroke asks the worker for a fresh search; the answer
/// to an older keystroke is dropped when it arrives.
fn act_search(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(mut search) = state.search.take() else { return vec![] };
    match action {
        Action::ForceQuit => return quit(state),
        Action::Resize(w, h) => {
            state.search = Some(search);
            return resize(state, w, h);
        }
        Action::Back => return back_from_empty_search(state),
        Action::Down | Action::Up => {
            state.search = Some(search);
            let delta = if action == Action::Down { 1 } else { -1 };
            return select(state, state.list.selected.saturating_add_signed(delta));
        }
        Action::Submit => {
            if plan_query(&search.input).is_none() {
                return back_from_empty_search(state);
            }
            // Keep the results: the box closes and the list stays (Esc later restores the list).
            // A search still on its way lands in the list when it arrives.
            if let ListMode::Browse = state.list.mode {
                state.list = ListState::results(search.input.clone(), Vec::new());
            }
            return preview(state).into_iter().collect();
        }
        Action::Input(c) => search.input.push(c),
        Action::InputBackspace => {
            search.input.pop();
        }
        Action::InputClear => search.input.clear(),
        _ => {
            state.search = Some(search);
            return vec![];
        }
    }
    let effect = match plan_query(&search.input) {
        Some((query, prefix)) => {
            let id = state.fresh_id();
            state.search_pending = Some(id);
            search.hint = Some("searching…".into());
            // Newest first: ranking scores every match, and a common word matches tens of
            // thousands of posts (the CLI's `byline search` ranks).
            Effect::Job(JobEffect::Search { id, query, prefix, ranked: false })
        }
        None => {
            state.search_pending = None;
            search.hint = Some("type 2 or more letters".into());
            if let Some(saved) = &state.saved_list {
                state.list = saved.clone();
            }
            Effect::Job(JobEffect::CancelSearch)
        }
    };
    state.search = Some(search);
    vec![effect]
}

fn back_from_empty_search(state: &mut AppState) -> Vec<Effect> {
    state.search_pending = None;
    if let Some(saved) = state.saved_list.take() {
        state.list = saved;
    }
    [Effect::Job(JobEffect::CancelSearch)].into_iter().chain(preview(state)).collect()
}

/// At most this many search hits are shown; the worker asks for no more.
pub const SEARCH_LIMIT: usize = 50;

/// What to send for the text typed so far: the words, and whether the last one is matched as a
/// prefix. None when it is too short to be worth a query.
///
/// A short prefix matches much of the corpus, and FTS5 merges every matching word before it can
/// return even the newest hits (the prefix trap in PERFORMANCE.md: `ser*` costs ~24 ms at 100,000
/// posts, `serv*` ~15 ms). So the word being typed is a prefix only from four letters; shorter
/// ones are matched whole, a lone letter waits, and a trailing space marks the last word complete.
pub fn plan_query(input: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let last = words.last()?;
    let last_len = last.chars().filter(|c| c.is_alphanumeric()).count();
    let complete = input.ends_with(char::is_whitespace);
    if words.len() == 1 && last_len < 2 {
        return None;
    }
    if last_len < 2 && !complete {
        return Some((words[..words.len() - 1].join(" "), false));
    }
    Some((words.join(" "), !complete && last_len >= 4))
}

#[cfg(test)]
mod tests {
    use super::plan_query;

    #[test]
    fn short_words_do_not_become_prefix_queries() {
        assert_eq!(plan_query("s"), None);
        assert_eq!(plan_query("se"), Some(("se".into(), false)));
        assert_eq!(plan_query("ser"), Some(("ser".into(), false)));
        assert_eq!(plan_query("serv"), Some(("serv".into(), true)));
        assert_eq!(plan_query("serv "), Some(("serv".into(), false)), "a space completes the word");
        assert_eq!(plan_query("web s"), Some(("web".into(), false)));
        assert_eq!(plan_query("   "), None);
    }
}
