//! Search as you type in the posts view: each keystroke asks for a fresh search; the answer to
//! an older keystroke is dropped when it arrives.

use byline_core::domain::PostId;
use byline_core::store::SearchHit;

use crate::app::action::Action;
use crate::app::effect::{Effect, JobEffect};
use crate::app::list::{ListMode, ListState, Row};
use crate::app::state::AppState;

use super::state::{Focus, SearchState};
use super::window::{preview, select};

/// `/`: opens the search box over the browsing list, which Esc brings back.
pub fn start(state: &mut AppState) {
    let posts = &mut state.posts;
    if posts.saved_list.is_none() {
        posts.saved_list = Some(posts.list.clone());
    }
    posts.focus = Focus::List;
    posts.search = Some(SearchState { hint: Some("type 2 or more letters".into()), ..Default::default() });
}

/// Keys while the search box is open.
pub fn act(state: &mut AppState, action: Action) -> Vec<Effect> {
    let Some(mut search) = state.posts.search.take() else { return vec![] };
    match action {
        Action::Back => return back_from_empty_search(state),
        Action::Down | Action::Up => {
            state.posts.search = Some(search);
            let delta = if action == Action::Down { 1 } else { -1 };
            return select(state, state.posts.list.selected.saturating_add_signed(delta));
        }
        Action::Submit => {
            if plan_query(&search.input).is_none() {
                return back_from_empty_search(state);
            }
            // Keep the results: the box closes and the list stays (Esc later restores the list).
            // A search still on its way lands in the list when it arrives.
            if let ListMode::Browse = state.posts.list.mode {
                state.posts.list = ListState::results(search.input.clone(), Vec::new());
            }
            return preview(state).into_iter().collect();
        }
        Action::Input(c) => search.input.push(c),
        Action::InputBackspace => {
            search.input.pop();
        }
        Action::InputClear => search.input.clear(),
        _ => {
            state.posts.search = Some(search);
            return vec![];
        }
    }
    let effect = query_changed(state, &mut search);
    state.posts.search = Some(search);
    vec![effect]
}

/// The text in the box changed (typed, erased or pasted): ask for its results, or restore the
/// browsing list while it is too short to search.
fn query_changed(state: &mut AppState, search: &mut SearchState) -> Effect {
    match plan_query(&search.input) {
        Some((query, prefix)) => {
            let id = state.fresh_id();
            state.posts.search_pending = Some(id);
            search.hint = Some("searching…".into());
            // Newest first: ranking scores every match, and a common word matches tens of
            // thousands of posts (the CLI's `byline search` ranks).
            Effect::Job(JobEffect::Search { id, query, prefix, ranked: false })
        }
        None => {
            state.posts.search_pending = None;
            search.hint = Some("type 2 or more letters".into());
            if let Some(saved) = &state.posts.saved_list {
                state.posts.list = saved.clone();
            }
            Effect::Job(JobEffect::CancelSearch)
        }
    }
}

fn back_from_empty_search(state: &mut AppState) -> Vec<Effect> {
    state.posts.search_pending = None;
    if let Some(saved) = state.posts.saved_list.take() {
        state.posts.list = saved;
    }
    [Effect::Job(JobEffect::CancelSearch)].into_iter().chain(preview(state)).collect()
}

/// Hits for the newest search replace the list; answers to older ones are dropped.
pub fn done(state: &mut AppState, id: u64, query: String, hits: Vec<SearchHit>, read: &[PostId]) -> Vec<Effect> {
    if state.posts.search_pending != Some(id) {
        return vec![];
    }
    state.posts.search_pending = None;
    if let Some(search) = &mut state.posts.search {
        let more = if hits.len() >= SEARCH_LIMIT { "+" } else { "" };
        search.hint = Some(format!("{}{more} match{}", hits.len(), if hits.len() == 1 { "" } else { "es" }));
    }
    let rows = hits
        .into_iter()
        .map(|h| Row { read: read.contains(&h.post.id), post: h.post, snippet: Some(h.snippet) })
        .collect();
    state.posts.list = ListState::results(query, rows);
    preview(state).into_iter().collect()
}

/// Text pasted into the search box searches as if it had been typed: the same query goes out
/// as after its last keystroke (before, the box only showed it, and Enter then kept no results).
pub fn paste(state: &mut AppState, text: &str) -> Vec<Effect> {
    let Some(mut search) = state.posts.search.take() else { return vec![] };
    search.input.push_str(&byline_core::sanitize::sanitize_line(text));
    let effect = query_changed(state, &mut search);
    state.posts.search = Some(search);
    vec![effect]
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
    use super::{paste, plan_query, start};
    use crate::app::action::Action;
    use crate::app::effect::{Effect, JobEffect};
    use crate::app::state::AppState;

    #[test]
    fn a_paste_sends_the_search_the_last_keystroke_would() {
        let new = || {
            AppState::new(String::new(), 80, 24, crate::markdown::MarkdownStyles::plain(), jiff::tz::TimeZone::UTC, 0)
        };
        let mut typed = new();
        start(&mut typed);
        let mut last = vec![];
        for c in "web cache".chars() {
            last = super::act(&mut typed, Action::Input(c));
        }
        let mut pasted = new();
        start(&mut pasted);
        let effects = paste(&mut pasted, "web cache");
        let query = |e: &[Effect]| match e {
            [Effect::Job(JobEffect::Search { query, prefix, ranked, .. })] => Some((query.clone(), *prefix, *ranked)),
            _ => None,
        };
        assert_eq!(query(&effects), query(&last));
        assert_eq!(query(&effects), Some(("web cache".into(), true, false)));
        assert_eq!(
            pasted.posts.search_pending,
            effects.iter().find_map(|e| match e {
                Effect::Job(JobEffect::Search { id, .. }) => Some(*id),
                _ => None,
            }),
            "its answer is the one awaited"
        );
    }

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
