//! The terminal runtime's worker lanes, each a thread with its own connection, so nothing that
//! can wait on the disk or on another program's write lock runs on the thread that draws.
//!
//! - writes: every store write, queued in order (a write waiting on a lock delays other writes,
//!   never a key);
//! - jobs: imports and exports, queued, with progress and cancel;
//! - search and similar: latest wins (a keystroke cancels the search in flight);
//! - layout: a huge post's lines, latest wins (a resize stops the layout for the size before);
//! - pictures: the open article's pictures fetched and encoded, latest wins.

use std::path::Path;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use byline_core::domain::PostId;
use byline_core::jobs::{JobCtl, JobEvent, JobId, Lane, Outcome, Policy};
use byline_core::store::{ListFilter, Store};

use super::runner::ListCount;
use super::search::{SearchJob, related_msg, run_count, run_search};
use crate::app::{Msg, PickerKind};

/// How long a queued write waits for the lock: as long as any program plausibly holds it.
const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// A lane's connection, or why it could not be opened (each job then fails saying so).
type Conn = Result<Store, String>;

pub struct Lanes {
    writes: Lane<Conn>,
    jobs: Lane<Conn>,
    search: Lane<Conn>,
    /// Counts of all hits: apart from `search`, since an FTS5 prefix merge cannot be
    /// interrupted and would hold the next keystroke's page back.
    count: Lane<Conn>,
    /// The browsing list's length and unread posts: at a million posts a count takes longer
    /// than a frame, so the list's first window is drawn before it.
    tally: Lane<Conn>,
    /// The tag, author and source pickers' counts, which read every post too.
    picker: Lane<Conn>,
    related: Lane<Conn>,
    /// Needs no connection: it only turns a post's text into lines.
    layout: Lane<()>,
    /// The open article's pictures: fetched, decoded and encoded, the newest article winning.
    pictures: Lane<()>,
    tx: Sender<Msg>,
    next_id: u64,
}

/// What a job does on its lane's connection; its messages go back through the channel.
pub type Work = Box<dyn FnOnce(&mut Store, &JobCtl, &Sender<Msg>) -> Outcome + Send>;

