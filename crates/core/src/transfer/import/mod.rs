//! Bringing a blog in from another engine: parsers per source format, one engine that writes.

mod dates;
mod front;
pub mod item;
pub mod markdown;
pub mod walk;

use std::path::{Path, PathBuf};

pub use dates::parse_date;
pub use item::{ImportItem, ImportProblem, ImportState, Parsed};

use crate::transfer::byline_json::Document;

/// What one path given to `byline import` is, ready for the engine.
#[derive(Debug)]
pub enum Source {
    /// Markdown files (a folder's, or one file named), read by the engine in parallel, and the
    /// folders the walk could not read.
    Markdown { files: Vec<PathBuf>, problems: Vec<ImportProblem> },
    /// byline's own JSON export: posts, tags, subscribers and settings.
    Byline(Box<Document>),
    /// A format read whole into items (Ghost, WordPress, feeds).
    Parsed(Parsed),
}

/// Decides how to read `path`: a folder is a markdown site; a file by its extension and, for
/// JSON, by its shape. A file named on its own is read as markdown whatever its extension.
pub fn open(path: &Path) -> Result<Source, ImportProblem> {
    let problem = |reason: String| ImportProblem { origin: path.display().to_string(), line: None, reason };
    let meta = std::fs::metadata(path).map_err(|e| problem(e.to_string()))?;
    if meta.is_dir() {
        let (files, problems) = walk::markdown_files(path);
        return Ok(Source::Markdown { files, problems });
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "json" => open_json(path),
        // wxr, feed: importxml (WordPress WXR and RSS/Atom feeds)
        "xml" | "rss" | "atom" | "rdf" => Err(problem("WordPress exports and feeds are not supported yet".into())),
        _ => Ok(Source::Markdown { files: vec![path.to_path_buf()], problems: Vec::new() }),
    }
}

/// byline's JSON says so in its `byline` key; Ghost's export has `db` (or `data` with posts);
/// JSON Feed names its version URL.
fn open_json(path: &Path) -> Result<Source, ImportProblem> {
    let problem = |line, reason: String| ImportProblem { origin: path.display().to_string(), line, reason };
    let bytes = std::fs::read(path).map_err(|e| problem(None, e.to_string()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        problem(Some(e.line()), format!("not valid JSON: {}", e.to_string().split(" at line ").next().unwrap_or("")))
    })?;
    let has = |key: &str| value.get(key).is_some();
    if has("byline") {
        let doc: Document = serde_json::from_value(value)
            .map_err(|e| problem(None, format!("not a byline export this version can read: {e}")))?;
        return Ok(Source::Byline(Box::new(doc)));
    }
    if has("db") || value.get("data").is_some_and(|d| d.get("posts").is_some()) {
        // ghost: importxml
        return Err(problem(None, "Ghost exports are not supported yet".into()));
    }
    if value.get("version").and_then(|v| v.as_str()).is_some_and(|v| v.contains("jsonfeed.org")) {
        // feed: importxml
        return Err(problem(None, "JSON Feed files are not supported yet".into()));
    }
    Err(problem(None, "not a byline, Ghost or JSON Feed export".into()))
}
