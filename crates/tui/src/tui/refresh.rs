//! The feed refresh as the runtime schedules it: one at a time, and again every interval the
//! config asks for (`[follow] refresh_minutes`) while the reader is open.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether a refresh runs, and when the last one started.
#[derive(Debug, Default)]
pub struct RefreshState {
    running: Arc<AtomicBool>,
    /// None: no interval refresh.
    pub every: Option<Duration>,
    last: Option<Instant>,
}

/// Held by a running refresh; dropping it (the work ended, or never ran) frees the slot.
#[derive(Debug)]
pub struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl RefreshState {
    /// Takes the slot for a refresh starting at `now`; None while one runs.
    pub fn start(&mut self, now: Instant) -> Option<Running> {
        if self.running.swap(true, Ordering::SeqCst) {
            return None;
        }
        self.last = Some(now);
        Some(Running(Arc::clone(&self.running)))
    }

    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    /// Refreshes every `every` (None or zero: never), the first an interval after `now`.
    pub fn set_interval(&mut self, every: Option<Duration>, now: Instant) {
        self.every = every.filter(|e| !e.is_zero());
        self.last = self.last.or(Some(now));
    }

    /// Whether the interval asks for a refresh at `now`: one interval after the last refresh
    /// began (`R` counts) or the interval was set, and none running.
    pub fn due(&self, now: Instant) -> bool {
        let (Some(every), Some(last)) = (self.every, self.last) else { return false };
        !self.is_running() && now.saturating_duration_since(last) >= every
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_refresh_at_a_time_and_the_interval_counts_from_the_last_start() {
        let opened = Instant::now();
        let minute = Duration::from_secs(60);
        let mut r = RefreshState::default();
        r.set_interval(Some(minute), opened);
        assert!(!r.due(opened + minute / 2));
        assert!(r.due(opened + minute), "one interval after opening");
        let running = r.start(opened + minute).expect("free");
        assert!(r.start(opened + minute).is_none(), "never two at once");
        assert!(!r.due(opened + 3 * minute), "not while one runs");
        drop(running);
        assert!(!r.due(opened + minute + minute / 2), "counted from the last start");
        assert!(r.due(opened + 2 * minute));
        let mut off = RefreshState::default();
        assert!(!off.due(opened + 100 * minute), "no interval, no timer");
        off.set_interval(Some(Duration::ZERO), opened);
        assert!(!off.due(opened + 100 * minute), "0 is off");
    }
}
