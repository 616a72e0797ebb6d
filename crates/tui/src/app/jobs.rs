//! What the app knows of background jobs: the ones running (with progress) and the last few
//! that ended, for the status bar and the jobs overlay; and how long writes have waited.

use std::collections::VecDeque;

use byline_core::jobs::{JobEvent, JobId, Outcome, Progress};

/// One job as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobView {
    pub id: JobId,
    pub title: String,
    pub progress: Progress,
    /// None while it runs.
    pub outcome: Option<Outcome>,
    /// When it started (seconds): a write still waiting a second later is shown as waiting.
    pub started_at: i64,
}

/// Running and recently ended jobs. Writes are jobs too (they run on their own lane), listed
/// apart: they are brief, and only worth a word when one waits on another program's lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobsState {
    pub running: Vec<JobView>,
    pub recent: VecDeque<JobView>,
    /// Writes started and not yet finished.
    pub writes: Vec<JobView>,
    /// The selected row of the jobs overlay (running first, then recent).
    pub selected: usize,
}

/// How many ended jobs the overlay keeps.
const RECENT: usize = 20;

/// The title the runtime gives its writes (the writes lane's jobs).
pub const WRITE_TITLE: &str = "saving";

impl JobsState {
    pub fn on_event(&mut self, event: JobEvent, now: i64) {
        match event {
            JobEvent::Started { id, title } => {
                let view = JobView { id, title, progress: Progress::default(), outcome: None, started_at: now };
                if view.title == WRITE_TITLE { self.writes.push(view) } else { self.running.push(view) }
            }
            JobEvent::Progress { id, progress } => {
                if let Some(job) = self.running.iter_mut().find(|j| j.id == id) {
                    job.progress = progress;
                }
            }
            JobEvent::Finished { id, outcome } => {
                self.writes.retain(|j| j.id != id);
                if let Some(at) = self.running.iter().position(|j| j.id == id) {
                    let mut job = self.running.remove(at);
                    job.outcome = Some(outcome);
                    self.recent.push_front(job);
                    self.recent.truncate(RECENT);
                }
            }
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
    }

    /// Rows of the overlay: running jobs, then ended ones.
    pub fn rows(&self) -> impl Iterator<Item = &JobView> {
        self.running.iter().chain(self.recent.iter())
    }

    pub fn len(&self) -> usize {
        self.running.len() + self.recent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The oldest write still waiting at `now`, if it has waited a second or more: the store is
    /// held by another program and the person should know why nothing is saved yet.
    pub fn waiting_write(&self, now: i64) -> Option<i64> {
        self.writes.iter().map(|w| now - w.started_at).filter(|waited| *waited >= 1).max()
    }

    /// The status bar's word on running jobs: "importing subscribers 1,200/50,000".
    pub fn summary(&self) -> Option<String> {
        let job = self.running.first()?;
        let more = if self.running.len() > 1 { format!(" (+{} more)", self.running.len() - 1) } else { String::new() };
        let count = if job.progress.done > 0 || job.progress.total.is_some() {
            format!(" {}", job.progress.count())
        } else {
            String::new()
        };
        Some(format!("{}{count}{more}", job.title))
    }
}

/// "importing x" as "Importing x", for a message that starts a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_move_from_running_to_recent_and_writes_are_kept_apart() {
        let mut jobs = JobsState::default();
        jobs.on_event(JobEvent::Started { id: JobId(1), title: "importing subscribers".into() }, 100);
        jobs.on_event(JobEvent::Started { id: JobId(2), title: WRITE_TITLE.into() }, 100);
        jobs.on_event(
            JobEvent::Progress {
                id: JobId(1),
                progress: Progress { done: 1200, total: Some(50_000), note: String::new() },
            },
            100,
        );
        assert_eq!(jobs.summary().as_deref(), Some("importing subscribers 1,200/50,000"));
        assert_eq!(jobs.waiting_write(100), None, "a write is not waiting at once");
        assert_eq!(jobs.waiting_write(103), Some(3));
        jobs.on_event(JobEvent::Finished { id: JobId(2), outcome: Outcome::Done(String::new()) }, 103);
        jobs.on_event(JobEvent::Finished { id: JobId(1), outcome: Outcome::Cancelled }, 104);
        assert_eq!(jobs.waiting_write(104), None);
        assert_eq!(jobs.summary(), None);
        assert_eq!(jobs.recent.front().and_then(|j| j.outcome.clone()), Some(Outcome::Cancelled));
        assert_eq!(jobs.len(), 1, "writes are not listed as jobs");
    }
}
