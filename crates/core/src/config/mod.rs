//! The config file: where it is, what it holds (`file`), how its values are spelled (`spec`), and
//! errors that name the line and key. A broken file is an error, never replaced by defaults.

mod error;
mod file;
mod paths;
mod secrets;
mod signup;
mod smtp;
mod spec;

use std::path::{Path, PathBuf};

pub use error::ConfigError;
pub use file::{
    Align, BlogConfig, ColorsConfig, Config, FollowConfig, Images, KeyBindings, KeysConfig, ReaderConfig, SiteConfig,
};
pub use paths::{default_config_path, default_db_path, default_picture_cache, default_preview_dir};
pub use signup::SignupConfig;
pub use smtp::{SmtpConfig, SmtpUrl};
pub use spec::{Colour, DateFormat, KeyList, KeySpec, NamedKey, StyleSpec};
pub use toml::Spanned;

/// Which config file: one the person named (it must exist), or the default one (optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// `--config PATH` or `BYLINE_CONFIG`: a missing file is an error.
    Given(PathBuf),
    /// The platform config directory: a missing file means the defaults.
    Default(PathBuf),
    /// No home directory to look in: the defaults.
    None,
}

impl ConfigChoice {
    /// `--config` (clap also reads `BYLINE_CONFIG` into it), else the platform default.
    pub fn resolve(given: Option<PathBuf>) -> Self {
        match given {
            Some(path) => ConfigChoice::Given(path),
            None => default_config_path().map_or(ConfigChoice::None, ConfigChoice::Default),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            ConfigChoice::Given(p) | ConfigChoice::Default(p) => Some(p),
            ConfigChoice::None => None,
        }
    }
}

/// A config as read: the values, and the text they came from (for errors found later, such as
/// an action the TUI does not know, which must still name their line).
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    pub config: Config,
    /// The file read, if one was.
    pub path: Option<PathBuf>,
    source: String,
}

impl LoadedConfig {
    /// Reads the chosen file: missing at the default place gives the defaults; missing when named,
    /// unreadable or invalid is an error.
    pub fn load(choice: &ConfigChoice) -> Result<Self, ConfigError> {
        let (path, required) = match choice {
            ConfigChoice::Given(p) => (p, true),
            ConfigChoice::Default(p) => (p, false),
            ConfigChoice::None => return Ok(LoadedConfig::default()),
        };
        match std::fs::read_to_string(path) {
            Ok(text) => LoadedConfig::parse(path, text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(LoadedConfig::default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(ConfigError::Missing { path: path.display().to_string() })
            }
            Err(e) => Err(ConfigError::Read { path: path.display().to_string(), why: e.to_string() }),
        }
    }

    /// Parses the text of the file at `path`.
    pub fn parse(path: &Path, source: String) -> Result<Self, ConfigError> {
        match toml::from_str::<Config>(&source) {
            Ok(config) => Ok(LoadedConfig { config, path: Some(path.to_path_buf()), source }),
            Err(e) => Err(error::located(path, &source, e.span(), e.message())),
        }
    }

    /// An error about the text at `span` (from a `Spanned` value), with its line and key.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> ConfigError {
        let path = self.path.as_deref().unwrap_or(Path::new("(config)"));
        error::located(path, &self.source, Some(span), &message.into())
    }
}

#[cfg(test)]
mod tests;
