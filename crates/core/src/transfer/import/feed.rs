//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) read with feed-rs into import items, one per entry.

use feed_rs::model::{Entry, Feed, Person, Text};
use feed_rs::parser::{Builder, ParseErrorKind, ParseFeedError};

use super::html::{first_words, html_to_markdown, html_to_text};
use super::item::{ImportItem, ImportProblem, ImportState, Parsed};
use super::xml_guard::{first_error, line_at, refuse_entities, strip_bom};

/// How many words of the text make a title for an entry that has none.
const TITLE_WORDS: usize = 8;

/// Reads a feed file. Err only when the whole file cannot be read (entities declared, not
/// well-formed, not a feed); an entry that cannot become a post is a problem in
/// `Parsed.problems` and the others still come through.
pub fn parse_feed(origin: &str, bytes: &[u8]) -> Result<Parsed, ImportProblem> {
    parse_feed_with_meta(origin, bytes).map(|(_, parsed)| parsed)
}

/// What a feed says of itself, for following it: its title and the site it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedMeta {
    pub title: Option<String>,
    pub site_url: Option<String>,
}

/// `parse_feed`, with the feed's own title and site address.
pub fn parse_feed_with_meta(origin: &str, bytes: &[u8]) -> Result<(FeedMeta, Parsed), ImportProblem> {
    let bytes = strip_bom(bytes);
    let is_json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !is_json {
        refuse_entities(origin, bytes)?;
    }
    // No made-up ids: feed-rs would otherwise invent a random UUID for an entry with neither id
    // nor link, and a second import of the same file would then duplicate it.
    let parser = Builder::new().id_generator(|_, _, _| String::new()).build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        // feed-rs reads `<rss>` only as version 0.91, 0.92 or 2.0; 0.93, 0.94 and a missing
        // version are the RSS 2.0 shape, so read them as that.
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) if let Some(as_rss2) = rss_as_2_0(bytes) => {
            parser.parse(&as_rss2[..]).map_err(|e| whole_file_problem(origin, bytes, &e))?
        }
        Err(e) => return Err(whole_file_problem(origin, bytes, &e)),
    };
    let meta = FeedMeta {
        title: feed.title.as_ref().map(text_as_plain).filter(|t| !t.is_empty()),
        site_url: feed
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty()),
    };
    let mut parsed = Parsed::default();
    for (n, entry) in feed.entries.iter().enumerate() {
        let item_origin = format!("{origin}#item {}", n + 1);
        match read_entry(&feed, entry, &item_origin) {
            Ok(item) => parsed.items.push(item),
            Err(reason) => parsed.problems.push(ImportProblem { origin: item_origin, line: None, reason }),
        }
    }
    Ok((meta, parsed))
}

fn read_entry(feed: &Feed, entry: &Entry, origin: &str) -> Result<ImportItem, String> {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        Some(as_markdown(body, c.content_type.essence().to_string().as_str()))
    });
    let summary = entry.summary.as_ref().map(text_as_markdown).filter(|s| !s.is_empty());
    let (body, summary) = match content.filter(|c| !c.is_empty()) {
        Some(body) => (body, summary),
        // A feed with only a description: it is the body, and there is no separate summary.
        None => (summary.unwrap_or_default(), None),
    };
    // An entry made only of media (a podcast episode, a photo) has its words there.
    let body = if body.is_empty() { media_body(entry) } else { body };
    let title = entry
        .title
        .iter()
        .chain(entry.media.iter().filter_map(|m| m.title.as_ref()))
        .map(text_as_plain)
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| first_words(&body, TITLE_WORDS));
    if title.is_empty() {
        return Err("the entry has neither a title nor any text".to_string());
    }
    let permalink = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let source_id = Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()).or_else(|| permalink.clone());
    let mut authors = names(&entry.authors);
    if authors.is_empty() {
        authors = names(&feed.authors);
    }
    let mut tags: Vec<String> = Vec::new();
    for category in &entry.categories {
        let name = category.label.as_deref().unwrap_or(&category.term).trim();
        if !name.is_empty() && !tags.iter().any(|t| t == name) {
            tags.push(name.to_string());
        }
    }
    // Enclosures (a podcast's audio, a photo) are files byline does not fetch: kept by address.
    let extra = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .filter_map(|c| c.url.as_ref())
        .map(|url| ("media".to_string(), url.to_string()))
        .collect();
    Ok(ImportItem {
        origin: origin.to_string(),
        source_id,
        title,
        slug: None,
        authors,
        tags,
        summary,
        body,
        state: ImportState::Published,
        published_at: entry.published.or(entry.updated).map(|d| d.timestamp()),
        updated_at: entry.updated.map(|d| d.timestamp()),
        aliases: permalink.into_iter().collect(),
        extra,
        ..ImportItem::default()
    })
}

