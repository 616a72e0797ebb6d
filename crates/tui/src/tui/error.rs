//! What can stop the terminal face, worded for the person: no terminal, a terminal that fails,
//! worker threads that cannot start, or the store.

use byline_core::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the reader needs a terminal; for scripts use a subcommand (see `byline --help`)")]
    NotATerminal,
    #[error("terminal error: {0}")]
    Terminal(std::io::Error),
    #[error("cannot start the worker threads: {0}")]
    Workers(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}
