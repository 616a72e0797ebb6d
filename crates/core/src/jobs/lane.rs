//! A lane: one worker thread with a context of its own (usually a database connection) that
//! runs jobs under one policy, and tells a watcher when each starts, progresses and ends.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use super::control::{CancelToken, JobCtl, Progress};
use super::{JobId, Outcome};

/// What a lane does with a job submitted while another is waiting or running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Only the newest matters (search as you type, similar posts): a new job cancels the
    /// running one and replaces any waiting one, which never starts.
    LatestWins,
    /// Each job runs in turn (import, export, send, refresh, writes).
    Queued,
}

/// What a lane reports about its jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEvent {
    Started { id: JobId, title: String },
    Progress { id: JobId, progress: Progress },
    Finished { id: JobId, outcome: Outcome },
}

type Work<C> = Box<dyn FnOnce(&mut C, &JobCtl) -> Outcome + Send>;

struct Pending<C> {
    id: JobId,
    title: String,
    token: CancelToken,
    work: Work<C>,
}

struct Shared<C> {
    queue: VecDeque<Pending<C>>,
    running: Option<(JobId, CancelToken)>,
    closed: bool,
}

type Watcher = Arc<dyn Fn(JobEvent) + Send + Sync>;

/// A worker thread running jobs over a context `C` that it alone owns.
pub struct Lane<C> {
    policy: Policy,
    shared: Arc<(Mutex<Shared<C>>, Condvar)>,
    watcher: Watcher,
}

impl<C: 'static> Lane<C> {
    /// Starts the thread; `context` runs on it first (so a connection is opened off the caller's
    /// thread). Events go to `watch` from the lane's thread.
    pub fn start(
        name: &str,
        policy: Policy,
        context: impl FnOnce() -> C + Send + 'static,
        watch: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let shared =
            Arc::new((Mutex::new(Shared { queue: VecDeque::new(), running: None, closed: false }), Condvar::new()));
        let watcher: Watcher = Arc::new(watch);
        let (inner, events) = (shared.clone(), watcher.clone());
        thread::Builder::new().name(format!("byline-{name}")).spawn(move || {
            let mut ctx = context();
            while let Some(job) = next(&inner) {
                run_one(&mut ctx, job, &events, &inner);
            }
        })?;
        Ok(Lane { policy, shared, watcher })
    }

    /// Submits a job; returns its cancel token. Under `LatestWins` this cancels the job running
    /// and drops the waiting ones (each reported as cancelled).
    pub fn submit(
        &self,
        id: JobId,
        title: impl Into<String>,
        work: impl FnOnce(&mut C, &JobCtl) -> Outcome + Send + 'static,
    ) -> CancelToken {
        let token = CancelToken::default();
        let job = Pending { id, title: title.into(), token: token.clone(), work: Box::new(work) };
        let (lock, ready) = &*self.shared;
        let dropped = match lock.lock() {
            Ok(mut shared) => {
                let dropped: Vec<JobId> = if self.policy == Policy::LatestWins {
                    if let Some((_, running)) = &shared.running {
                        running.cancel();
                    }
                    shared.queue.drain(..).map(|p| p.id).collect()
                } else {
                    Vec::new()
                };
                shared.queue.push_back(job);
                dropped
            }
            Err(_) => Vec::new(),
        };
        ready.notify_one();
        for id in dropped {
            (self.watcher)(JobEvent::Finished { id, outcome: Outcome::Cancelled });
        }
        token
    }

    /// Cancels one job, running or waiting. A waiting job is dropped without starting.
    pub fn cancel(&self, id: JobId) {
        let (lock, _) = &*self.shared;
        let Ok(mut shared) = lock.lock() else { return };
        if let Some((running, token)) = &shared.running {
            if *running == id {
                token.cancel();
                return;
            }
        }
        let before = shared.queue.len();
        shared.queue.retain(|p| p.id != id);
        if shared.queue.len() != before {
            drop(shared);
            (self.watcher)(JobEvent::Finished { id, outcome: Outcome::Cancelled });
        }
    }

    /// Whether a job is running or waiting.
    pub fn busy(&self) -> bool {
        let (lock, _) = &*self.shared;
        lock.lock().map(|s| s.running.is_some() || !s.queue.is_empty()).unwrap_or(false)
    }
}

impl<C> Drop for Lane<C> {
    /// The thread ends after the job it is running; waiting jobs are dropped unrun.
    fn drop(&mut self) {
        let (lock, ready) = &*self.shared;
        if let Ok(mut shared) = lock.lock() {
            shared.closed = true;
            shared.queue.clear();
        }
        ready.notify_all();
    }
}

