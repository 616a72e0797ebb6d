//! Escaping untrusted text for HTML: the one rule the site, the emails, the web pages and the importer share.

/// `s` safe as HTML text and as a quoted attribute value (either quote): `& < > " '` as entities.
/// Runs of ordinary characters are copied whole, since whole posts pass through here.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut kept = 0;
    for (at, c) in s.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[kept..at]);
        out.push_str(entity);
        kept = at + 1;
    }
    out.push_str(&s[kept..]);
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn markup_and_quotes_become_entities_and_the_rest_is_kept() {
        assert_eq!(
            escape_html(r#"<a href="x" title='y'>Tom & Jerry</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape_html("café — 日本"), "café — 日本");
        assert_eq!(escape_html(""), "");
    }
}
