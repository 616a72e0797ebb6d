//! The configured sending speed: messages per second (smoothed), and the hourly and daily caps
//! of providers, counted from what the store says was sent.

use std::time::{Duration, Instant};

use crate::settings::Limits;

/// What the limits allow now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    /// This many may go at once.
    Go(usize),
    /// None yet: the per-second rate asks to wait this long.
    Wait(Duration),
    /// The hourly or daily cap is used up: the run stops, a later run continues.
    Capped(&'static str),
}

#[derive(Debug)]
pub struct Rate {
    per_second: u32,
    started: Instant,
    taken: u64,
    hour_left: Option<u64>,
    day_left: Option<u64>,
}

impl Rate {
    /// `sent_hour` and `sent_day`: messages already accepted in the last hour and day.
    pub fn new(limits: Limits, sent_hour: u64, sent_day: u64) -> Rate {
        let left = |cap: u32, used: u64| (cap > 0).then(|| u64::from(cap).saturating_sub(used));
        Rate {
            per_second: limits.per_second,
            started: Instant::now(),
            taken: 0,
            hour_left: left(limits.per_hour, sent_hour),
            day_left: left(limits.per_day, sent_day),
        }
    }

    /// Up to `want` messages, as the limits allow; what is granted counts as taken.
    pub fn take(&mut self, want: usize) -> Allowance {
        let mut n = want as u64;
        for (left, name) in [(self.hour_left, "the hourly cap (per_hour)"), (self.day_left, "the daily cap (per_day)")]
        {
            match left {
                Some(0) => return Allowance::Capped(name),
                Some(l) => n = n.min(l),
                None => {}
            }
        }
        if self.per_second > 0 {
            let rate = f64::from(self.per_second);
            // One second's worth may go at once; after that, the rate.
            let allowed = (self.started.elapsed().as_secs_f64() * rate) as u64 + u64::from(self.per_second);
            let free = allowed.saturating_sub(self.taken);
            if free == 0 {
                let next = (self.taken + 1 - u64::from(self.per_second)) as f64 / rate;
                let wait = Duration::from_secs_f64(next).saturating_sub(self.started.elapsed());
                return Allowance::Wait(wait.max(Duration::from_millis(1)));
            }
            n = n.min(free);
        }
        self.taken += n;
        for left in [&mut self.hour_left, &mut self.day_left].into_iter().flatten() {
            *left -= n.min(*left);
        }
        Allowance::Go(n as usize)
    }

    /// Gives back what was granted and not used (fewer rows were due than allowed).
    pub fn give_back(&mut self, n: usize) {
        let n = n as u64;
        self.taken = self.taken.saturating_sub(n);
        for left in [&mut self.hour_left, &mut self.day_left].into_iter().flatten() {
            *left += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limits_let_everything_go() {
        let mut rate = Rate::new(Limits::default(), 0, 0);
        assert_eq!(rate.take(50), Allowance::Go(50));
    }

    #[test]
    fn caps_count_what_was_sent_before() {
        let mut rate = Rate::new(Limits { per_second: 0, per_hour: 10, per_day: 0 }, 7, 7);
        assert_eq!(rate.take(5), Allowance::Go(3));
        assert!(matches!(rate.take(1), Allowance::Capped(_)));
        rate.give_back(1);
        assert_eq!(rate.take(5), Allowance::Go(1));
    }

    #[test]
    fn the_per_second_rate_asks_to_wait_after_a_burst() {
        let mut rate = Rate::new(Limits { per_second: 2, per_hour: 0, per_day: 0 }, 0, 0);
        assert_eq!(rate.take(5), Allowance::Go(2));
        assert!(matches!(rate.take(1), Allowance::Wait(_)));
    }
}
