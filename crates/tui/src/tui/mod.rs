//! The terminal: a guard that always restores it, the event sources, and the runtime loop.

mod admin_effects;
mod effects;
mod guard;
mod headless;
mod related_worker;
mod runtime;
mod worker;

pub use effects::Runner;
pub use guard::TerminalGuard;
pub use headless::Headless;
pub use runtime::run;
