//! RSS 2.0, with the content and Dublin Core modules for the full body and the author's name.

use super::text::{element, escape_attr, rfc2822};
use super::{BlogMeta, Channel, FeedItem, TagFeed, paths};

/// The blog's RSS 2.0 feed (`feed.xml`): the newest `meta.max_items` items.
pub fn rss(meta: &BlogMeta, items: &[FeedItem]) -> String {
    render(&Channel::new(meta, items, None))
}

/// A tag's RSS 2.0 feed (`tags/<slug>/feed.xml`): the newest items carrying the tag.
pub fn rss_for_tag(meta: &BlogMeta, items: &[FeedItem], tag: &TagFeed) -> String {
    render(&Channel::new(meta, items, Some(tag)))
}

fn render(ch: &Channel<'_>) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" ",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" ",
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        "  <channel>\n"
    ));
    element(&mut out, "    ", "title", &ch.title);
    element(&mut out, "    ", "link", &ch.home_url);
    element(&mut out, "    ", "description", &ch.description);
    out.push_str(&format!(
        "    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape_attr(&format!("{}{}", ch.feed_dir, paths::RSS))
    ));
    if let Some(lang) = ch.language {
        element(&mut out, "    ", "language", lang);
    }
    element(&mut out, "    ", "lastBuildDate", &rfc2822(ch.updated));
    element(&mut out, "    ", "generator", "byline");
    for item in &ch.items {
        out.push_str("    <item>\n");
        element(&mut out, "      ", "title", &item.title);
        element(&mut out, "      ", "link", &item.url);
        // Not a permalink: the id outlives the URL (slug changes, a new domain).
        element(&mut out, "      ", "guid isPermaLink=\"false\"", &item.guid);
        element(&mut out, "      ", "pubDate", &rfc2822(item.published));
        // RSS's own <author> must be an email address; dc:creator carries a name.
        if let Some(author) = &item.author {
            element(&mut out, "      ", "dc:creator", author);
        }
        for tag in &item.tags {
            element(&mut out, "      ", "category", tag);
        }
        element(&mut out, "      ", "description", &item.summary);
        // Escaped rather than CDATA: a body containing "]]>" needs no special case.
        element(&mut out, "      ", "content:encoded", &item.content_html);
        out.push_str("    </item>\n");
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}
