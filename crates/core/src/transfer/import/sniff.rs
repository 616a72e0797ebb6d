//! Telling import formats apart by their content, not their file name: WordPress WXR, Ghost JSON, RSS, Atom, RDF and JSON Feed.

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::feed::parse_feed;
use super::ghost::parse_ghost;
use super::item::{ImportProblem, Parsed};
use super::wxr::parse_wxr;
use super::xml_guard::strip_bom;

/// A format an import parser reads. WXR goes to `parse_wxr`, Ghost to `parse_ghost`, the
/// four feed kinds to `parse_feed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// WordPress's export: RSS 2.0 with the `wp:` namespace.
    Wxr,
    /// Ghost's JSON export (`{"db": [{"data": {"posts": …}}]}`, or the older `{"meta", "data"}`).
    GhostJson,
    /// RSS 0.9x and 2.0 (`<rss>`).
    Rss,
    /// Atom (`<feed>`).
    Atom,
    /// RSS 1.0 and 0.90 (`<rdf:RDF>`).
    Rdf,
    /// JSON Feed 1.x.
    JsonFeed,
}

impl Kind {
    /// Whether `parse_feed` is the parser for it.
    pub fn is_feed(self) -> bool {
        matches!(self, Kind::Rss | Kind::Atom | Kind::Rdf | Kind::JsonFeed)
    }
}

/// What the input is, by its first element (XML) or its top-level keys (JSON); None when it is
/// neither one of these nor readable enough to say (byline's own JSON is not recognised here).
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let bytes = strip_bom(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace())? {
        b'{' => sniff_json(bytes),
        b'<' => sniff_xml(bytes),
        _ => None,
    }
}

/// Reads the input with the parser its content calls for; None when it is none of these formats
/// (so the caller can try another, or say the format is unknown).
pub fn parse_sniffed(origin: &str, bytes: &[u8]) -> Option<Result<Parsed, ImportProblem>> {
    Some(match sniff(bytes)? {
        Kind::Wxr => parse_wxr(origin, bytes),
        Kind::GhostJson => parse_ghost(origin, bytes),
        Kind::Rss | Kind::Atom | Kind::Rdf | Kind::JsonFeed => parse_feed(origin, bytes),
    })
}

#[derive(Deserialize)]
struct JsonProbe {
    version: Option<serde_json::Value>,
    db: Option<IgnoredAny>,
    meta: Option<IgnoredAny>,
    data: Option<GhostDataProbe>,
}

#[derive(Deserialize)]
struct GhostDataProbe {
    posts: Option<IgnoredAny>,
}

fn sniff_json(bytes: &[u8]) -> Option<Kind> {
    // Skips every value it does not name without building it, so a large export costs one scan.
    let probe: JsonProbe = serde_json::from_slice(bytes).ok()?;
    let version = probe.version.as_ref().and_then(|v| v.as_str()).unwrap_or("");
    if version.starts_with("https://jsonfeed.org/version/") || version.starts_with("http://jsonfeed.org/version/") {
        Some(Kind::JsonFeed)
    } else if probe.db.is_some() || (probe.meta.is_some() && probe.data.is_some_and(|d| d.posts.is_some())) {
        Some(Kind::GhostJson)
    } else {
        None
    }
}

fn sniff_xml(bytes: &[u8]) -> Option<Kind> {
    // The root element is near the top; a cut mid-document does not matter to reading it.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let mut reader = Reader::from_str(&head);
    loop {
        // A document broken before its root still goes to the parser its root names, which
        // then says on which line it breaks.
        let Ok(event) = reader.read_event() else { return guess_root(&head) };
        match event {
            Event::Start(root) | Event::Empty(root) => {
                let qname = root.name();
                let name: &str = qname.as_ref();
                let local = name.rsplit(':').next().unwrap_or(name);
                return match local {
                    "rss" if is_wordpress(&root, &head) => Some(Kind::Wxr),
                    "rss" => Some(Kind::Rss),
                    "feed" => Some(Kind::Atom),
                    "RDF" => Some(Kind::Rdf),
                    _ => None,
                };
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn guess_root(head: &str) -> Option<Kind> {
    let first = |tag: &str| head.find(tag).unwrap_or(usize::MAX);
    let (rss, feed, rdf) = (first("<rss"), first("<feed"), first("<rdf:RDF"));
    let earliest = rss.min(feed).min(rdf);
    if earliest == usize::MAX {
        None
    } else if earliest == rss {
        Some(if head.contains("xmlns:wp=\"http://wordpress.org/export/") { Kind::Wxr } else { Kind::Rss })
    } else if earliest == feed {
        Some(Kind::Atom)
    } else {
        Some(Kind::Rdf)
    }
}

fn is_wordpress(root: &quick_xml::events::BytesStart<'_>, head: &str) -> bool {
    let declares_wp = root.attributes().flatten().any(|a| {
        let value: &str = a.value.as_ref();
        value.starts_with("http://wordpress.org/export/") || value.starts_with("https://wordpress.org/export/")
    });
    declares_wp && head.contains("<wp:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_formats_apart() {
        let wxr = include_bytes!("../../../tests/fixtures/import/wordpress.xml");
        assert_eq!(sniff(wxr), Some(Kind::Wxr));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"),
            Some(Kind::Rss)
        );
        assert_eq!(
            sniff(b"<!DOCTYPE rss SYSTEM \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"/>"),
            Some(Kind::Rss)
        );
        assert_eq!(sniff(b"<!-- hi --><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"), Some(Kind::Atom));
        assert_eq!(
            sniff(b"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"></rdf:RDF>"),
            Some(Kind::Rdf)
        );
        assert_eq!(sniff(br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#), Some(Kind::JsonFeed));
        assert_eq!(sniff(br#"{"db": [{"meta": {}, "data": {"posts": []}}]}"#), Some(Kind::GhostJson));
        assert_eq!(sniff(br#"{"meta": {"version": "000"}, "data": {"posts": []}}"#), Some(Kind::GhostJson));
        assert_eq!(sniff(br#"{"version": 1, "posts": []}"#), None);
        assert_eq!(sniff(b"+++\ntitle = \"x\"\n+++\n"), None);
        assert_eq!(sniff(b"<html><body/></html>"), None);
        assert_eq!(sniff(b""), None);
        assert!(Kind::Rdf.is_feed() && !Kind::Wxr.is_feed());
    }

    #[test]
    fn broken_and_hostile_files_still_reach_the_parser_that_explains_them() {
        let broken = b"<?xml version=\"1.0\"?>\n<!-- -- -->\n<rss version=\"2.0\"><channel></rss>";
        assert_eq!(sniff(broken), Some(Kind::Rss));
        let err = parse_sniffed("b.xml", broken).unwrap().unwrap_err();
        assert!(err.line.is_some(), "{err}");
        let lol = crate::transfer::import::wxr::tests::billion_laughs("<rss version=\"2.0\"><channel/></rss>");
        let err = parse_sniffed("lol.xml", lol.as_bytes()).unwrap().unwrap_err();
        assert!(err.reason.contains("billion laughs"), "{err}");
        let wxr = include_bytes!("../../../tests/fixtures/import/wordpress.xml");
        assert_eq!(parse_sniffed("wp.xml", wxr).unwrap().unwrap().items.len(), 7);
        let ghost = include_bytes!("../../../tests/fixtures/import/ghost.json");
        assert_eq!(parse_sniffed("g.json", ghost).unwrap().unwrap().items.len(), 5);
        assert!(parse_sniffed("x.md", b"# hello").is_none());
    }
}
