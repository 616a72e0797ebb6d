//! Search as you type in the posts view: each keystroke asks for a fresh search; the answer to
//! an older keystroke is dropped when it arrives. Answers and paging are in `results.rs`.

use byline_core::store::SearchQuery;
use byline_core::store::search::MAX_QUERY_WORDS;

use crate::app::action::Action;
use crate::app::effect::{Effect, JobEffect};
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
    posts.search = Some(SearchState { hint: Some(TYPE_HINT.into()), ..Default::default() });
}

const TYPE_HINT: &str = "type to search titles, then text";

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
/// browsing list when nothing is left to search for. The results on screen stay until the new
/// ones arrive, so the list never flashes empty between keystrokes.
fn query_changed(state: &mut AppState, search: &mut SearchState) -> Effect {
    match plan_query(&search.input) {
        Some(query) => {
            let id = state.fresh_id();
            state.posts.search_pending = Some(id);
            search.hint = Some(match query.dropped {
                0 => "searching…".into(),
                n => format!("searching the first {MAX_QUERY_WORDS} words ({n} left out)…"),
            });
            Effect::Job(JobEffect::Search { id, query: search.input.clone(), offset: 0 })
        }
        None => {
            state.posts.search_pending = None;
            search.hint = Some(TYPE_HINT.into());
            if let Some(saved) = &state.posts.saved_list {
                state.posts.list = saved.clone();
            }
            Effect::Job(JobEffect::CancelSearch)
        }
    }
}

fn back_from_empty_search(state: &mut AppState) -> Vec<Effect> {
    state.posts.search_pending = None;
    state.posts.results = None;
    if let Some(saved) = state.posts.saved_list.take() {
        state.posts.list = saved;
    }
    [Effect::Job(JobEffect::CancelSearch)].into_iter().chain(preview(state)).collect()
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

/// Hits asked for at a time; the next page is asked for as the selection nears the end. Small:
/// each hit's row and snippet cost about 0.1 ms at 100,000 posts, and 30 is more than a tall
/// terminal shows (50 put the 2- and 4-letter keystrokes over 20 ms at p95; 30 keeps all under
/// 14 ms, `cargo bench --bench search`).
pub const SEARCH_LIMIT: usize = 30;

/// What the text typed so far searches for; None when it holds no word.
///
/// Every keystroke searches, from the first letter: the word being typed is a prefix (a
/// trailing space completes it), and the store answers a short prefix from the titles'
/// prefix index first (PERFORMANCE.md, "Search as you type"). The CLI parses the same way.
pub fn plan_query(input: &str) -> Option<SearchQuery> {
    SearchQuery::parse(input)
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
            [Effect::Job(JobEffect::Search { query, offset, .. })] => Some((query.clone(), *offset)),
            _ => None,
        };
        assert_eq!(query(&effects), query(&last));
        assert_eq!(query(&effects), Some(("web cache".into(), 0)));
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
    fn every_letter_searches_and_the_word_being_typed_is_a_prefix() {
        let fts = |input: &str| plan_query(input).map(|q| q.fts());
        assert_eq!(fts("s").as_deref(), Some("\"s\"*"), "from the first letter");
        assert_eq!(fts("se").as_deref(), Some("\"se\"*"));
        assert_eq!(fts("serv ").as_deref(), Some("\"serv\""), "a space completes the word");
        assert_eq!(fts("web s").as_deref(), Some("\"web\" \"s\"*"));
        assert_eq!(fts("   "), None);
    }
}
