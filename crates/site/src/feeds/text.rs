//! Text for XML: escaping, the characters XML 1.0 cannot carry at all, and dates.

use jiff::Timestamp;

/// `s` as XML character data or an attribute value: `& < > " '` as entities, and the characters
/// XML 1.0 forbids even as references (C0 controls but tab, newline and return; U+FFFE, U+FFFF)
/// left out, since a single one makes the whole feed unreadable to a conforming parser.
pub fn escape(s: &str) -> String {
    escape_as(s, false)
}

/// `s` as an attribute value: as `escape`, and tab and newline as references too, since a parser
/// turns them into spaces in attributes (attribute-value normalization).
pub fn escape_attr(s: &str) -> String {
    escape_as(s, true)
}

fn escape_as(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Runs of characters that stay as they are are copied whole: feeds carry whole posts.
    let mut kept = 0;
    for (at, c) in s.char_indices() {
        let replacement = match c {
            // A parser turns a raw carriage return (and CR LF) into a newline, in text too.
            '\r' => "&#13;",
            '\t' if attr => "&#9;",
            '\n' if attr => "&#10;",
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            c if xml_allows(c) => continue,
            _ => "",
        };
        out.push_str(&s[kept..at]);
        out.push_str(replacement);
        kept = at + c.len_utf8();
    }
    out.push_str(&s[kept..]);
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production; Rust strings hold no surrogates).
pub fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A text element `<name>text</name>` on its own line, indented.
pub fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name.split(' ').next().unwrap_or(name));
    out.push_str(">\n");
}

fn timestamp(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// RFC 2822 (RSS's `pubDate`) in GMT, e.g. `Thu, 01 Jan 1970 00:00:00 GMT`.
pub fn rfc2822(secs: i64) -> String {
    let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
    printer
        .timestamp_to_rfc9110_string(&timestamp(secs))
        .unwrap_or_else(|_| "Thu, 01 Jan 1970 00:00:00 GMT".to_string())
}

/// RFC 3339 in UTC to the second (Atom, JSON Feed, and the W3C dates of sitemaps).
pub fn rfc3339(secs: i64) -> String {
    timestamp(secs).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_never_reach_the_xml() {
        assert_eq!(escape(r#"<a href="x">&'</a>]]>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;]]&gt;");
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFF}\td\ne\r"), "abc\td\ne&#13;");
        assert_eq!(escape_attr("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
        assert_eq!(escape("\u{202E}rtl"), "\u{202E}rtl", "bidi controls are legal text");
    }

    #[test]
    fn dates_in_both_formats() {
        assert_eq!(rfc2822(1_700_000_000), "Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc2822(i64::MAX), "Thu, 01 Jan 1970 00:00:00 GMT", "out of range falls back, no panic");
    }
}
