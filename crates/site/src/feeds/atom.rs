//! Atom (RFC 4287): the entry's id is the post's stable guid.

use super::text::{element, escape_attr, rfc3339};
use super::{BlogMeta, Channel, FeedItem, TagFeed, paths};

/// The blog's Atom feed (`atom.xml`): the newest `meta.max_items` items.
pub fn atom(meta: &BlogMeta, items: &[FeedItem]) -> String {
    render(&Channel::new(meta, items, None))
}

/// A tag's Atom feed (`tags/<slug>/atom.xml`).
pub fn atom_for_tag(meta: &BlogMeta, items: &[FeedItem], tag: &TagFeed) -> String {
    render(&Channel::new(meta, items, Some(tag)))
}

fn link(out: &mut String, indent: &str, rel: &str, href: &str, kind: &str) {
    out.push_str(&format!("{indent}<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n", escape_attr(href)));
}

fn render(ch: &Channel<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match ch.language {
        Some(lang) => {
            out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", escape_attr(lang)))
        }
        None => out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"),
    }
    element(&mut out, "  ", "title type=\"text\"", &ch.title);
    element(&mut out, "  ", "subtitle type=\"text\"", &ch.description);
    element(&mut out, "  ", "id", &ch.home_url);
    link(&mut out, "  ", "alternate", &ch.home_url, "text/html");
    link(&mut out, "  ", "self", &format!("{}{}", ch.feed_dir, paths::ATOM), "application/atom+xml");
    element(&mut out, "  ", "updated", &rfc3339(ch.updated));
    // Atom wants an author for every entry: the feed's stands in for entries that name none.
    out.push_str("  <author>\n");
    element(&mut out, "    ", "name", ch.author);
    out.push_str("  </author>\n");
    element(&mut out, "  ", "generator", "byline");
    for item in &ch.items {
        out.push_str("  <entry>\n");
        element(&mut out, "    ", "title type=\"text\"", &item.title);
        element(&mut out, "    ", "id", &item.guid);
        link(&mut out, "    ", "alternate", &item.url, "text/html");
        element(&mut out, "    ", "published", &rfc3339(item.published));
        element(&mut out, "    ", "updated", &rfc3339(item.updated.max(item.published)));
        if let Some(author) = &item.author {
            out.push_str("    <author>\n");
            element(&mut out, "      ", "name", author);
            out.push_str("    </author>\n");
        }
        for tag in &item.tags {
            out.push_str(&format!("    <category term=\"{}\"/>\n", escape_attr(tag)));
        }
        if !item.summary.is_empty() {
            element(&mut out, "    ", "summary type=\"text\"", &item.summary);
        }
        element(&mut out, "    ", "content type=\"html\"", &item.content_html);
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
