//! The terminal: a guard that always restores it, the one driver loop, the runner that carries
//! out effects (reads inline, writes and jobs on worker lanes), and the runtime around them.

mod advice;
mod driver;
mod error;
mod guard;
mod headless;
mod jobs;
mod lanes;
mod paths;
mod pictures;
mod refresh;
mod runner;
mod runtime;
mod search;
mod system;
mod unsaved;
mod writes;

pub use driver::{Driver, Execute};
pub use error::TuiError;
pub use guard::TerminalGuard;
pub use headless::Headless;
pub use runner::Runner;
pub use runtime::run;
