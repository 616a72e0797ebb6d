//! XML safety and diagnostics shared by the WordPress and feed parsers: entity declarations refused up front, lines for errors.
//!
//! Neither quick-xml nor feed-rs expands entities a document declares or fetches anything a DOCTYPE
//! names, but a file that declares entities is refused before any parser runs all the same: it is
//! either an attack (billion laughs, `SYSTEM "file:///etc/passwd"`) or relies on expansion byline
//! will never do, and saying so at once beats importing text with `&name;` left in it. A DOCTYPE
//! that only names an external DTD (`<!DOCTYPE rss SYSTEM "…rss-0.91.dtd">`, as RSS 0.91 feeds
//! carry) is let through: nothing is fetched, and refusing it would turn away real feeds.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::item::ImportProblem;

/// Strips a UTF-8 byte order mark, which some exporters and editors put before `<?xml`.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// 1-based line of a byte offset.
pub(crate) fn line_at(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Reads the input as UTF-8 text (without a BOM), or says on which line it stops being UTF-8.
pub(crate) fn utf8<'a>(origin: &str, bytes: &'a [u8]) -> Result<&'a str, ImportProblem> {
    let bytes = strip_bom(bytes);
    std::str::from_utf8(bytes).map_err(|e| ImportProblem {
        origin: origin.to_string(),
        line: Some(line_at(bytes, e.valid_up_to())),
        reason: "the file is not UTF-8 text".to_string(),
    })
}

/// Refuses a document whose prolog declares entities. Looks only at the prolog (declaration,
/// comments, processing instructions, DOCTYPE), so a post body quoting `<!DOCTYPE html>` in
/// CDATA is not mistaken for one; the work is one pass over the prolog's bytes, however many
/// entities it declares.
pub(crate) fn refuse_entities(origin: &str, bytes: &[u8]) -> Result<(), ImportProblem> {
    let bytes = strip_bom(bytes);
    let problem = |at: usize, reason: &str| ImportProblem {
        origin: origin.to_string(),
        line: Some(line_at(bytes, at)),
        reason: reason.to_string(),
    };
    let mut pos = 0;
    loop {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let rest = &bytes[pos..];
        if rest.starts_with(b"<?") {
            match find(rest, b"?>") {
                Some(end) => pos += end + 2,
                None => return Ok(()), // not well-formed: the parser says where
            }
        } else if rest.starts_with(b"<!--") {
            match find(&rest[4..], b"-->") {
                Some(end) => pos += 4 + end + 3,
                None => return Ok(()),
            }
        } else if starts_with_ignore_case(rest, b"<!DOCTYPE") {
            let Some(len) = doctype_len(rest) else {
                return Err(problem(pos, "the DOCTYPE is never closed; refused before reading further"));
            };
            let decl = &rest[..len];
            return match find_ignore_case(decl, b"<!ENTITY") {
                None => Ok(()),
                Some(at) => {
                    let entity = &decl[at..];
                    let entity = &entity[..find(entity, b">").unwrap_or(entity.len())];
                    let external =
                        find_ignore_case(entity, b"SYSTEM").is_some() || find_ignore_case(entity, b"PUBLIC").is_some();
                    Err(problem(
                        pos + at,
                        if external {
                            "refused: the DOCTYPE declares an external entity (SYSTEM/PUBLIC), \
                             which could read local files or the network; byline never resolves entities"
                        } else {
                            "refused: the DOCTYPE declares entities, which can expand without bound \
                             (\"billion laughs\"); byline never expands declared entities"
                        },
                    ))
                }
            };
        } else {
            return Ok(());
        }
    }
}

/// Length of a DOCTYPE declaration up to its closing `>`, skipping quoted literals and the
/// bracketed internal subset (whose own `>`s do not close it).
fn doctype_len(decl: &[u8]) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    for (i, &b) in decl.iter().enumerate().skip(2) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ignore_case(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where a document stops being well-formed XML: the line and quick-xml's words for it. Used to
/// name the line when a parser that does not report positions (feed-rs) fails.
pub(crate) fn first_error(text: &str) -> Option<(usize, String)> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                seen_root = true;
            }
            Ok(Event::Empty(_)) => seen_root = true,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => {
                let end = text.len();
                return if !seen_root {
                    Some((line_at(text.as_bytes(), end), "no XML element in the file".to_string()))
                } else if depth > 0 {
                    Some((line_at(text.as_bytes(), end), "the file ends before its elements are closed".to_string()))
                } else {
                    None
                };
            }
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Some((line_at(text.as_bytes(), at), format!("not well-formed XML: {e}")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_declarations_are_refused_with_their_line() {
        let doc = b"<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n <!ENTITY a \"aaaa\">\n]>\n<r>&a;</r>";
        let err = refuse_entities("f.xml", doc).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.reason.contains("billion laughs"), "{}", err.reason);
        let xxe = b"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assert!(refuse_entities("f.xml", xxe).unwrap_err().reason.contains("external entity"));
    }

    #[test]
    fn an_external_dtd_name_and_doctype_text_in_the_body_are_let_through() {
        let rss091 = b"\xEF\xBB\xBF<!-- c -->\n<!DOCTYPE rss SYSTEM \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss/>";
        assert_eq!(refuse_entities("f", rss091), Ok(()));
        let body = b"<r><![CDATA[<!DOCTYPE x [<!ENTITY a \"b\">]>]]></r>";
        assert_eq!(refuse_entities("f", body), Ok(()));
    }

    #[test]
    fn first_error_names_the_line() {
        assert_eq!(first_error("<a>\n<b></c>\n</a>").map(|e| e.0), Some(2));
        assert!(first_error("<a>\n<b/>").is_some());
        assert_eq!(first_error("<a><b/></a>"), None);
        assert!(first_error("").is_some());
    }

    #[test]
    fn non_utf8_names_the_line() {
        let err = utf8("f", b"<a>\n\xff</a>").unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
