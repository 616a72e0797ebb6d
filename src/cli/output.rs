//! Printing results: aligned tables for people, JSON for scripts. All store text is sanitized.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

pub use byline_core::text::fit;

use byline_core::domain::{PostSummary, Subscriber, time};
use byline_core::sanitize::sanitize_line;

pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn new(json: bool) -> Self {
        Out { json }
    }

    /// A line for people; silent under --json. Write errors (a closed pipe) are ignored: the
    /// reader went away, which is not byline's failure.
    pub fn say(&mut self, text: impl std::fmt::Display) {
        if !self.json {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }

    /// Raw output in both modes (CSV export to stdout).
    pub fn raw(&mut self, bytes: &[u8]) {
        let _ = std::io::stdout().lock().write_all(bytes);
    }

    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        if self.json {
            let text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            let _ = writeln!(std::io::stdout().lock(), "{}", escape_json(&text));
        }
    }

    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        if !self.json {
            let _ = std::io::stdout().lock().write_all(table(headers, rows).as_bytes());
        }
    }
}

/// JSON text with DEL, C1 controls, bidi controls and the other characters a terminal must not
/// see written as `\uXXXX` escapes. serde_json escapes only C0; the others would reach a
/// terminal raw when a script prints a field. They can only occur inside JSON strings, where an
/// escape decodes to the same text, so scripts read exactly what the store holds.
pub fn escape_json(text: &str) -> std::borrow::Cow<'_, str> {
    // C0 controls are escaped by serde_json already; outside strings there is only ASCII syntax.
    let unsafe_char = |c: char| c >= '\u{7f}' && byline_core::sanitize::is_unsafe(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Left-aligned columns padded by display width (CJK-safe), two spaces apart.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut push_row = |cells: &mut dyn Iterator<Item = &str>| {
        let mut line = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            line.push_str(cell);
            if i + 1 < widths.len() {
                line.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push_row(&mut headers.iter().copied());
    for row in rows {
        push_row(&mut row.iter().map(String::as_str));
    }
    out
}

/// A post as scripts see it: dates in RFC 3339 UTC.
#[derive(Serialize)]
pub struct PostJson {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub summary: String,
    pub tags: Vec<String>,
    pub status: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    /// When the post first went live, kept across unpublish and publish (null if it never was).
    pub first_published_at: Option<String>,
    /// The stable id the feeds give the post, kept across slug changes and republishing.
    pub guid: String,
}

impl From<&PostSummary> for PostJson {
    fn from(p: &PostSummary) -> Self {
        PostJson {
            id: p.id.0,
            slug: p.slug.clone(),
            title: p.title.clone(),
            author: p.author.clone(),
            summary: p.summary.clone(),
            tags: p.tags.clone(),
            status: p.status.as_str(),
            created_at: time::rfc3339(p.created_at),
            updated_at: time::rfc3339(p.updated_at),
            published_at: p.published_at.map(time::rfc3339),
            first_published_at: p.first_published_at.map(time::rfc3339),
            guid: p.guid.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct SubscriberJson {
    pub email: String,
    pub name: Option<String>,
    pub status: &'static str,
    pub tags: Vec<String>,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub unsubscribed_at: Option<String>,
}

impl From<&Subscriber> for SubscriberJson {
    fn from(s: &Subscriber) -> Self {
        SubscriberJson {
            email: s.email.clone(),
            name: s.name.clone(),
            status: s.status.as_str(),
            tags: s.tags.clone(),
            created_at: time::rfc3339(s.created_at),
            confirmed_at: s.confirmed_at.map(time::rfc3339),
            unsubscribed_at: s.unsubscribed_at.map(time::rfc3339),
        }
    }
}

/// One row of the human post table.
pub fn post_row(p: &PostSummary) -> Vec<String> {
    vec![
        p.id.to_string(),
        time::local_date(p.shown_at()),
        p.status.as_str().to_string(),
        fit(&sanitize_line(&p.title), 50),
        fit(&sanitize_line(p.author.as_deref().unwrap_or("-")), 24),
        fit(&sanitize_line(&p.tags.join(", ")), 30),
    ]
}

pub const POST_HEADERS: &[&str] = &["ID", "DATE", "STATUS", "TITLE", "AUTHOR", "TAGS"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width() {
        let t = table(&["A", "B"], &[vec!["日本".into(), "x".into()], vec!["abcde".into(), "y".into()]]);
        assert_eq!(t, "A      B\n日本   x\nabcde  y\n");
    }
}
