//! Searches and similar posts, the two latest-wins jobs: what they run on a connection, and the
//! message each answers with.

use crate::app::{Msg, SEARCH_LIMIT};
use byline_core::domain::PostId;
use byline_core::jobs::JobCtl;
use byline_core::store::search::{SearchOrder, SearchRequest};
use byline_core::store::{SearchHit, Store, StoreError, read_ids, related_posts, search_posts};

/// How many similar posts an article shows.
pub const RELATED: usize = 3;

/// The match markers as strings (private-use characters the list pane highlights).
const MARKS: (&str, &str) = ("\u{e000}", "\u{e001}");

#[derive(Debug, Clone)]
pub struct SearchJob {
    pub id: u64,
    pub query: String,
    pub prefix: bool,
    pub ranked: bool,
}

fn request(job: &SearchJob) -> SearchRequest<'_> {
    SearchRequest {
        query: &job.query,
        prefix_last: job.prefix,
        order: if job.ranked { SearchOrder::Rank } else { SearchOrder::Newest },
        limit: SEARCH_LIMIT,
        marks: (MARKS.0, MARKS.1),
    }
}

fn interrupted(outcome: &Result<Vec<SearchHit>, StoreError>) -> bool {
    matches!(outcome, Err(StoreError::SearchInterrupted))
}

/// Runs a search; None when it was cancelled (a newer keystroke replaced it). A cancelled job
/// interrupts its SQL through the token's hook rather than waiting for it.
pub fn run_search(store: &Store, job: &SearchJob, ctl: &JobCtl) -> Option<Msg> {
    let handle = store.interrupt_handle();
    ctl.token().on_cancel(move || handle.interrupt());
    let mut outcome = search_posts(store.conn(), &request(job), store.now());
    if interrupted(&outcome) && !ctl.is_cancelled() {
        // An interrupt meant for the query before this one landed on it: run it again.
        outcome = search_posts(store.conn(), &request(job), store.now());
    }
    if ctl.is_cancelled() || interrupted(&outcome) {
        return None;
    }
    Some(answer(store, job, outcome))
}

/// The answer to a search, with which hits the reader has read (the list marks unread ones).
fn answer(store: &Store, job: &SearchJob, outcome: Result<Vec<SearchHit>, StoreError>) -> Msg {
    let hits = match outcome {
        Ok(hits) => hits,
        Err(e) => return Msg::Error(format!("search failed: {e}")),
    };
    let ids: Vec<_> = hits.iter().map(|h| h.post.id).collect();
    match read_ids(store.conn(), &ids) {
        Ok(read) => Msg::SearchDone { id: job.id, query: job.query.clone(), hits, read: read.into_iter().collect() },
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
