//! Searches and similar posts, the two latest-wins jobs: what they run on a connection, and the
//! message each answers with.

use crate::app::{Msg, SEARCH_LIMIT, SearchAnswer, Total};
use byline_core::domain::PostId;
use byline_core::jobs::JobCtl;
use byline_core::store::{
    SearchPage, SearchQuery, SearchRequest, Store, StoreError, read_ids, related_posts, search_count, search_page,
};

/// How many similar posts an article shows.
pub const RELATED: usize = 3;

/// The match markers as strings (private-use characters the list pane highlights).
const MARKS: (&str, &str) = ("\u{e000}", "\u{e001}");

#[derive(Debug, Clone)]
pub struct SearchJob {
    pub id: u64,
    /// The text as typed (a trailing space completes the last word).
    pub query: String,
    /// Hits already on screen: 0 for a new query, more for the next page.
    pub offset: usize,
}

fn interrupted<T>(outcome: &Result<T, StoreError>) -> bool {
    matches!(outcome, Err(StoreError::SearchInterrupted))
}

/// Runs `op`, again if an interrupt meant for the query before landed on it. None when this
/// job was cancelled (a newer keystroke replaced it): its SQL is interrupted through the
/// token's hook rather than waited for.
fn attempt<T>(ctl: &JobCtl, op: impl Fn() -> Result<T, StoreError>) -> Option<Result<T, StoreError>> {
    let mut outcome = op();
    if interrupted(&outcome) && !ctl.is_cancelled() {
        outcome = op();
    }
    (!ctl.is_cancelled() && !interrupted(&outcome)).then_some(outcome)
}

/// Runs a search: the page of hits, as the message `update` expects. None when it was
/// cancelled (a newer keystroke replaced it).
pub fn run_search(store: &Store, job: &SearchJob, ctl: &JobCtl) -> Option<Msg> {
    let handle = store.interrupt_handle();
    ctl.token().on_cancel(move || handle.interrupt());
    let Some(query) = SearchQuery::parse(&job.query) else {
        return Some(answer(
            store,
            job,
            Ok(SearchPage { hits: vec![], more: false, total: Some(0), title_matches: 0 }),
        ));
    };
    let req = SearchRequest { query: &query, offset: job.offset, limit: SEARCH_LIMIT, marks: (MARKS.0, MARKS.1) };
    let page = attempt(ctl, || search_page(store.conn(), &req, store.now()))?;
    Some(answer(store, job, page))
}

/// Counts all hits of search `id` (the app asks after its first page, unless the page told).
pub fn run_count(store: &Store, id: u64, query: &str, ctl: &JobCtl) -> Option<Msg> {
    let handle = store.interrupt_handle();
    ctl.token().on_cancel(move || handle.interrupt());
    let query = SearchQuery::parse(query)?;
    match attempt(ctl, || search_count(store.conn(), &query))? {
        Ok(total) => Some(Msg::SearchCount { id, total }),
        Err(e) => Some(Msg::Error(format!("search failed: {e}"))),
    }
}

/// The answer to a search, with which hits the reader has read (the list marks unread ones).
fn answer(store: &Store, job: &SearchJob, outcome: Result<SearchPage, StoreError>) -> Msg {
    let page = match outcome {
        Ok(page) => page,
        Err(e) => return Msg::Error(format!("search failed: {e}")),
    };
    let ids: Vec<_> = page.hits.iter().map(|h| h.post.id).collect();
    match read_ids(store.conn(), &ids) {
        Ok(read) => {
            let shown = job.offset + page.hits.len() + usize::from(page.more);
            Msg::SearchDone(SearchAnswer {
                id: job.id,
                query: job.query.clone(),
                offset: job.offset,
                total: page.total.map_or(Total::AtLeast(page.title_matches.max(shown)), Total::Exact),
                more: page.more,
                hits: page.hits,
                read: read.into_iter().collect(),
            })
        }
        Err(e) => Msg::Error(format!("search failed: {e}")),
    }
}

/// The similar posts of `id`, as the message `update` expects.
pub fn related_msg(store: &Store, id: PostId) -> Msg {
    match related_posts(store.conn(), id, RELATED, store.now()) {
        Ok(related) => Msg::Related { id, related },
        // A post deleted meanwhile has no similar posts to show; anything else is worth saying.
        Err(StoreError::PostNotFound(_)) => Msg::Related { id, related: Vec::new() },
        Err(e) => Msg::Error(format!("similar posts: {e}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_are_the_list_panes_highlight_characters() {
        assert_eq!(super::MARKS.0.chars().next(), Some(crate::ui::list::MATCH_START));
        assert_eq!(super::MARKS.1.chars().next(), Some(crate::ui::list::MATCH_END));
    }
}
