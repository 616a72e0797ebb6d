//! Where byline keeps its files: the database (`--db`, then `BYLINE_DB`, then the platform data
//! directory) and the config file (`--config`, then `BYLINE_CONFIG`, then the platform config
//! directory).

use std::path::PathBuf;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "byline")
}

/// The default database path, e.g. `~/.local/share/byline/byline.db` on Linux.
pub fn default_db_path() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().join("byline.db"))
}

/// The default config file, e.g. `~/.config/byline/config.toml` on Linux.
pub fn default_config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where `byline serve` exports its preview when no folder is named, e.g.
/// `~/.cache/byline/site` on Linux.
pub fn default_preview_dir() -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().join("site"))
}

/// Where the reader keeps the pictures it fetched for articles, e.g. `~/.cache/byline/pictures`
/// on Linux: a cache, safe to delete at any time.
pub fn default_picture_cache() -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().join("pictures"))
}
