//! The one loop that turns messages into state changes and effects, shared by the terminal
//! runtime, `Headless`, the tests and the benchmarks, so they cannot drift apart.

use std::collections::VecDeque;

use crate::app::{AppState, Effect, Msg, update};

/// Carries out effects. Results come back as messages: pushed onto `queue` when the effect ran
/// inline, or sent later from a worker thread into the runtime's channel.
pub trait Execute {
    fn execute(&mut self, effect: Effect, queue: &mut VecDeque<Msg>);
}

/// The queue of messages not yet handled, and whether a frame is due. The state stays with the
/// face that owns it and is lent to `settle`.
pub struct Driver {
    queue: VecDeque<Msg>,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// Keep a copy of every effect `update` asked for (tests assert them).
    pub record: bool,
    pub recorded: Vec<Effect>,
    /// How many messages one `settle` may handle before it gives up (see `stuck`).
    pub limit: usize,
    /// A `settle` hit the limit: update and the effects kept answering each other.
    pub stuck: bool,
    /// Draw what changed before running effects that only fill a frame in (the article beside
    /// a list that just moved): the list answers a keystroke a frame sooner. The terminal
    /// runtime sets it; tests keep the default (every effect runs within one `settle`).
    pub frame_first: bool,
    /// Effects kept for after the next frame (with `frame_first`), newest form only.
    held: Vec<Effect>,
}

/// A driver that keeps answering itself is a bug (the real loop would spin without drawing).
const MAX_MESSAGES_PER_SETTLE: usize = 100_000;

impl Default for Driver {
    fn default() -> Self {
        Driver {
            queue: VecDeque::new(),
            dirty: true,
            record: false,
            recorded: Vec::new(),
            limit: MAX_MESSAGES_PER_SETTLE,
            stuck: false,
            frame_first: false,
            held: Vec::new(),
        }
    }
}

impl Driver {
    pub fn new() -> Self {
        Driver::default()
    }

    pub fn push(&mut self, msg: Msg) {
        self.queue.push_back(msg);
    }

    /// Runs effects asked for outside `update` (the start's first window, say).
    pub fn run_effects(&mut self, exec: &mut impl Execute, effects: Vec<Effect>) {
        for effect in effects {
            self.execute(exec, effect);
        }
    }

    /// Handles every queued message and everything it leads to, as happens between two frames.
    /// Effects that declare a coalescing key run once, after the queue drains, in their newest
    /// form: ten article loads queued by a held-down `j` cost one read.
    pub fn settle(&mut self, state: &mut AppState, exec: &mut impl Execute) {
        let mut handled = 0usize;
        // What waited for the last frame runs now, unless a newer form of it comes first.
        let mut coalesced: Vec<Effect> = std::mem::take(&mut self.held);
        loop {
            while let Some(msg) = self.queue.pop_front() {
                handled += 1;
                if handled > self.limit {
                    // Drop the rest: the screen must keep being drawn.
                    self.stuck = true;
                    self.queue.clear();
                    state.error("byline got stuck answering itself; some work was dropped");
                    return;
                }
                if redraws(state, &msg) {
                    self.dirty = true;
                }
                for effect in update(state, msg) {
                    self.dirty = true;
                    match effect.coalesce_key() {
                        Some(key) => {
                            coalesced.retain(|e| e.coalesce_key() != Some(key));
                            coalesced.push(effect);
                        }
                        // Quitting ends the session: what it supersedes (the saved position) must
                        // land first.
                        None if effect == Effect::Quit => {
                            for pending in std::mem::take(&mut coalesced) {
                                self.execute(exec, pending);
                            }
                            self.execute(exec, effect);
                        }
                        None => self.execute(exec, effect),
                    }
                }
            }
            // Side by side, the list is what the key moved: draw it before the article beside it.
            if self.frame_first && self.dirty && state.layout.wide {
                let (later, now): (Vec<Effect>, Vec<Effect>) =
                    std::mem::take(&mut coalesced).into_iter().partition(Effect::after_frame);
                for effect in later {
                    self.held.retain(|e| e.coalesce_key() != effect.coalesce_key());
                    self.held.push(effect);
                }
                coalesced = now;
            }
            if coalesced.is_empty() {
                return;
            }
            for effect in std::mem::take(&mut coalesced) {
                self.execute(exec, effect);
            }
        }
    }

    /// Effects wait for the next frame: the caller should draw, then settle again at once.
    pub fn holding(&self) -> bool {
        !self.held.is_empty()
    }

    fn execute(&mut self, exec: &mut impl Execute, effect: Effect) {
        if self.record {
            self.recorded.push(effect.clone());
        }
        exec.execute(effect, &mut self.queue);
    }
}

/// Whether handling `msg` can change what is on screen. The once-a-second tick only does when
/// the minute turns (times shown move on), while a write waits (the wait is shown), or when it
/// asks for work (an autosave).
fn redraws(state: &AppState, msg: &Msg) -> bool {
    match msg {
        Msg::Tick(now) => now / 60 != state.now / 60 || !state.jobs.writes.is_empty(),
        _ => true,
    }
}
