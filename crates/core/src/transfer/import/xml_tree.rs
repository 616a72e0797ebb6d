//! A small element tree read with quick-xml, for formats (WordPress WXR) easier to map from a tree than from events.
//!
//! Names are kept as written (`wp:post_id`): WordPress always writes the same prefixes, and
//! matching them as text keeps the mapping readable. Entity references other than XML's five
//! and character references are kept as written (`&nbsp;`): the guard has already refused any
//! document that declares entities, and inside HTML bodies the HTML converter reads them.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Deeper than this is not an export but an attempt to exhaust the stack.
const MAX_DEPTH: usize = 256;

#[derive(Debug, Default)]
pub(crate) struct XmlElement {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Text and CDATA directly inside the element, concatenated.
    pub text: String,
    pub children: Vec<XmlElement>,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl XmlElement {
    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the first child so named, when it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Reads a whole document into its root element, or the line and reason it is not well-formed.
pub(crate) fn parse(text: &str) -> Result<XmlElement, (usize, String)> {
    let mut reader = Reader::from_str(text);
    let bytes = text.as_bytes();
    let mut lines = LineCounter::default();
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let pos = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
            (lines.line(bytes, pos), format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err((lines.line(bytes, at), "content after the document's root element".to_string()));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err((lines.line(bytes, at), format!("elements nested deeper than {MAX_DEPTH}")));
                }
                stack.push(element(&start, lines.line(bytes, at)));
            }
            Event::Empty(start) => {
                let el = element(&start, lines.line(bytes, at));
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                // quick-xml checks that end names match, so the stack top is the element closed.
                let Some(done) = stack.pop() else {
                    return Err((lines.line(bytes, at), "a closing tag with no element open".to_string()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(el) = stack.last_mut() {
                    let name = r.into_inner();
                    match resolve(&name) {
                        Some(resolved) => el.text.push_str(&resolved),
                        None => {
                            el.text.push('&');
                            el.text.push_str(&name);
                            el.text.push(';');
                        }
                    }
                }
            }
            Event::DocType(_) if root.is_some() || !stack.is_empty() => {
                return Err((lines.line(bytes, at), "a DOCTYPE inside the document".to_string()));
            }
            Event::Eof => {
                return match (root, stack.is_empty()) {
                    (Some(root), true) => Ok(root),
                    (None, true) => Err((lines.line(bytes, bytes.len()), "no XML element in the file".to_string())),
                    (_, false) => Err((
                        lines.line(bytes, bytes.len()),
                        format!("the file ends inside <{}>", stack.last().map_or("", |e| e.name.as_str())),
                    )),
                };
            }
            _ => {}
        }
    }
}

/// `#38`, `#x26` and XML's five named entities; None for anything else.
fn resolve(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0').map(String::from);
    }
    resolve_predefined_entity(name).map(str::to_string)
}

fn element(start: &BytesStart<'_>, line: usize) -> XmlElement {
    let attrs = start
        .attributes()
        .flatten()
        .map(|a| {
            let key: &str = a.key.as_ref();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
            (key.to_string(), value)
        })
        .collect();
    let qname = start.name();
    let name: &str = qname.as_ref();
    XmlElement { name: name.to_string(), attrs, line, ..XmlElement::default() }
}

/// Turns byte offsets into line numbers in one forward pass over the document.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: usize,
}

impl LineCounter {
    fn line(&mut self, bytes: &[u8], offset: usize) -> usize {
        let offset = offset.min(bytes.len());
        if offset < self.pos {
            return super::xml_guard::line_at(bytes, offset);
        }
        self.line += bytes[self.pos..offset].iter().filter(|&&b| b == b'\n').count();
        self.pos = offset;
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_tree_with_text_cdata_references_and_lines() {
        let doc = "<?xml version=\"1.0\"?>\r\n<rss a=\"1&amp;2\">\r\n<item><t>A &amp; B &#233; &nbsp;<![CDATA[<p>x</p>\r\n]]></t><e/></item>\n</rss>";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "rss");
        assert_eq!(root.attr("a"), Some("1&2"));
        let item = root.child("item").unwrap();
        assert_eq!(item.line, 3);
        assert_eq!(item.text_of("t"), Some("A & B é &nbsp;<p>x</p>"));
        assert!(item.child("e").is_some());
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("<a>\n<b>\n</c></a>").unwrap_err().0, 3);
        assert!(parse("<a>\n<b>").unwrap_err().1.contains("ends inside <b>"));
        assert!(parse("").is_err());
        let deep = "<a>".repeat(10_000);
        assert!(parse(&deep).unwrap_err().1.contains("nested deeper"));
    }
}
