//! The database file: check it, back it up.

use std::path::Path;

use super::{OpsError, Result};
use crate::store::Store;

/// The problems SQLite's integrity checks and the search index's check found; empty when sound.
pub fn check(store: &Store) -> Result<Vec<String>> {
    Ok(store.check()?)
}

/// Copies the database to `dest`, a new file readable only by its owner. Never overwrites.
pub fn backup(store: &Store, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(OpsError::BackupExists(dest.to_path_buf()));
    }
    Ok(store.backup(dest)?)
}
