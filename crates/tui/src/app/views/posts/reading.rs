//! Reading habits: next unread post, next and previous post from the article, mark all read
//! (asked first, for the list on screen only), and a post marked read once scrolled to its end.

use byline_core::domain::PostId;
use byline_core::sanitize::sanitize_line;
use byline_core::store::ListFilter;

use crate::app::effect::{Effect, ReadEffect, SystemEffect, WriteEffect};
use crate::app::keymap;
use crate::app::list::{ListMode, WindowRequest};
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::state::AppState;

use super::nav::{mark_row, open};
use super::state::Focus;
use super::window::{load, select};

/// The index (in the whole list) of the post on screen: the open article's row when the pane
/// shows one, else the selected row.
fn current_index(state: &AppState) -> usize {
    let list = &state.posts.list;
    let shown = state.posts.article.as_ref().filter(|_| state.article_visible()).map(|a| a.post.meta.id);
    shown.and_then(|id| list.rows.iter().position(|r| r.post.id == id)).map_or(list.selected, |i| list.offset + i)
}

/// Next unread: the first unread post below the one on screen, opened. Looks through the rows
/// loaded first, then asks the store for the rest of the list.
pub fn next_unread(state: &mut AppState) -> Vec<Effect> {
    let from = current_index(state);
    let list = &state.posts.list;
    let below = list.rows.iter().enumerate().skip((from + 1).saturating_sub(list.offset));
    if let Some((i, _)) = below.clone().find(|(_, r)| !r.read) {
        return open_at(state, list.offset + i);
    }
    let loaded_to_end = list.offset + list.rows.len() >= list.total;
    if list.mode != ListMode::Browse || loaded_to_end || list.rows.is_empty() {
        state.say("no unread posts below this one");
        return vec![];
    }
    let after = list.rows.last().map(|r| (r.post.shown_at(), r.post.id));
    state.posts.open_next_unread = true;
    let (generation, filter) = (list.generation, state.posts.filter.clone());
    vec![Effect::Read(ReadEffect::NextUnread { generation, filter, after })]
}

/// The store's answer to "next unread" below the rows loaded.
pub fn next_unread_found(state: &mut AppState, generation: u64, id: Option<PostId>) -> Vec<Effect> {
    if generation != state.posts.list.generation || !std::mem::take(&mut state.posts.open_next_unread) {
        return vec![];
    }
    let Some(id) = id else {
        state.say("no unread posts below this one");
        return vec![];
    };
    // The list re-reads around it (it becomes the selected row, shown read when it arrives:
    // the window may be read before the write lands), and it opens, read.
    state.posts.list.loading = true;
    state.posts.focus = Focus::Article;
    state.posts.read_on_arrival = Some(id);
    vec![
        Effect::Write(WriteEffect::MarkRead(id, true)),
        load(state, WindowRequest::Around(id)),
        Effect::Read(ReadEffect::LoadArticle(id)),
    ]
}

/// The next (`delta` 1) or previous (-1) post of the list, opened: reading on without going
/// back to the list.
pub fn step_post(state: &mut AppState, delta: isize) -> Vec<Effect> {
    let from = current_index(state);
    let Some(to) = from.checked_add_signed(delta).filter(|i| *i < state.posts.list.total) else {
        state.say(if delta > 0 { "this is the last post" } else { "this is the first post" });
        return vec![];
    };
    open_at(state, to)
}

/// Selects row `index` and opens it; when the row is still on its way, the selection waits
/// for it (and the wide layout's pane follows it there).
fn open_at(state: &mut AppState, index: usize) -> Vec<Effect> {
    let mut effects = select(state, index);
    if state.posts.list.pending_select.is_none() {
        state.posts.focus = Focus::List;
        effects.retain(|e| !matches!(e, Effect::Read(ReadEffect::LoadArticle(_))));
        effects.extend(open(state));
    }
    effects
}

