//! Errors the binary prints as one line before exiting with status 1.

use thiserror::Error;

use byline_core::domain::ValidationError;
use byline_core::store::StoreError;

#[derive(Debug, Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Tui(#[from] byline_tui::tui::TuiError),
    #[error(transparent)]
    Ops(#[from] byline_core::ops::OpsError),
    #[error(transparent)]
    Editor(#[from] byline_core::editor::EditorError),
    #[error(transparent)]
    Config(#[from] byline_core::config::ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {why}")]
    File { path: String, why: String },
}

impl CliError {
    pub fn file(path: impl std::fmt::Display, why: impl std::fmt::Display) -> Self {
        CliError::File { path: path.to_string(), why: why.to_string() }
    }
}
