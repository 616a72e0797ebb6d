//! The terminal: a guard that always restores it, the event sources, and the runtime loop.

mod effects;
mod guard;
mod runtime;
mod worker;

pub use effects::Runner;
pub use guard::TerminalGuard;
pub use runtime::run;
