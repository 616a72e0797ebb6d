//! Where byline keeps its database: `--db`, then `BYLINE_DB`, then the platform data directory.

use std::path::PathBuf;

/// The default database path, e.g. `~/.local/share/byline/byline.db` on Linux.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "byline").map(|d| d.data_dir().join("byline.db"))
}
