//! The search worker: its own connection, so a slow query never blocks drawing; only the newest
//! request runs, and a stale one in flight is interrupted.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::app::Msg;
use crate::store::search::{SearchOrder, SearchRequest};
use crate::store::{Store, StoreError, search_posts};
use crate::ui::list::{MATCH_END, MATCH_START};

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

fn serve(store: Store, jobs: Receiver<Job>, results: Sender<Msg>) {
    let mut marks = ([0u8; 4], [0u8; 4]);
    let (open, close) = (&*MATCH_START.encode_utf8(&mut marks.0), &*MATCH_END.encode_utf8(&mut marks.1));
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
        let req = SearchRequest {
            query: &job.query,
            prefix_last: job.prefix,
            order: if job.ranked { SearchOrder::Rank } else { SearchOrder::Newest },
            limit: if job.ranked { 200 } else { 100 },
            marks: (open, close),
        };
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
        let msg = match outcome {
            Ok(hits) => Msg::SearchDone { id: job.id, query: job.query.clone(), hits },
            Err(StoreError::Refused(_)) => continue,
            Err(e) => Msg::Error(format!("search failed: {e}")),
        };
        if results.send(msg).is_err() {
            return;
        }
    }
}