/// `A`: asks before marking every post of the list on screen read, naming how many and which
/// list (the filter, or the search).
pub fn ask_mark_all(state: &mut AppState) -> Vec<Effect> {
    let list = &state.posts.list;
    let (unread, what, ids) = match &list.mode {
        ListMode::Results { query } => {
            let ids: Vec<PostId> = list.rows.iter().filter(|r| !r.read).map(|r| r.post.id).collect();
            // Results come a page at a time: say when only the pages loaded are meant.
            let more = state.posts.results.as_ref().is_some_and(|r| r.more);
            let which = if more { "the results loaded" } else { "the results" };
            (ids.len(), format!("{which} for '{}'", sanitize_line(query)), Some(ids))
        }
        ListMode::Browse => (state.posts.unread.unwrap_or(list.total), describe(&state.posts.filter), None),
    };
    if unread == 0 {
        state.say(&format!("no unread posts in {what}"));
        return vec![];
    }
    let posts = if unread == 1 { "the 1 unread post".to_string() } else { format!("the {unread} unread posts") };
    let question = format!("Mark {posts} in {what} read? {}", keymap::yes_no("marks them read", "keeps them"));
    let filter = state.posts.filter.clone();
    state.overlay = Some(Overlay::confirm(question, Confirmable::MarkAllRead { filter, ids }));
    vec![]
}

/// Which list a filter shows, for the question.
fn describe(filter: &ListFilter) -> String {
    let mut parts = Vec::new();
    if let Some(tag) = &filter.tag {
        parts.push(format!("tag '{}'", sanitize_line(tag)));
    }
    if let Some(author) = &filter.author {
        parts.push(format!("author '{}'", sanitize_line(author)));
    }
    match parts.is_empty() {
        true => "all posts".to_string(),
        false => format!("the posts of {}", parts.join(" and ")),
    }
}

/// Mark all read was confirmed: the rows on screen show it at once, the store follows.
pub fn confirmed_mark_all(state: &mut AppState, filter: ListFilter, ids: Option<Vec<PostId>>) -> Vec<Effect> {
    let rows: Vec<PostId> = state.posts.list.rows.iter().map(|r| r.post.id).collect();
    for id in rows {
        mark_row(state, id, true);
    }
    match ids {
        Some(ids) => vec![Effect::Write(WriteEffect::MarkPostsRead(ids))],
        None => {
            state.posts.unread = Some(0);
            vec![Effect::Write(WriteEffect::MarkAllRead(filter))]
        }
    }
}

/// A window arrived: the post "next unread" opened from beyond the rows loaded is read.
pub fn window_arrived(state: &mut AppState) {
    if let Some(id) = state.posts.read_on_arrival {
        if state.posts.list.rows.iter().any(|r| r.post.id == id) {
            state.posts.read_on_arrival = None;
            mark_row(state, id, true);
        }
    }
}

/// The reader scrolled the article: when its last line came into view, it has been read
/// (in the wide layout's preview as in the article itself). `before` is the post and scroll
/// before the key.
pub fn read_at_end(state: &mut AppState, before: Option<(PostId, usize)>) -> Vec<Effect> {
    let height = state.article_height();
    // A huge post whose text is still being laid out shows only its header: not read yet.
    let shown = state.posts.article.as_ref().filter(|a| state.article_visible() && !a.laying_out());
    let Some(a) = shown else { return vec![] };
    let (id, scroll) = (a.post.meta.id, a.scroll);
    let moved = before.is_some_and(|(was, at)| was == id && at != scroll);
    let at_end = scroll + height >= a.lines.len();
    let unread = state.posts.list.rows.iter().find(|r| r.post.id == id).is_some_and(|r| !r.read);
    if !(moved && at_end && unread) {
        return vec![];
    }
    mark_row(state, id, true);
    vec![Effect::Write(WriteEffect::MarkRead(id, true))]
}

/// `Y`: copies the first code block on screen, its lines whole as written (the screen may show
/// a long line in pieces; the copy never has the markers or the breaks).
pub fn copy_code(state: &mut AppState) -> Vec<Effect> {
    let height = state.article_height();
    let Some(a) = state.posts.article.as_ref().filter(|_| state.article_visible()) else {
        state.say("open a post first");
        return vec![];
    };
    let shown = a.scroll..a.scroll + height;
    let Some(block) = a.code.iter().find(|c| c.first < shown.end && c.end > shown.start) else {
        state.say("no code block on screen");
        return vec![];
    };
    let n = block.text.lines().count().max(1);
    let text = block.text.clone();
    state.say(&format!("copied the code block ({n} line{}) to the clipboard", if n == 1 { "" } else { "s" }));
    vec![Effect::System(SystemEffect::Copy(text))]
}
