//! One markdown file of a static site as an `ImportItem`: the front matter keys of Hugo, Zola,
//! Jekyll, Pelican and Astro mapped onto byline's fields, and the conventions of their folders
//! (dated file names, `_drafts`, page bundles, Zola's `path`) where the keys say nothing.

use std::path::Path;

use serde_json::{Map, Value};

use super::dates::{date_in_path, dated_name, parse_date};
use super::front::{self, FrontError};
use super::{ImportItem, ImportProblem, ImportState};

/// Reads one file. `origin` names it in messages.
pub fn parse_file(path: &Path, origin: &str, bytes: &[u8]) -> Result<ImportItem, ImportProblem> {
    let problem = |line, reason: String| ImportProblem { origin: origin.to_string(), line, reason };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        problem(Some(line), "not UTF-8 text; save it as UTF-8 and import it again".into())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() };
    let split = front::split(&text).map_err(|FrontError { line, reason }| problem(line, reason))?;
    let names = FileNames::of(path);
    from_keys(split.keys, split.body, &names, origin)
        .map_err(|(key, reason)| problem(key.and_then(|k| key_line(&text, &k)), reason))
}

/// What the file's name and folders say: its stem, a page bundle's folder, a draft folder.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileNames {
    /// The name that stands for the post: the stem, or the folder of a bundle's `index.md`.
    name: String,
    in_drafts: bool,
}

impl FileNames {
    fn of(path: &Path) -> Self {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let parent = path.parent().and_then(Path::file_name).map(|s| s.to_string_lossy().into_owned());
        let name = match parent {
            Some(folder) if stem == "index" && !folder.is_empty() => folder,
            _ => stem,
        };
        let in_drafts = path.components().any(|c| c.as_os_str() == "_drafts");
        FileNames { name, in_drafts }
    }
}

/// A field that could not be read: the key it came from (to find its line), and why.
type FieldError = (Option<String>, String);

fn from_keys(
    mut keys: Map<String, Value>,
    body: String,
    names: &FileNames,
    origin: &str,
) -> Result<ImportItem, FieldError> {
    let mut item = ImportItem { origin: origin.to_string(), ..ImportItem::default() };
    let dated = dated_name(&names.name);
    let zola_path = take_text(&mut keys, &["path"]);

    item.title = take_text(&mut keys, &["title"]).filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        first_heading(&body).unwrap_or_else(|| dated.map_or(names.name.as_str(), |d| d.1).replace(['-', '_'], " "))
    });
    item.source_id = take_text(&mut keys, &["id", "uuid", "guid"]);
    item.slug = take_text(&mut keys, &["slug"])
        .or_else(|| zola_path.as_deref().and_then(|p| p.trim_matches('/').rsplit('/').next()).map(str::to_string))
        .or_else(|| Some(dated.map_or(names.name.as_str(), |d| d.1).to_string()))
        .filter(|s| !s.is_empty());

    item.published_at = take_date(&mut keys, &["date", "publishdate", "pubdate", "published_at", "created"])?
        .or_else(|| zola_path.as_deref().and_then(date_in_path))
        .or(dated.map(|d| d.0));
    item.updated_at = take_date(&mut keys, &["updated", "lastmod", "modified", "updated_at", "last_modified_at"])?;

    let mut draft = names.in_drafts;
    if let Some((key, v)) = take(&mut keys, &["draft"]) {
        draft |= truthy(&v).ok_or((Some(key), format!("draft should be true or false, not {v}")))?;
    }
    match take(&mut keys, &["published"]) {
        // Jekyll: `published: false` keeps a post out of the site.
        Some((_, Value::Bool(b))) => draft |= !b,
        Some((key, Value::String(s))) if item.published_at.is_none() => {
            item.published_at = Some(parse_date(&s).ok_or((Some(key), format!("cannot read the date '{s}'")))?);
        }
        Some((key, v)) => {
            keys.insert(key, v);
        }
        None => {}
    }
    if let Some((key, v)) = take(&mut keys, &["status"]) {
        // Pelican: `Status: draft` or `hidden`; anything else is published.
        match v.as_str().map(str::to_lowercase).as_deref() {
            Some("draft" | "hidden") => draft = true,
            Some("published") => {}
            _ => {
                keys.insert(key, v);
            }
        }
    }
    item.state = if draft { ImportState::Draft } else { ImportState::Published };

    for (_, v) in take_all(&mut keys, &["tags", "categories"]) {
        item.tags.extend(words(&v, true));
    }
    for (_, v) in take_all(&mut keys, &["category"]) {
        item.tags.extend(words(&v, false));
    }
    if let Some((key, Value::Object(taxonomies))) = take(&mut keys, &["taxonomies"]) {
        let mut rest = Map::new();
        for (name, v) in taxonomies {
            if matches!(name.as_str(), "tags" | "categories") {
                item.tags.extend(words(&v, false));
            } else {
                rest.insert(name, v);
            }
        }
        if !rest.is_empty() {
            keys.insert(key, Value::Object(rest));
        }
    }
    // `authors: A, B` is a list; `author: Okonkwo, Chidi` may be one person, so stays whole.
    for (key, v) in take_all(&mut keys, &["authors", "author"]) {
        item.authors.extend(people(&v, key.eq_ignore_ascii_case("authors")));
    }
    item.summary = take_text(&mut keys, &["summary", "description", "excerpt"])
        .filter(|s| !s.trim().is_empty())
        .or_else(|| summary_before_more(&body));
    for (_, v) in take_all(&mut keys, &["aliases", "redirect_from"]) {
        item.aliases.extend(list(&v));
    }
    if let Some(path) = zola_path {
        item.aliases.insert(0, path);
    }
    item.extra = keys.into_iter().map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect();
    item.body = body;
    Ok(item)
}

