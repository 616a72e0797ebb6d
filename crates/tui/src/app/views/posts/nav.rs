//! Moving through the posts view: the list, the article, its similar posts, the wheel.

use byline_core::domain::PostId;

use crate::app::article::related_line;
use crate::app::effect::{Effect, ReadEffect, WriteEffect};
use crate::app::list::ListMode;
use crate::app::state::AppState;

use super::state::Focus;
use super::window::{clamp_scroll, load, preview, select};

/// Rows (or lines) a page moves.
pub fn page(state: &AppState) -> usize {
    if state.posts.focus == Focus::Article {
        state.article_height().saturating_sub(2).max(1)
    } else {
        state.visible_rows()
    }
}

pub fn step(state: &mut AppState, delta: isize) -> Vec<Effect> {
    if state.posts.focus == Focus::Article {
        if let Some(a) = &mut state.posts.article {
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
    let list = &state.posts.list;
    let target = list.pending_select.unwrap_or(list.selected).saturating_add_signed(delta);
    select(state, target)
}

pub fn jump(state: &mut AppState, top: bool) -> Vec<Effect> {
    if state.posts.focus == Focus::Article {
        let height = state.article_height();
        if let Some(a) = &mut state.posts.article {
            a.related_selected = None;
            a.scroll = if top { 0 } else { a.lines.len().saturating_sub(height) };
        }
        return vec![];
    }
    let list = &state.posts.list;
    if top || list.counted || list.mode != ListMode::Browse {
        let target = if top { 0 } else { list.total.saturating_sub(1) };
        return select(state, target);
    }
    // Not counted yet: the bottom window brings the count with it.
    let visible = state.visible_rows();
    let request = state.posts.list.select_last(visible);
    request.map(|r| load(state, r)).into_iter().collect()
}

pub fn open(state: &mut AppState) -> Vec<Effect> {
    if state.posts.focus == Focus::Article {
        let Some(a) = &state.posts.article else { return vec![] };
        return match a.related_selected.and_then(|i| a.related.get(i)) {
            Some(r) => {
                let id = r.id;
                mark_row(state, id, true);
                vec![Effect::Read(ReadEffect::LoadArticle(id)), Effect::Write(WriteEffect::MarkRead(id, true))]
            }
            None => vec![],
        };
    }
    let Some(row) = state.posts.list.selected_row() else { return vec![] };
    let id = row.post.id;
    state.posts.focus = Focus::Article;
    mark_row(state, id, true);
    let mut effects = vec![Effect::Write(WriteEffect::MarkRead(id, true))];
    if state.posts.article.as_ref().map(|a| a.post.meta.id) != Some(id) {
        effects.insert(0, Effect::Read(ReadEffect::LoadArticle(id)));
    }
    effects
}

/// Shows a post read or unread in the lists held, and keeps the header's unread count.
pub(super) fn mark_row(state: &mut AppState, id: PostId, read: bool) {
    let posts = &mut state.posts;
    if posts.list.mode == ListMode::Browse && posts.list.rows.iter().any(|r| r.post.id == id && r.read != read) {
        posts.unread = posts.unread.map(|n| if read { n.saturating_sub(1) } else { n + 1 });
    }
    for list in std::iter::once(&mut posts.list).chain(posts.saved_list.as_mut()) {
        if let Some(r) = list.rows.iter_mut().find(|r| r.post.id == id) {
            r.read = read;
        }
    }
}

pub fn toggle_read(state: &mut AppState) -> Vec<Effect> {
    // The post on screen, as for the editor's keys.
    let shown = state.posts.article.as_ref().filter(|_| state.article_visible()).map(|a| a.post.meta.id);
    let Some(id) = shown.or_else(|| state.posts.list.selected_id()) else { return vec![] };
    let read = !state.posts.list.rows.iter().find(|r| r.post.id == id).is_some_and(|r| r.read);
    mark_row(state, id, read);
    state.message = Some(if read { "marked read" } else { "marked unread" }.into());
    vec![Effect::Write(WriteEffect::MarkRead(id, read))]
}

/// Esc and q step back one level: similar posts, article, search results. Returns false when
/// there is nothing left to step back from (q then quits).
pub fn back(state: &mut AppState, effects: &mut Vec<Effect>) -> bool {
    if state.posts.focus == Focus::Article {
        if let Some(a) = &mut state.posts.article {
            if a.related_selected.take().is_some() {
                return true;
            }
        }
        state.posts.focus = Focus::List;
        // The article may be a similar post opened from the one selected: back at the list, the
        // pane shows the selected row again, so the screen and the keys agree on one post.
        effects.extend(preview(state));
        return true;
    }
    if let Some(saved) = state.posts.saved_list.take() {
        state.posts.list = saved;
        effects.extend(preview(state));
        return true;
    }
    false
}

/// `s`: jump to the similar posts (open the selected post first when none is open).
pub fn similar(state: &mut AppState) -> Vec<Effect> {
    if state.posts.article.is_none() {
        return if state.posts.list.selected_row().is_some() { open(state) } else { vec![] };
    }
    let height = state.article_height();
    let Some(a) = &mut state.posts.article else { return vec![] };
    if a.related.is_empty() && !a.related_loaded {
        // They are on their way from their thread: jump when they arrive.
        a.want_similar = true;
        state.say("finding similar posts…");
        return vec![];
    }
    if a.related.is_empty() {
        state.say("no similar posts for this one");
        return vec![];
    }
    a.related_selected = Some(0);
    a.scroll = a.related_at.min(a.lines.len().saturating_sub(height));
    state.posts.focus = Focus::Article;
    vec![]
}

pub fn wheel(state: &mut AppState, up: bool, column: u16, row: u16) -> Vec<Effect> {
    let pos = ratatui::layout::Position { x: column, y: row };
    let delta = if up { -3 } else { 3 };
    let over_article = state.article_visible() && state.layout.article.contains(pos) && state.posts.article.is_some();
    let over_list = !over_article && state.layout.list.contains(pos);
    if over_article {
        if let Some(a) = &mut state.posts.article {
            a.scroll = a.scroll.saturating_add_signed(delta);
        }
        clamp_scroll(state);
        vec![]
    } else if over_list {
        let focus = state.posts.focus;
        state.posts.focus = Focus::List;
        let effects = step(state, delta);
        state.posts.focus = focus;
        effects
    } else {
        vec![]
    }
}