/// Waits for the next job; None once the lane is closed.
fn next<C>(shared: &(Mutex<Shared<C>>, Condvar)) -> Option<Pending<C>> {
    let (lock, ready) = shared;
    let mut guard = lock.lock().ok()?;
    loop {
        if guard.closed {
            return None;
        }
        if let Some(job) = guard.queue.pop_front() {
            guard.running = Some((job.id, job.token.clone()));
            return Some(job);
        }
        guard = ready.wait(guard).ok()?;
    }
}

fn run_one<C>(ctx: &mut C, job: Pending<C>, events: &Watcher, shared: &(Mutex<Shared<C>>, Condvar)) {
    let Pending { id, title, token, work } = job;
    let outcome = if token.is_cancelled() {
        Outcome::Cancelled
    } else {
        events(JobEvent::Started { id, title });
        let watcher = events.clone();
        let ctl = JobCtl::new(
            token.clone(),
            Some(Arc::new(move |p: &Progress| watcher(JobEvent::Progress { id, progress: p.clone() }))),
        );
        // A panic in one job must not take the lane (and every later job) with it.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(ctx, &ctl))) {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Failed("the job stopped on an internal error".into()),
        }
    };
    token.clear_hooks();
    if let Ok(mut guard) = shared.0.lock() {
        guard.running = None;
    }
    events(JobEvent::Finished { id, outcome });
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use super::*;

    fn finished(rx: &std::sync::mpsc::Receiver<JobEvent>, n: usize) -> Vec<(JobId, Outcome)> {
        let mut out = Vec::new();
        while out.len() < n {
            if let JobEvent::Finished { id, outcome } = rx.recv_timeout(Duration::from_secs(5)).unwrap() {
                out.push((id, outcome));
            }
        }
        out.sort_by_key(|(id, _)| *id);
        out
    }

    #[test]
    fn queued_jobs_run_in_turn_each_to_its_end() {
        let (tx, rx) = channel();
        let tx = Mutex::new(tx);
        let lane = Lane::start("test", Policy::Queued, Vec::new, move |e| tx.lock().unwrap().send(e).unwrap()).unwrap();
        for i in 1..=3 {
            lane.submit(JobId(i), format!("job {i}"), move |seen: &mut Vec<u64>, _| {
                seen.push(i);
                Outcome::Done(format!("{seen:?}"))
            });
        }
        let done = finished(&rx, 3);
        assert_eq!(done[2], (JobId(3), Outcome::Done("[1, 2, 3]".into())), "one context, in order");
    }

    #[test]
    fn the_latest_job_cancels_the_running_one_and_replaces_the_waiting_one() {
        let (tx, rx) = channel();
        let tx = Mutex::new(tx);
        let lane =
            Lane::start("test", Policy::LatestWins, || (), move |e| tx.lock().unwrap().send(e).unwrap()).unwrap();
        let (started_tx, started_rx) = channel();
        lane.submit(JobId(1), "slow", move |_, ctl| {
            started_tx.send(()).unwrap();
            while ctl.check().is_ok() {
                thread::sleep(Duration::from_millis(1));
            }
            Outcome::Cancelled
        });
        started_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        // Job 2 waits behind job 1 until job 3 replaces it.
        lane.submit(JobId(2), "stale", |_, _| Outcome::Done("stale ran".into()));
        lane.submit(JobId(3), "newest", |_, _| Outcome::Done("newest".into()));
        let done = finished(&rx, 3);
        assert_eq!(
            done,
            vec![
                (JobId(1), Outcome::Cancelled),
                (JobId(2), Outcome::Cancelled),
                (JobId(3), Outcome::Done("newest".into()))
            ]
        );
    }

    #[test]
    fn a_waiting_job_can_be_cancelled_and_a_panic_is_a_failure() {
        let (tx, rx) = channel();
        let tx = Mutex::new(tx);
        let lane = Lane::start("test", Policy::Queued, || (), move |e| tx.lock().unwrap().send(e).unwrap()).unwrap();
        let (go_tx, go_rx) = channel::<()>();
        lane.submit(JobId(1), "blocked", move |_, _| {
            go_rx.recv_timeout(Duration::from_secs(5)).ok();
            panic!("boom")
        });
        lane.submit(JobId(2), "waiting", |_, _| Outcome::Done("ran".into()));
        lane.cancel(JobId(2));
        go_tx.send(()).unwrap();
        let done = finished(&rx, 2);
        assert_eq!(done[0].0, JobId(1));
        assert!(matches!(done[0].1, Outcome::Failed(_)));
        assert_eq!(done[1], (JobId(2), Outcome::Cancelled));
        assert!(!lane.busy());
    }
}
