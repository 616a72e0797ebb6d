//! Config errors worded for the person: the file, the line and the key that are wrong.

use std::ops::Range;
use std::path::Path;

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error("no config file at {path} (named by --config or BYLINE_CONFIG)")]
    Missing { path: String },
    #[error("cannot read the config file {path}: {why}")]
    Read { path: String, why: String },
    /// `key` is the dotted key on that line (`reader.mouse`), empty when the line has none.
    #[error("config file {path}, line {line}{}: {message}", key_part(.key))]
    Invalid { path: String, line: usize, key: String, message: String },
}

fn key_part(key: &str) -> String {
    if key.is_empty() { String::new() } else { format!(", key {key}") }
}

/// An error at `span` of `source`: its line number (from 1) and the key written on that line.
pub(super) fn located(path: &Path, source: &str, span: Option<Range<usize>>, message: &str) -> ConfigError {
    let start = span.map_or(0, |s| s.start).min(source.len());
    let line = source.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1;
    ConfigError::Invalid {
        path: path.display().to_string(),
        line,
        key: key_at(source, line),
        // toml's messages end with a newline and sometimes span lines: one line for the person.
        message: message.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The dotted key on line `line`: the table header above it, then the key before `=`.
fn key_at(source: &str, line: usize) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let Some(here) = lines.get(line.saturating_sub(1)).map(|l| l.trim()) else { return String::new() };
    if let Some(header) = header(here) {
        return header;
    }
    let key = here.split_once('=').map(|(k, _)| unquote(k.trim())).unwrap_or_default();
    let table = lines[..line.saturating_sub(1)].iter().rev().find_map(|l| header(l.trim()));
    match (table, key.is_empty()) {
        (Some(t), false) => format!("{t}.{key}"),
        (Some(t), true) => t,
        (None, _) => key,
    }
}

/// `keys.posts` for a line `[keys.posts]`.
fn header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?.split(']').next()?;
    Some(inner.trim_matches(['[', ' ']).split('.').map(|p| unquote(p.trim())).collect::<Vec<_>>().join("."))
}

fn unquote(s: &str) -> String {
    s.trim_matches(['"', '\'']).to_string()
}
