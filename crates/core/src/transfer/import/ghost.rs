//! Ghost's JSON export (Settings → Labs → Export) read into import items: posts with status, dates, authors and tags.
//!
//! Ghost keeps posts, tags and users in separate tables joined by `posts_tags` and
//! `posts_authors`, the way its database does; exports since 1.0 wrap them in `db[0].data`,
//! older ones have `data` at the top. Ghost writes its own site address as `__GHOST_URL__`
//! in bodies and images; it is dropped, leaving the site-relative path the post had.

use std::collections::HashMap;

use serde_json::Value;

use super::dates::parse_date;
use super::html::{first_words, html_to_markdown};
use super::item::{ImportItem, ImportProblem, ImportState, Parsed};
use super::xml_guard::strip_bom;

const GHOST_URL: &str = "__GHOST_URL__";

/// Reads a Ghost export. Err only when the file as a whole cannot be read (not JSON, not
/// Ghost's shape); a post that cannot become an item is a problem in `Parsed.problems`.
pub fn parse_ghost(origin: &str, bytes: &[u8]) -> Result<Parsed, ImportProblem> {
    let whole = |line: Option<usize>, reason: String| ImportProblem { origin: origin.to_string(), line, reason };
    let root: Value = serde_json::from_slice(strip_bom(bytes)).map_err(|e| {
        let line = (e.line() > 0).then_some(e.line());
        whole(line, format!("not readable JSON: {e}"))
    })?;
    let datas: Vec<&Value> = match root.get("db").and_then(Value::as_array) {
        Some(dbs) => dbs.iter().filter_map(|db| db.get("data")).collect(),
        None => root.get("data").into_iter().collect(),
    };
    if datas.is_empty() || !datas.iter().any(|d| d.get("posts").is_some_and(Value::is_array)) {
        return Err(whole(None, "not a Ghost export: no db[].data.posts".to_string()));
    }
    let mut parsed = Parsed::default();
    for data in datas {
        let tables = Tables::read(data);
        for (n, post) in rows(data, "posts").enumerate() {
            let label = str_field(post, "slug")
                .or_else(|| str_field(post, "id"))
                .map_or_else(|| format!("post {}", n + 1), str::to_string);
            let item_origin = format!("{origin}#{label}");
            match read_post(&tables, post, &item_origin) {
                Ok(Some(item)) => parsed.items.push(item),
                Ok(None) => {}
                Err(reason) => parsed.problems.push(ImportProblem { origin: item_origin, line: None, reason }),
            }
        }
    }
    Ok(parsed)
}

