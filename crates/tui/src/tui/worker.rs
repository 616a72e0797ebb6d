//! The search worker: its own connection, so a slow query never blocks drawing; only the newest
//! request runs, and a stale one in flight is interrupted.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::app::Msg;
use byline_core::store::search::{SearchOrder, SearchRequest};
use byline_core::store::{Store, StoreError, search_posts};

#[derive(Debug, Clone)]
pub struct SearchJob {
    pub id: u64,
    pub query: String,
    pub prefix: bool,
    pub ranked: bool,
}

/// `None` cancels: the newest request is "no search".
type Job = Option<SearchJob>;

pub struct SearchWorker {
    jobs: Sender<Job>,
    interrupt: rusqlite::InterruptHandle,
}

impl SearchWorker {
    pub fn start(path: &Path, results: Sender<Msg>) -> Result<Self, StoreError> {
        let store = Store::open(path)?;
        let interrupt = store.interrupt_handle();
        let (jobs, rx) = channel();
        thread::Builder::new()
            .name("byline-search".into())
            .spawn(move || serve(store, rx, results))
            .map_err(|e| StoreError::Refused(format!("cannot start the search thread: {e}")))?;
        Ok(SearchWorker { jobs, interrupt })
    }

    /// Queues a search, interrupting the one in flight (its answer would be stale anyway).
    pub fn search(&self, job: SearchJob) {
        self.interrupt.interrupt();
        let _ = self.jobs.send(Some(job));
    }

    pub fn cancel(&self) {
        self.interrupt.interrupt();
        let _ = self.jobs.send(None);
    }
}

/// The newest job waiting, if any arrived.
fn newest(jobs: &Receiver<Job>) -> Option<Job> {
    let mut last = None;
    while let Ok(job) = jobs.try_recv() {
        last = Some(job);
    }
    last
}

fn request(job: &SearchJob) -> SearchRequest<'_> {
    SearchRequest {
        query: &job.query,
        prefix_last: job.prefix,
        order: if job.ranked { SearchOrder::Rank } else { SearchOrder::Newest },
        limit: crate::app::SEARCH_LIMIT,
        marks: (MARKS.0, MARKS.1),
    }
}

/// The match markers as strings (private-use characters the list pane highlights).
const MARKS: (&str, &str) = ("\u{e000}", "\u{e001}");

/// Runs one search to completion on `store` (the headless runtime's path).
pub fn run_job(store: &Store, job: &SearchJob) -> Msg {
    done(store, job, search_posts(store.conn(), &request(job), store.now()))
}

/// The answer to a search, with which hits the reader has read (the list marks unread ones).
fn done(store: &Store, job: &SearchJob, outcome: Result<Vec<byline_core::store::SearchHit>, StoreError>) -> Msg {
    let hits = match outcome {
        Ok(hits) => hits,
        Err(e) => return Msg::Error(format!("search failed: {e}")),
    };
    let ids: Vec<_> = hits.iter().map(|h| h.post.id).collect();
    match byline_core::store::read_ids(store.conn(), &ids) {
        Ok(read) => Msg::SearchDone { id: job.id, query: job.query.clone(), hits, read: read.into_iter().collect() },
        Err(e) => Msg::Error(format!("search failed: {e}")),
    }
}

fn serve(store: Store, jobs: Receiver<Job>, results: Sender<Msg>) {
    let mut next: Option<Job> = None;
    loop {
        let job = match next.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => newest(&jobs).unwrap_or(job),
                Err(_) => return,
            },
        };
        let Some(job) = job else { continue };
        let req = request(&job);
        let mut outcome = search_posts(store.conn(), &req, store.now());
        if matches!(outcome, Err(StoreError::Refused(_))) {
            // Interrupted: by a newer request (serve that), or by an interrupt meant for the
            // previous query that landed on this one (run it again).
            next = newest(&jobs);
            if next.is_some() {
                continue;
            }
            outcome = search_posts(store.conn(), &req, store.now());
        }
        if matches!(outcome, Err(StoreError::Refused(_))) {
            continue;
        }
        let msg = done(&store, &job, outcome);
        if results.send(msg).is_err() {
            return;
        }
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
