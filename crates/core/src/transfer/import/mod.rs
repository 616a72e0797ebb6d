//! Bringing a blog in from another engine: parsers per source format, one engine that writes.

mod dates;
pub mod feed;
mod front;
pub mod ghost;
pub mod html;
pub mod item;
pub mod markdown;
pub mod sniff;
pub mod walk;
mod wp_text;
pub mod wxr;
pub mod xml_guard;
mod xml_tree;

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
    if ext == "json" {
        return open_json(path);
    }
    let xmlish = matches!(ext.as_str(), "xml" | "rss" | "atom" | "rdf" | "wxr");
    if !xmlish && !looks_like_xml(path) {
        return Ok(Source::Markdown { files: vec![path.to_path_buf()], problems: Vec::new() });
    }
    // A WordPress export or a feed, told apart by its root element rather than its name (feeds
    // are saved as .xml as often as .rss; a feed saved without an extension still imports).
    let bytes = std::fs::read(path).map_err(|e| problem(e.to_string()))?;
    match sniff::parse_sniffed(&path.display().to_string(), &bytes) {
        Some(parsed) => parsed.map(Source::Parsed),
        None if xmlish => Err(problem("not a WordPress export (WXR), RSS, Atom or RDF feed".into())),
        None => Ok(Source::Markdown { files: vec![path.to_path_buf()], problems: Vec::new() }),
    }
}

/// Whether a file named without a feed extension starts like XML (`<?xml`, `<rss`, `<feed`):
/// markdown almost never does, so only those are read twice.
fn looks_like_xml(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else { return false };
    let head = xml_guard::strip_bom(&head[..n]);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
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
    drop(value);
    match sniff::parse_sniffed(&path.display().to_string(), &bytes) {
        Some(parsed) => parsed.map(Source::Parsed),
        None => Err(problem(None, "not a byline, Ghost or JSON Feed export".into())),
    }
}
