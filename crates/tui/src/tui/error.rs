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
    /// Quitting with text the database would not take: it is in a file instead.
    #[error("could not save to the database ({why}); your unsaved text is in {}", path.display())]
    Recovered { path: std::path::PathBuf, why: String },
    /// Neither the database nor a recovery file took it: it was printed above this line.
    #[error(
        "could not save to the database ({why}) nor write a recovery file ({file_error}); your text is printed above"
    )]
    Unsaved { why: String, file_error: String },
}
