//! Telling a page from a feed, and finding a page's feed from its `<link rel="alternate">`.

/// Whether `bytes` (with its `Content-Type`) is an HTML page rather than a feed.
pub fn looks_like_html(content_type: Option<&str>, bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).trim_start_matches('\u{feff}').to_lowercase();
    let head = head.trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    let says_html = content_type.is_some_and(|t| t.to_lowercase().contains("text/html"));
    // A feed served as text/html still starts like one.
    says_html
        && !(head.starts_with("<?xml")
            || head.starts_with("<rss")
            || head.starts_with("<feed")
            || head.starts_with('{'))
}

/// The feed addresses a page announces (`<link rel="alternate" type="application/rss+xml">`,
/// Atom or JSON Feed), resolved against the page's address, in page order.
pub fn feed_links(page_url: &str, html: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    // ASCII only: the same byte offsets as `text`, which is sliced by them.
    let lower = text.to_ascii_lowercase();
    let base = url::Url::parse(page_url).ok();
    let mut out: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<link") {
        let start = from + at;
        let Some(len) = lower[start..].find('>') else { break };
        let tag = &text[start + 5..start + len];
        from = start + len;
        let attrs = attributes(tag);
        let get = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let rel_alternate =
            get("rel").is_some_and(|r| r.split_ascii_whitespace().any(|w| w.eq_ignore_ascii_case("alternate")));
        let feed_type = get("type").is_some_and(|t| {
            matches!(
                t.trim().to_ascii_lowercase().as_str(),
                "application/rss+xml" | "application/atom+xml" | "application/feed+json" | "application/json"
            )
        });
        let Some(href) = get("href").map(unescape).filter(|h| !h.trim().is_empty()) else { continue };
        if !(rel_alternate && feed_type) {
            continue;
        }
        let resolved = match &base {
            Some(base) => base.join(href.trim()).map(|u| u.to_string()).unwrap_or(href),
            None => href,
        };
        // Only web addresses are followed: a page may announce `file:`, `javascript:` or
        // `data:` "feeds", and none of them is something to fetch on the reader's behalf.
        let web =
            ["http://", "https://"].iter().any(|s| resolved.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)));
        if web && !out.contains(&resolved) {
            out.push(resolved);
        }
    }
    out
}

/// `name="value"` pairs of a tag's inside (names lowercased; quotes optional).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = tag.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let name_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[name_start..i].iter().collect::<String>().to_ascii_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let value: String = match chars.get(i) {
                Some(&q) if q == '"' || q == '\'' => {
                    let start = i + 1;
                    i = start;
                    while i < chars.len() && chars[i] != q {
                        i += 1;
                    }
                    let v = chars[start..i.min(chars.len())].iter().collect();
                    i += 1;
                    v
                }
                _ => {
                    let start = i;
                    while i < chars.len() && !chars[i].is_whitespace() {
                        i += 1;
                    }
                    chars[start..i].iter().collect()
                }
            };
            out.push((name, value));
        } else if !name.is_empty() {
            out.push((name, String::new()));
        } else {
            i += 1;
        }
    }
    out
}

/// The entities an attribute value commonly carries.
fn unescape(v: &str) -> String {
    v.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rss_and_atom_links_resolved_against_the_page() {
        let page = br#"<!DOCTYPE html><html><head>
            <link rel="stylesheet" href="/s.css">
            <LINK REL="alternate" TYPE="application/rss+xml" title="RSS" href="/feed.xml?a=1&amp;b=2">
            <link type='application/atom+xml' rel='alternate' href='https://other.example/atom'/>
            <link rel=alternate type=application/rss+xml href=/feed.xml?a=1&amp;b=2>
            </head></html>"#;
        assert_eq!(
            feed_links("http://blog.example/posts/", page),
            vec!["http://blog.example/feed.xml?a=1&b=2".to_string(), "https://other.example/atom".to_string()]
        );
    }

    #[test]
    fn only_web_addresses_are_offered_as_feeds() {
        let page = br#"<head>
            <link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/atom+xml" href="data:application/atom+xml,<feed/>">
            <link rel="alternate" type="application/atom+xml" href="HTTPS://ok.example/atom">
            </head>"#;
        assert_eq!(feed_links("http://blog.example/", page), vec!["https://ok.example/atom".to_string()]);
        // Without a base to resolve against, a relative or odd address is not offered either.
        assert!(feed_links("not a url", b"<link rel=alternate type=application/rss+xml href=/feed>").is_empty());
    }

    #[test]
    fn tells_pages_from_feeds() {
        assert!(looks_like_html(None, b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(Some("text/html; charset=utf-8"), b"<body>hi</body>"));
        assert!(!looks_like_html(Some("text/html"), b"<?xml version=\"1.0\"?><rss>"));
        assert!(!looks_like_html(Some("application/rss+xml"), b"<rss version=\"2.0\">"));
    }
}