/// Removes the first of `names` present (keys compared without case, as Hugo does).
fn take(keys: &mut Map<String, Value>, names: &[&str]) -> Option<(String, Value)> {
    let key = names.iter().find_map(|n| keys.keys().find(|k| k.eq_ignore_ascii_case(n)).cloned())?;
    keys.remove(&key).map(|v| (key, v))
}

/// Removes every key of `names` present, in their order.
fn take_all(keys: &mut Map<String, Value>, names: &[&str]) -> Vec<(String, Value)> {
    names.iter().filter_map(|n| take(keys, &[n])).collect()
}

fn take_text(keys: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    take(keys, names).and_then(|(_, v)| match v {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

fn take_date(keys: &mut Map<String, Value>, names: &[&str]) -> Result<Option<i64>, FieldError> {
    match take(keys, names) {
        None | Some((_, Value::Null)) => Ok(None),
        Some((key, v)) => {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            parse_date(&text).map(Some).ok_or((Some(key), format!("cannot read the date '{text}'")))
        }
    }
}

fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("yes") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") || s.eq_ignore_ascii_case("no") => Some(false),
        _ => None,
    }
}

/// Tags as a list, or as text: comma-separated (Pelican), or space-separated (Jekyll's plural
/// keys) when `spaces` and there is no comma.
fn words(v: &Value, spaces: bool) -> Vec<String> {
    match v {
        Value::String(s) if s.contains(',') => {
            s.split(',').map(str::trim).filter(|t| !t.is_empty()).map(Into::into).collect()
        }
        Value::String(s) if spaces => s.split_whitespace().map(Into::into).collect(),
        Value::String(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Value::Array(items) => items.iter().flat_map(|i| words(i, false)).collect(),
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// Authors as text (with `commas`, several, as Pelican's `Authors:` writes them), a list, or
/// objects with a `name`.
fn people(v: &Value, commas: bool) -> Vec<String> {
    match v {
        Value::Object(map) => map.get("name").map(|n| people(n, false)).unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(|i| people(i, false)).collect(),
        Value::String(s) if !commas => Some(s.trim().to_string()).filter(|s| !s.is_empty()).into_iter().collect(),
        other => words(other, false),
    }
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(list).collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The text of the first ATX heading (`# Title`), outside code blocks.
fn first_heading(body: &str) -> Option<String> {
    let mut fenced = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && t.starts_with('#') {
            let text = t.trim_start_matches('#');
            if text.starts_with(' ') && !text.trim().is_empty() {
                return Some(text.trim().trim_end_matches('#').trim().to_string());
            }
        }
    }
    None
}

/// The text before a `<!-- more -->` marker (Hugo, Zola and Jekyll cut summaries there).
fn summary_before_more(body: &str) -> Option<String> {
    let at = body.lines().scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        Some((start, line))
    });
    for (start, line) in at {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.eq_ignore_ascii_case("<!--more-->") {
            let summary = body[..start].trim();
            return (!summary.is_empty()).then(|| summary.to_string());
        }
    }
    None
}

/// The line where `key` is set in the front matter, for a message about its value.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .take(200)
        .position(|line| {
            let t = line.trim_start().trim_start_matches('"');
            t.get(..key.len()).is_some_and(|k| k.eq_ignore_ascii_case(key))
                && t.get(key.len()..)
                    .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with([':', '=']))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