/// The tables a post is joined with, indexed by post id.
struct Tables<'a> {
    /// Post id to (sort order, user name).
    authors: HashMap<String, Vec<(i64, &'a str)>>,
    /// Post id to (sort order, tag row).
    tags: HashMap<String, Vec<(i64, &'a Value)>>,
    meta: HashMap<String, &'a Value>,
    users: HashMap<String, &'a str>,
}

impl<'a> Tables<'a> {
    fn read(data: &'a Value) -> Self {
        let users: HashMap<String, &str> =
            rows(data, "users").filter_map(|u| Some((id_of(u.get("id")?)?, str_field(u, "name")?))).collect();
        let tag_rows: HashMap<String, &Value> =
            rows(data, "tags").filter_map(|t| Some((id_of(t.get("id")?)?, t))).collect();
        let mut authors: HashMap<String, Vec<(i64, &str)>> = HashMap::new();
        for link in rows(data, "posts_authors") {
            let (Some(post), Some(name)) = (
                link.get("post_id").and_then(id_of),
                link.get("author_id").and_then(id_of).and_then(|a| users.get(&a)),
            ) else {
                continue;
            };
            authors.entry(post).or_default().push((sort_order(link), name));
        }
        let mut tags: HashMap<String, Vec<(i64, &Value)>> = HashMap::new();
        for link in rows(data, "posts_tags") {
            let (Some(post), Some(tag)) = (
                link.get("post_id").and_then(id_of),
                link.get("tag_id").and_then(id_of).and_then(|t| tag_rows.get(&t)),
            ) else {
                continue;
            };
            tags.entry(post).or_default().push((sort_order(link), tag));
        }
        let meta = rows(data, "posts_meta").filter_map(|m| Some((id_of(m.get("post_id")?)?, m))).collect();
        Tables { authors, tags, meta, users }
    }
}

/// One post row; Ok(None) for pages, which are not posts.
fn read_post(tables: &Tables<'_>, post: &Value, origin: &str) -> Result<Option<ImportItem>, String> {
    let is_page = str_field(post, "type") == Some("page") || post.get("page").is_some_and(truthy);
    if is_page {
        return Ok(None);
    }
    let mut extra: Vec<(String, String)> = Vec::new();
    let status = str_field(post, "status").unwrap_or("draft");
    let visibility = str_field(post, "visibility").unwrap_or("public");
    let state = match status {
        // Members-only and paid posts stay drafts, so importing does not open them to everyone.
        "published" if visibility == "public" => ImportState::Published,
        "scheduled" if visibility == "public" => ImportState::Scheduled,
        _ => ImportState::Draft,
    };
    if !matches!(status, "published" | "scheduled" | "draft") {
        extra.push(("ghost_status".into(), status.into())); // `sent`: an email-only post
    }
    if visibility != "public" {
        extra.push(("ghost_visibility".into(), visibility.into()));
    }

    let body = if let Some(html) = str_field(post, "html") {
        html_to_markdown(&html.replace(GHOST_URL, ""))
    } else if let Some(markdown) = str_field(post, "markdown") {
        markdown.trim().to_string() // Ghost before 1.0 stored markdown itself
    } else {
        str_field(post, "plaintext").unwrap_or("").trim().to_string()
    };
    let title = match str_field(post, "title").map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => first_words(&body, 8),
    };
    if title.is_empty() {
        return Err("the post has neither a title nor any text".to_string());
    }

    let id = post.get("id").and_then(id_of);
    let key = id.clone().unwrap_or_default();
    let mut authors: Vec<(i64, &str)> = tables.authors.get(&key).cloned().unwrap_or_default();
    if authors.is_empty()
        && let Some(name) = post.get("author_id").and_then(id_of).and_then(|a| tables.users.get(&a))
    {
        authors.push((0, name)); // Ghost before 1.0: one author on the post row
    }
    authors.sort_by_key(|(order, _)| *order);
    let mut tags_rows = tables.tags.get(&key).cloned().unwrap_or_default();
    tags_rows.sort_by_key(|(order, _)| *order);
    let mut tags = Vec::new();
    for (_, tag) in tags_rows {
        let Some(name) = str_field(tag, "name") else { continue };
        if name.starts_with('#') || str_field(tag, "visibility") == Some("internal") {
            // Internal tags drive Ghost's themes, not readers.
            extra.push(("ghost_internal_tag".into(), name.into()));
        } else if !tags.iter().any(|t| t == name) {
            tags.push(name.to_string());
        }
    }

    if let Some(image) = str_field(post, "feature_image") {
        extra.push(("feature_image".into(), image.replace(GHOST_URL, "")));
    }
    if let Some(meta) = tables.meta.get(&key) {
        for field in ["feature_image_alt", "feature_image_caption", "meta_title", "meta_description"] {
            if let Some(value) = str_field(meta, field) {
                extra.push((field.into(), value.into()));
            }
        }
    }
    for field in ["canonical_url", "custom_template"] {
        if let Some(value) = str_field(post, field) {
            extra.push((field.into(), value.into()));
        }
    }
    if post.get("featured").is_some_and(truthy) {
        extra.push(("featured".into(), "yes".into()));
    }
    if let Some(id) = &id {
        extra.push(("ghost_id".into(), id.clone()));
    }

    Ok(Some(ImportItem {
        origin: origin.to_string(),
        source_id: str_field(post, "uuid").map(str::to_string).or(id),
        title,
        slug: str_field(post, "slug").map(str::to_string),
        authors: authors.into_iter().map(|(_, name)| name.to_string()).collect(),
        tags,
        summary: str_field(post, "custom_excerpt").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        body,
        state,
        published_at: post.get("published_at").and_then(date_of),
        updated_at: post.get("updated_at").and_then(date_of),
        created_at: post.get("created_at").and_then(date_of),
        aliases: Vec::new(),
        extra,
        ..ImportItem::default()
    }))
}

fn rows<'a>(data: &'a Value, table: &str) -> impl Iterator<Item = &'a Value> {
    data.get(table).and_then(Value::as_array).into_iter().flatten()
}

/// A non-empty string field; null, absent and "" are all no value.
fn str_field<'a>(row: &'a Value, field: &str) -> Option<&'a str> {
    row.get(field).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

/// Ids are strings since Ghost 1.0 and numbers before it.
fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn sort_order(link: &Value) -> i64 {
    link.get("sort_order").and_then(Value::as_i64).unwrap_or(0)
}

fn truthy(v: &Value) -> bool {
    v.as_bool().unwrap_or(false) || v.as_i64().is_some_and(|n| n != 0)
}

/// ISO strings since Ghost 1.0, epoch milliseconds before it.
fn date_of(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => parse_date(s),
        Value::Number(n) => n.as_i64().map(|ms| ms.div_euclid(1000)),
        _ => None,
    }
}

#[cfg(test)]
#[path = "ghost_tests.rs"]
mod tests;
