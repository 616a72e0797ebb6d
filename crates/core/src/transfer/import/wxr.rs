//! WordPress's export (WXR, the XML file Tools → Export gives) read into import items: posts only, with status, dates, authors, terms and slugs.

use std::collections::HashMap;

use super::dates::parse_date;
use super::html::{first_words, html_to_markdown, html_to_text};
use super::item::{ImportItem, ImportProblem, ImportState, Parsed};
use super::wp_text::{autop, expand_shortcodes, split_more};
use super::xml_guard::{refuse_entities, utf8};
use super::xml_tree::{self, XmlElement};

/// Reads a WXR file. Err only when the file as a whole cannot be read (not UTF-8, entities
/// declared, not well-formed, not WordPress's shape); an item that cannot become a post is a
/// problem in `Parsed.problems` and the others still come through.
pub fn parse_wxr(origin: &str, bytes: &[u8]) -> Result<Parsed, ImportProblem> {
    refuse_entities(origin, bytes)?;
    let text = utf8(origin, bytes)?;
    let whole = |line: Option<usize>, reason: String| ImportProblem { origin: origin.to_string(), line, reason };
    let root = xml_tree::parse(text).map_err(|(line, reason)| whole(Some(line), reason))?;
    let channel = root
        .child("channel")
        .filter(|_| root.name == "rss")
        .ok_or_else(|| whole(Some(root.line), "not a WordPress export: no <rss><channel>".to_string()))?;
    let site = Site::read(channel);
    let mut parsed = Parsed::default();
    for (n, item) in channel.children.iter().filter(|c| c.name == "item").enumerate() {
        let post_type = item.text_of("wp:post_type").unwrap_or("post");
        if post_type != "post" {
            continue; // pages, attachments, menu items, revisions and custom types are not posts
        }
        let item_origin = match item.text_of("wp:post_id") {
            Some(id) => format!("{origin}#post {id}"),
            None => format!("{origin}#item {}", n + 1),
        };
        match read_item(&site, item, &item_origin) {
            Ok(Some(post)) => parsed.items.push(post),
            Ok(None) => {}
            Err(reason) => parsed.problems.push(ImportProblem { origin: item_origin, line: Some(item.line), reason }),
        }
    }
    Ok(parsed)
}

/// What the channel says once for every item: who the logins are, how categories nest, and
/// where attachments live (for featured images).
struct Site<'a> {
    authors: HashMap<&'a str, &'a str>,
    /// Category nicename to (name, parent nicename).
    categories: HashMap<&'a str, (&'a str, Option<&'a str>)>,
    attachments: HashMap<&'a str, &'a str>,
}

impl<'a> Site<'a> {
    fn read(channel: &'a XmlElement) -> Self {
        let authors = channel
            .children
            .iter()
            .filter(|c| c.name == "wp:author")
            .filter_map(|a| Some((a.text_of("wp:author_login")?, a.text_of("wp:author_display_name")?)))
            .collect();
        let categories = channel
            .children
            .iter()
            .filter(|c| c.name == "wp:category")
            .filter_map(|c| {
                Some((c.text_of("wp:category_nicename")?, (c.text_of("wp:cat_name")?, c.text_of("wp:category_parent"))))
            })
            .collect();
        let attachments = channel
            .children
            .iter()
            .filter(|c| c.name == "item" && c.text_of("wp:post_type") == Some("attachment"))
            .filter_map(|c| Some((c.text_of("wp:post_id")?, c.text_of("wp:attachment_url")?)))
            .collect();
        Site { authors, categories, attachments }
    }

    /// `Parent / Child` for a nested category, by following parents (a cycle stops it).
    fn category_path(&self, nicename: &str) -> Option<String> {
        let mut names = Vec::new();
        let mut at = Some(nicename);
        while let Some(n) = at {
            let (name, parent) = self.categories.get(n)?;
            if names.len() > 16 {
                break;
            }
            names.push(*name);
            at = *parent;
        }
        (names.len() > 1).then(|| names.iter().rev().copied().collect::<Vec<_>>().join(" / "))
    }
}