impl Lanes {
    pub fn start(path: &Path, tx: Sender<Msg>) -> std::io::Result<Self> {
        let open = |path: &Path| {
            let path = path.to_path_buf();
            move || Store::open(&path).map_err(|e| e.to_string())
        };
        // Writes and jobs report to the app (it shows what waits and what runs); searches and
        // similar posts answer with their own messages and are too brief to list.
        let report = |tx: &Sender<Msg>| {
            let tx = Mutex::new(tx.clone());
            move |event: JobEvent| {
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send(Msg::Job(event));
                }
            }
        };
        // A queued write waits for another program's lock as long as it is held rather than fail
        // after the usual 10 s: the person's change is not dropped, the status bar says it waits,
        // and keys are answered meanwhile (this lane is not the drawing thread).
        let patient = {
            let open = open(path);
            move || {
                let store = open()?;
                store.set_busy_timeout(WRITE_WAIT).map_err(|e| e.to_string())?;
                Ok(store)
            }
        };
        Ok(Lanes {
            writes: Lane::start("writes", Policy::Queued, patient, report(&tx))?,
            jobs: Lane::start("jobs", Policy::Queued, open(path), report(&tx))?,
            search: Lane::start("search", Policy::LatestWins, open(path), |_| {})?,
            count: Lane::start("count", Policy::LatestWins, open(path), |_| {})?,
            tally: Lane::start("list count", Policy::LatestWins, open(path), |_| {})?,
            picker: Lane::start("picker", Policy::LatestWins, open(path), |_| {})?,
            related: Lane::start("similar", Policy::LatestWins, open(path), |_| {})?,
            layout: Lane::start("layout", Policy::LatestWins, crate::app::article::background_priority, |_| {})?,
            pictures: Lane::start("pictures", Policy::LatestWins, crate::app::article::background_priority, |_| {})?,
            tx,
            next_id: 0,
        })
    }

    fn id(&mut self) -> JobId {
        self.next_id += 1;
        JobId(self.next_id)
    }

    /// Queues a store write; its answer (if any) comes back as a message. `wait` bounds how long
    /// it waits for another program's lock (the lane's own wait is as long as it takes).
    pub fn write(
        &mut self,
        title: &str,
        wait: Option<std::time::Duration>,
        write: impl FnOnce(&mut Store) -> Option<Msg> + Send + 'static,
    ) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.writes.submit(id, title, move |conn: &mut Conn, _ctl: &JobCtl| match conn {
            Ok(store) => {
                let bounded = wait.is_some_and(|w| store.set_busy_timeout(w).is_ok());
                let msg = write(store);
                if bounded {
                    let _ = store.set_busy_timeout(WRITE_WAIT);
                }
                if let Some(msg) = msg {
                    let _ = tx.send(msg);
                }
                Outcome::Done(String::new())
            }
            Err(why) => {
                let _ = tx.send(Msg::Error(format!("cannot write: {why}")));
                Outcome::Failed(why.clone())
            }
        });
    }

    /// Queues a job (import, export); returns its id, which the app can cancel.
    pub fn job(&mut self, title: &str, work: Work) -> JobId {
        let (id, tx) = (self.id(), self.tx.clone());
        self.jobs.submit(id, title, move |conn: &mut Conn, ctl: &JobCtl| match conn {
            Ok(store) => work(store, ctl, &tx),
            Err(why) => Outcome::Failed(why.clone()),
        });
        id
    }

    pub fn cancel(&self, id: JobId) {
        self.jobs.cancel(id);
    }

    pub fn search(&mut self, job: SearchJob) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.search.submit(id, "search", move |conn: &mut Conn, ctl: &JobCtl| {
            let Ok(store) = conn else { return Outcome::Failed("no connection".into()) };
            match run_search(store, &job, ctl) {
                Some(msg) => {
                    let _ = tx.send(msg);
                    Outcome::Done(String::new())
                }
                None => Outcome::Cancelled,
            }
        });
    }

    pub fn count(&mut self, search: u64, query: String) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.count.submit(id, "count", move |conn: &mut Conn, ctl: &JobCtl| {
            let Ok(store) = conn else { return Outcome::Failed("no connection".into()) };
            match run_count(store, search, &query, ctl) {
                Some(msg) => {
                    let _ = tx.send(msg);
                    Outcome::Done(String::new())
                }
                None => Outcome::Cancelled,
            }
        });
    }

    /// No search is wanted any more: stop the one in flight.
    pub fn cancel_search(&mut self) {
        let id = self.id();
        self.search.submit(id, "no search", |_: &mut Conn, _: &JobCtl| Outcome::Cancelled);
        let id = self.id();
        self.count.submit(id, "no count", |_: &mut Conn, _: &JobCtl| Outcome::Cancelled);
    }

    /// Counts the browsing list of `generation`; the answer goes into `cache` (for the windows
    /// that follow) and to the app as `Msg::Counted`.
    pub fn tally(&mut self, generation: u64, filter: ListFilter, cache: Arc<Mutex<Option<ListCount>>>) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.tally.submit(id, "list count", move |conn: &mut Conn, _: &JobCtl| {
            let Ok(store) = conn else { return Outcome::Failed("no connection".into()) };
            match super::runner::count_list(store, generation, &filter) {
                Ok(count) => {
                    if let Ok(mut c) = cache.lock() {
                        *c = Some(count);
                    }
                    let _ = tx.send(Msg::Counted { generation, total: count.total, unread: count.unread });
                    Outcome::Done(String::new())
                }
                Err(e) => {
                    let _ = tx.send(Msg::Error(e.to_string()));
                    Outcome::Failed(e.to_string())
                }
            }
        });
    }

    /// Counts a picker's rows; the answer comes as its message (the picker shows "loading" till then).
    pub fn picker(&mut self, kind: PickerKind, filter: ListFilter) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.picker.submit(id, "picker", move |conn: &mut Conn, _: &JobCtl| {
            let Ok(store) = conn else { return Outcome::Failed("no connection".into()) };
            let msg = super::runner::picker_msg(store, kind, &filter).unwrap_or_else(|e| Msg::Error(e.to_string()));
            let _ = tx.send(msg);
            Outcome::Done(String::new())
        });
    }

    pub fn related(&mut self, post: PostId) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.related.submit(id, "similar posts", move |conn: &mut Conn, _: &JobCtl| {
            let Ok(store) = conn else { return Outcome::Failed("no connection".into()) };
            let _ = tx.send(related_msg(store, post));
            Outcome::Done(String::new())
        });
    }

    /// Lays a huge post out; a newer layout stops this one wherever it has got to.
    pub fn lay_out(&mut self, job: crate::app::article::LayoutJob) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.layout.submit(id, "layout", move |_: &mut (), ctl: &JobCtl| match job.run(&|| ctl.is_cancelled()) {
            Some(msg) => {
                let _ = tx.send(msg);
                Outcome::Done(String::new())
            }
            None => Outcome::Cancelled,
        });
    }

    /// Fetches and encodes an article's pictures; a newer article stops this between pictures.
    pub fn pictures(
        &mut self,
        job: crate::app::views::posts::pictures::PictureJob,
        base: Option<String>,
        painter: super::pictures::Painter,
    ) {
        let (id, tx) = (self.id(), self.tx.clone());
        self.pictures.submit(id, "pictures", move |_: &mut (), ctl: &JobCtl| {
            let mut send = |msg| {
                let _ = tx.send(msg);
            };
            match painter.run(&job, base.as_deref(), &|| ctl.is_cancelled(), &mut send) {
                true => Outcome::Done(String::new()),
                false => Outcome::Cancelled,
            }
        });
    }

    /// Waits up to `limit` for queued writes to finish (on quit: the autosave must land).
    pub fn flush_writes(&self, limit: std::time::Duration) -> bool {
        let start = std::time::Instant::now();
        while self.writes.busy() {
            if start.elapsed() >= limit {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        true
    }
}
