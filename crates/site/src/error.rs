//! What can stop an export: the store, the disk, a theme's template, a cancel.

use std::path::PathBuf;

use byline_core::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A template of the theme failed to load or render (the message names the template and line).
    #[error("template: {0}")]
    Template(String),
    /// A page's path would leave the output folder or is not a plain file name.
    #[error("refusing to write '{0}': not a plain path inside the site folder")]
    UnsafePath(String),
    /// Two pages would be written to the same file.
    #[error("two pages would be written to '{0}'")]
    Clash(String),
    /// The feeds module could not make a feed.
    #[error("feeds: {0}")]
    Feeds(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<minijinja::Error> for SiteError {
    fn from(e: minijinja::Error) -> Self {
        // The display of a minijinja error names the template and line; its detail says what.
        let mut text = e.to_string();
        if let Some(detail) = e.detail() {
            if !text.contains(detail) {
                text = format!("{text}: {detail}");
            }
        }
        SiteError::Template(text)
    }
}

impl From<byline_core::jobs::Cancelled> for SiteError {
    fn from(_: byline_core::jobs::Cancelled) -> Self {
        SiteError::Cancelled
    }
}

pub type Result<T, E = SiteError> = std::result::Result<T, E>;