/// One `<item>` of type post; Ok(None) for one WordPress itself would not show (auto-drafts,
/// the trash).
fn read_item(site: &Site<'_>, item: &XmlElement, origin: &str) -> Result<Option<ImportItem>, String> {
    let status = item.text_of("wp:status").unwrap_or("publish");
    let password = item.text_of("wp:post_password").is_some();
    let mut extra: Vec<(String, String)> = Vec::new();
    let state = match status {
        "auto-draft" | "trash" | "inherit" => return Ok(None),
        _ if password => ImportState::Draft,
        "publish" => ImportState::Published,
        "future" => ImportState::Scheduled,
        "draft" | "pending" | "private" => ImportState::Draft,
        _ => ImportState::Draft,
    };
    if status != "publish" && status != "future" && status != "draft" {
        extra.push(("wordpress_status".into(), status.into()));
    }
    if password {
        // Made a draft so a protected post does not go out in the open on import.
        extra.push(("password_protected".into(), "yes".into()));
    }

    let content = item.text_of("content:encoded").unwrap_or("");
    let (before_more, content) = split_more(content);
    let mut dropped = Vec::new();
    let body = wp_html_to_markdown(&content, &mut dropped);
    let summary = match item.text_of("excerpt:encoded") {
        Some(excerpt) => Some(wp_html_to_markdown(excerpt, &mut dropped)),
        None => before_more.map(|b| wp_html_to_markdown(&b, &mut dropped)),
    }
    .filter(|s| !s.is_empty());
    dropped.dedup();
    if !dropped.is_empty() {
        extra.push(("dropped_shortcodes".into(), dropped.join(", ")));
    }

    // WordPress keeps titles as HTML (`&amp;`, `&#8217;`).
    let title = match item.text_of("title").map(html_to_text).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => first_words(&body, 8),
    };
    if title.is_empty() {
        return Err("the post has neither a title nor any text".to_string());
    }

    let post_id = item.text_of("wp:post_id");
    let source_id = item.text_of("guid").or(post_id).map(str::to_string);
    if let Some(id) = post_id {
        extra.push(("wordpress_post_id".into(), id.into()));
    }
    let authors = item
        .text_of("dc:creator")
        .map(|login| site.authors.get(login).copied().unwrap_or(login).to_string())
        .into_iter()
        .collect();

    let mut tags: Vec<String> = Vec::new();
    for term in item.children.iter().filter(|c| c.name == "category") {
        let name = term.text.trim();
        let nicename = term.attr("nicename").unwrap_or("");
        match term.attr("domain").unwrap_or("category") {
            "category" if nicename == "uncategorized" => {}
            "category" => {
                if let Some(path) = site.category_path(nicename) {
                    extra.push(("category_path".into(), path));
                }
                push_unique(&mut tags, name);
            }
            "post_tag" => push_unique(&mut tags, name),
            other => extra.push((other.to_string(), name.to_string())),
        }
    }

    let (published_at, date_note) = post_date(item, "wp:post_date_gmt", "wp:post_date", state);
    let published_at =
        published_at.or_else(|| item.text_of("pubDate").and_then(parse_date).filter(|_| state != ImportState::Draft));
    if let Some(note) = date_note {
        extra.push(("unreadable_date".into(), note));
    }
    let (updated_at, _) = post_date(item, "wp:post_modified_gmt", "wp:post_modified", ImportState::Published);

    for meta in item.children.iter().filter(|c| c.name == "wp:postmeta") {
        let (Some(key), Some(value)) = (meta.text_of("wp:meta_key"), meta.text_of("wp:meta_value")) else { continue };
        if key == "_thumbnail_id" {
            if let Some(url) = site.attachments.get(value) {
                extra.push(("feature_image".into(), (*url).to_string()));
            }
        } else if !key.starts_with('_') && value.len() <= 1000 {
            // Keys with a leading underscore are WordPress's and plugins' bookkeeping.
            extra.push((format!("meta.{key}"), value.to_string()));
        }
    }
    if item.text_of("wp:is_sticky") == Some("1") {
        extra.push(("sticky".into(), "yes".into()));
    }
    let comments = item.children.iter().filter(|c| c.name == "wp:comment").count();
    if comments > 0 {
        extra.push(("comments_not_imported".into(), comments.to_string()));
    }

    Ok(Some(ImportItem {
        origin: origin.to_string(),
        source_id,
        title,
        slug: item.text_of("wp:post_name").map(percent_decode).filter(|s| !s.is_empty()),
        authors,
        tags,
        summary,
        body,
        state,
        published_at,
        updated_at,
        aliases: item.text_of("link").map(str::to_string).into_iter().collect(),
        extra,
        ..ImportItem::default()
    }))
}

fn wp_html_to_markdown(content: &str, dropped: &mut Vec<String>) -> String {
    html_to_markdown(&autop(&expand_shortcodes(content, dropped)))
}

/// A post date: the GMT field, else the local one taken as UTC (the export does not say the
/// site's zone). WordPress writes `0000-00-00 00:00:00` in the GMT field of a draft never
/// published, whose local date is only its last save: a draft gets no publication date then.
/// The second value is a date present but unreadable, kept for the user to see.
fn post_date(item: &XmlElement, gmt: &str, local: &str, state: ImportState) -> (Option<i64>, Option<String>) {
    let gmt_raw = item.text_of(gmt);
    if let Some(ts) = gmt_raw.and_then(parse_date) {
        return (Some(ts), None);
    }
    let never_published = gmt_raw.is_some_and(|g| g.starts_with("0000")) && state == ImportState::Draft;
    match item.text_of(local) {
        Some(_) if never_published => (None, None),
        Some(raw) if raw.starts_with("0000") => (None, None),
        Some(raw) => match parse_date(raw) {
            Some(ts) => (Some(ts), None),
            None => (None, Some(raw.to_string())),
        },
        None => (None, gmt_raw.filter(|g| !g.starts_with("0000")).map(str::to_string)),
    }
}

fn push_unique(tags: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !tags.iter().any(|t| t == name) {
        tags.push(name.to_string());
    }
}

/// WordPress stores non-ASCII slugs percent-encoded (`%e6%97%a5`); the slug is the text.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
#[path = "wxr_tests.rs"]
pub(super) mod tests;