/// Markdown from an entry's media: their descriptions, images shown, other files linked.
fn media_body(entry: &Entry) -> String {
    let mut parts: Vec<String> = Vec::new();
    for media in &entry.media {
        if let Some(text) = media.description.as_ref().map(text_as_markdown).filter(|t| !t.is_empty()) {
            parts.push(text);
        }
        for content in &media.content {
            let Some(url) = &content.url else { continue };
            let is_image = content.content_type.as_ref().is_some_and(|t| t.ty() == "image");
            parts.push(if is_image { format!("![]({url})") } else { format!("<{url}>") });
        }
    }
    parts.join("\n\n")
}

/// A person's name; an RSS author given only as an address is named by it rather than lost.
fn names(people: &[Person]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in people {
        // RSS writes `address (Name)`; feed-rs leaves the brackets on the name.
        let raw = p.name.as_deref().unwrap_or("").trim();
        let unwrapped = raw.strip_prefix('(').and_then(|n| n.strip_suffix(')')).filter(|n| !n.contains(['(', ')']));
        let name = Some(unwrapped.unwrap_or(raw).trim())
            .filter(|n| !n.is_empty())
            .or_else(|| p.email.as_deref().map(str::trim).filter(|e| !e.is_empty()));
        if let Some(name) = name
            && !out.iter().any(|o| o == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

fn text_as_markdown(text: &Text) -> String {
    as_markdown(&text.content, text.content_type.essence().to_string().as_str())
}

fn text_as_plain(text: &Text) -> String {
    let essence = text.content_type.essence().to_string();
    if essence == "text/plain" {
        text.content.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        html_to_text(&text.content)
    }
}

/// Markdown for a body: HTML converted, plain text kept as it is (it reads as markdown).
fn as_markdown(body: &str, media_type: &str) -> String {
    if media_type == "text/plain" && !looks_like_html(body) { body.trim().to_string() } else { html_to_markdown(body) }
}

/// Feeds often label escaped HTML as plain text; markup this common says otherwise.
fn looks_like_html(s: &str) -> bool {
    ["<p>", "<p ", "<br", "</a>", "</p>", "<div", "<img "].iter().any(|t| s.contains(t))
}

/// The document with its `<rss …>` root tag's version set to 2.0; None when the root is not
/// `<rss>` or already says a version feed-rs knows.
fn rss_as_2_0(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = quick_xml::reader::Reader::from_str(text);
    loop {
        let start = usize::try_from(reader.buffer_position()).ok()?;
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(root) => {
                let end = usize::try_from(reader.buffer_position()).ok()?;
                let qname = root.name();
                let name: &str = qname.as_ref();
                if name != "rss" {
                    return None;
                }
                let mut tag = String::from("<rss version=\"2.0\"");
                for attr in root.attributes().flatten() {
                    let key: &str = attr.key.as_ref();
                    if key != "version" {
                        tag.push_str(&format!(" {key}=\"{}\"", attr.value.replace('"', "&quot;")));
                    }
                }
                tag.push('>');
                let mut out = Vec::with_capacity(bytes.len() + 16);
                out.extend_from_slice(&bytes[..start]);
                out.extend_from_slice(tag.as_bytes());
                out.extend_from_slice(&bytes[end..]);
                return Some(out);
            }
            quick_xml::events::Event::Eof | quick_xml::events::Event::Empty(_) => return None,
            _ => {}
        }
    }
}

/// One line for a feed that cannot be read at all, with the line where it can be found.
fn whole_file_problem(origin: &str, bytes: &[u8], err: &ParseFeedError) -> ImportProblem {
    let (line, reason) = match err {
        ParseFeedError::XmlReader(_) => match first_error(&String::from_utf8_lossy(bytes)) {
            Some((line, reason)) => (Some(line), reason),
            None => (None, format!("not a readable feed: {err}")),
        },
        ParseFeedError::JsonSerde(e) => (Some(e.line()), format!("not a readable JSON feed: {e}")),
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => match first_error(&String::from_utf8_lossy(bytes)) {
            Some((line, reason)) if bytes.iter().any(|b| !b.is_ascii_whitespace()) => (Some(line), reason),
            _ if bytes.iter().all(u8::is_ascii_whitespace) => (None, "the file is empty".to_string()),
            _ => (None, "not a feed: no <rss>, <feed>, <rdf:RDF> or JSON Feed at its root".to_string()),
        },
        ParseFeedError::ParseError(
            ParseErrorKind::UnknownMimeType { position, .. }
            | ParseErrorKind::MissingContent { position, .. }
            | ParseErrorKind::UnknownEnumVariant { position, .. }
            | ParseErrorKind::IllegalState { position, .. },
        ) => (
            Some(line_at(bytes, usize::try_from(*position).unwrap_or(usize::MAX))),
            format!("not a readable feed: {err}"),
        ),
        _ => (None, format!("not a readable feed: {err}")),
    };
    ImportProblem { origin: origin.to_string(), line, reason }
}

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
