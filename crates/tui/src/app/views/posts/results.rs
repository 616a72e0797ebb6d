//! Search results in the posts list: a page replacing the list, the count arriving after it,
//! and the next page loaded as the selection nears the end.

use byline_core::store::SearchQuery;
use byline_core::text::thousands;

use crate::app::effect::{Effect, JobEffect};
use crate::app::list::{ListMode, ListState, Row};
use crate::app::state::AppState;

use super::state::{ResultsInfo, SearchAnswer, Total};
use super::window::preview;

/// A page of hits: the first one of the newest search replaces the list, a next page is
/// appended; answers to older searches are dropped.
pub fn done(state: &mut AppState, answer: SearchAnswer) -> Vec<Effect> {
    let posts = &mut state.posts;
    if posts.search_pending != Some(answer.id) {
        return vec![];
    }
    posts.search_pending = None;
    let rows = answer.hits.into_iter().map(|h| Row {
        read: answer.read.contains(&h.post.id),
        post: h.post,
        snippet: Some(h.snippet),
    });
    let info = ResultsInfo {
        id: answer.id,
        input: answer.query.clone(),
        more: answer.more,
        total: answer.total,
        loading: None,
    };
    let appending = answer.offset > 0
        && matches!(posts.list.mode, ListMode::Results { .. })
        && posts.list.rows.len() == answer.offset;
    if appending {
        posts.list.rows.extend(rows);
        posts.list.total = posts.list.rows.len();
    } else {
        // The header shows the words, without the space that completed the last one.
        posts.list = ListState::results(answer.query.trim().to_string(), rows.collect());
    }
    // A count that arrived for the page before still holds.
    let total = match (answer.total, posts.results.as_ref().map(|r| r.total)) {
        (Total::AtLeast(_), Some(Total::Exact(n))) if appending => Total::Exact(n),
        (t, _) => t,
    };
    posts.results = Some(ResultsInfo { total, ..info });
    let label = count_label(state);
    if let Some(search) = &mut state.posts.search {
        search.hint = Some(label);
    }
    let mut effects: Vec<Effect> = preview(state).into_iter().collect();
    // The page did not tell how many there are: count them apart, unless the word being typed
    // is one or two letters (a merge of most of the index that SQLite cannot interrupt).
    let countable = SearchQuery::parse(&answer.query).is_some_and(|q| !q.short_prefix());
    if matches!(total, Total::AtLeast(_)) && countable {
        effects.push(Effect::Job(JobEffect::CountSearch { id: answer.id, query: answer.query }));
    }
    effects
}

/// The count of all hits, after the page it belongs to.
pub fn counted(state: &mut AppState, id: u64, total: usize) -> Vec<Effect> {
    if let Some(info) = state.posts.results.as_mut().filter(|r| r.id == id) {
        info.total = Total::Exact(total);
        let label = count_label(state);
        if let Some(search) = state.posts.search.as_mut().filter(|_| state.posts.search_pending.is_none()) {
            search.hint = Some(label);
        }
    }
    vec![]
}

/// The next page of results, when the selection is within a screen of the last one loaded and
/// more follow (pages are small, so the first answers a keystroke at once).
pub fn more_if_near_end(state: &mut AppState) -> Option<Effect> {
    if !matches!(state.posts.list.mode, ListMode::Results { .. }) || state.posts.search_pending.is_some() {
        return None;
    }
    let margin = state.visible_rows().max(1);
    let loaded = state.posts.list.rows.len();
    if state.posts.list.selected + margin < loaded {
        return None;
    }
    let id = state.fresh_id();
    let info = state.posts.results.as_mut().filter(|r| r.more && r.loading.is_none())?;
    info.loading = Some(id);
    state.posts.search_pending = Some(id);
    Some(Effect::Job(JobEffect::Search { id, query: info.input.clone(), offset: loaded }))
}

/// "30 of 1,234" (or "30 of 1,234+" while the count runs): the hits loaded of all.
pub fn count_label(state: &AppState) -> String {
    let loaded = state.posts.list.rows.len();
    match state.posts.results.as_ref().map(|r| r.total) {
        None => format!("{} of {}", thousands(loaded as u64), thousands(loaded as u64)),
        Some(Total::Exact(0)) => "no matches".into(),
        Some(Total::Exact(n)) => format!("{} of {}", thousands(loaded as u64), thousands(n as u64)),
        Some(Total::AtLeast(n)) => format!("{} of {}+", thousands(loaded as u64), thousands(n as u64)),
    }
}
