//! Rate limits for sign-ups: a count per key (an IP address, an email address) in a window of
//! time, kept in memory; a count that reaches its limit refuses until the window ends.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limits `byline serve` applies, from the config's `[signup]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_ip: u32,
    pub per_address: u32,
    /// The window both counts run over.
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_ip: 30, per_address: 5, window: Duration::from_secs(3600) }
    }
}

/// So a flood of distinct keys cannot grow the table without end: past this many, the
/// windows that ended are dropped, and if none has, the table starts afresh.
const MAX_KEYS: usize = 100_000;

/// Counts per key in fixed windows.
#[derive(Debug)]
pub struct RateLimiter {
    max: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter { max, window, counts: Mutex::new(HashMap::new()) }
    }

    /// Counts one request for `key`; false when the key has used up its window. A limit of 0
    /// is no limit (a load test, or a proxy in front that limits already): nothing is counted.
    pub fn allow(&self, key: &str) -> bool {
        if self.max == 0 {
            return true;
        }
        let now = Instant::now();
        // A poisoned lock only means another worker panicked mid-count: the counts are still usable.
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= MAX_KEYS && !counts.contains_key(key) {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
            if counts.len() >= MAX_KEYS {
                counts.clear();
            }
        }
        let entry = counts.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_count_and_the_window_resets_it() {
        let limiter = RateLimiter::new(2, Duration::from_secs(3600));
        assert!(limiter.allow("a") && limiter.allow("a"));
        assert!(!limiter.allow("a"));
        assert!(limiter.allow("b"));
        let fresh = RateLimiter::new(1, Duration::ZERO);
        assert!(fresh.allow("a") && fresh.allow("a"), "a window of zero never limits past its own request");
        let off = RateLimiter::new(0, Duration::from_secs(3600));
        assert!((0..1000).all(|_| off.allow("a")), "0 is no limit");
        assert!(off.counts.lock().unwrap().is_empty(), "and counts nothing");
    }
}
