//! What a running job holds: its progress, reported at a bounded rate, and its cancel token.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How far a job has got: `done` of `total` (when known), and what it is doing now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: Option<u64>,
    pub note: String,
}

impl Progress {
    /// "1,200/50,000" or "1,200" when the total is unknown.
    pub fn count(&self) -> String {
        match self.total {
            Some(total) => format!("{}/{}", crate::text::thousands(self.done), crate::text::thousands(total)),
            None => crate::text::thousands(self.done),
        }
    }
}

/// The job was cancelled; the work that returns it has changed nothing it had not committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

type Hook = Box<dyn Fn() + Send + Sync>;

/// Shared between whoever may cancel a job and the job itself. Cancelling also runs the hooks
/// the job registered, so a long SQL statement can be interrupted rather than waited for.
#[derive(Clone, Default)]
pub struct CancelToken {
    flag: Arc<AtomicBool>,
    hooks: Arc<Mutex<Vec<Hook>>>,
}

impl std::fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelToken").field("cancelled", &self.is_cancelled()).finish()
    }
}

impl CancelToken {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        if let Ok(hooks) = self.hooks.lock() {
            for hook in hooks.iter() {
                hook();
            }
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Runs `hook` when the token is cancelled (at once if it already is).
    pub fn on_cancel(&self, hook: impl Fn() + Send + Sync + 'static) {
        if self.is_cancelled() {
            hook();
        }
        if let Ok(mut hooks) = self.hooks.lock() {
            hooks.push(Box::new(hook));
        }
    }

    /// Forgets the hooks, e.g. when the connection they interrupt is about to serve another job.
    pub fn clear_hooks(&self) {
        if let Ok(mut hooks) = self.hooks.lock() {
            hooks.clear();
        }
    }
}

type Reporter = Arc<dyn Fn(&Progress) + Send + Sync>;

/// Handed to the work of a job: it advances the progress and checks for cancellation.
pub struct JobCtl {
    cancel: CancelToken,
    reporter: Option<Reporter>,
    state: Mutex<(Progress, Option<Instant>)>,
}

/// Progress is reported at most this often, so a tight loop does not flood a channel or a bar.
const REPORT_EVERY: Duration = Duration::from_millis(50);

impl JobCtl {
    pub fn new(cancel: CancelToken, reporter: Option<Reporter>) -> Self {
        JobCtl { cancel, reporter, state: Mutex::new((Progress::default(), None)) }
    }

    /// A control nobody watches or cancels: for work run where progress does not matter.
    pub fn detached() -> Self {
        Self::new(CancelToken::default(), None)
    }

    /// A control that reports every change through `report`.
    pub fn reporting(report: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        Self::new(CancelToken::default(), Some(Arc::new(report)))
    }

    pub fn token(&self) -> &CancelToken {
        &self.cancel
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// `Err(Cancelled)` once the job was cancelled: work calls this between steps and returns.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }

    pub fn set_total(&self, total: u64) {
        self.change(true, |p| p.total = Some(total));
    }

    pub fn note(&self, note: impl Into<String>) {
        let note = note.into();
        self.change(true, |p| p.note = note);
    }

    pub fn advance(&self, by: u64) {
        self.change(false, |p| p.done += by);
    }

    /// The progress so far.
    pub fn progress(&self) -> Progress {
        self.state.lock().map(|s| s.0.clone()).unwrap_or_default()
    }

    /// Applies a change and reports it: always when `force`, else at most every REPORT_EVERY and
    /// when the job reaches its total.
    fn change(&self, force: bool, f: impl FnOnce(&mut Progress)) {
        let Ok(mut state) = self.state.lock() else { return };
        f(&mut state.0);
        let Some(report) = &self.reporter else { return };
        let now = Instant::now();
        let finished = state.0.total.is_some_and(|t| state.0.done >= t);
        let due = state.1.is_none_or(|last| now.duration_since(last) >= REPORT_EVERY);
        if force || finished || due {
            state.1 = Some(now);
            let snapshot = state.0.clone();
            drop(state);
            report(&snapshot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelling_runs_hooks_and_check_says_so() {
        let token = CancelToken::default();
        let hit = Arc::new(AtomicBool::new(false));
        let seen = hit.clone();
        token.on_cancel(move || seen.store(true, Ordering::SeqCst));
        let ctl = JobCtl::new(token.clone(), None);
        assert_eq!(ctl.check(), Ok(()));
        token.cancel();
        assert!(hit.load(Ordering::SeqCst), "the hook interrupts the work");
        assert_eq!(ctl.check(), Err(Cancelled));
    }

    #[test]
    fn progress_reports_are_throttled_but_the_end_is_always_reported() {
        let reports = Arc::new(Mutex::new(Vec::new()));
        let sink = reports.clone();
        let ctl = JobCtl::reporting(move |p| sink.lock().unwrap().push(p.clone()));
        ctl.set_total(10_000);
        for _ in 0..10_000 {
            ctl.advance(1);
        }
        let reports = reports.lock().unwrap();
        assert!(reports.len() < 100, "{} reports for 10,000 steps", reports.len());
        assert_eq!(reports.last().map(|p| p.done), Some(10_000), "the last report is the end");
        assert_eq!(ctl.progress().count(), "10,000/10,000");
    }
}
