//! Lists of feeds other readers keep: OPML (read with folders as categories, and written) and
//! newsboat's `urls` file.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::store::feeds::{Feed, NewFeed};
use crate::transfer::import::xml_guard::{refuse_entities, strip_bom};

/// A list's entries, and the lines or outlines that could not become one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedList {
    pub feeds: Vec<NewFeed>,
    /// One line each: where, and why it was skipped.
    pub skipped: Vec<String>,
}

/// Reads an OPML document: every outline with an `xmlUrl` is a feed, and the folders (outlines
/// without one) around it are its category, nested ones joined by "/".
pub fn parse_opml(origin: &str, bytes: &[u8]) -> Result<FeedList, String> {
    let bytes = strip_bom(bytes);
    refuse_entities(origin, bytes).map_err(|p| p.reason)?;
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let mut reader = Reader::from_str(text);
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut list = FeedList::default();
    let mut saw_opml = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML near byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if is(&e, "opml") => saw_opml = true,
            Event::Start(e) if is(&e, "outline") => {
                let folder = outline(&e, &folders, &mut list);
                folders.push(folder);
            }
            Event::Empty(e) if is(&e, "outline") => {
                outline(&e, &folders, &mut list);
            }
            Event::End(e)
                if {
                    let q = e.name();
                    let n: &str = q.as_ref();
                    n == "outline"
                } =>
            {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML file: no <opml> element".into());
    }
    Ok(list)
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    let qname = e.name();
    let own: &str = qname.as_ref();
    own == name
}

/// Handles one outline: a feed is added to `list`; a folder answers its name for its children.
fn outline(e: &BytesStart<'_>, folders: &[Option<String>], list: &mut FeedList) -> Option<String> {
    let attr = |name: &str| {
        e.attributes()
            .flatten()
            .find(|a| {
                let key: &str = a.key.as_ref();
                key.eq_ignore_ascii_case(name)
            })
            .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.trim().to_string()))
            .filter(|v| !v.is_empty())
    };
    let name = attr("title").or_else(|| attr("text"));
    let Some(url) = attr("xmlUrl") else { return name };
    if super::fetch::check_url(&url).is_err() {
        list.skipped.push(format!("{url}: not an http or https address"));
        return None;
    }
    let path: Vec<&str> = folders.iter().flatten().map(String::as_str).collect();
    list.feeds.push(NewFeed {
        url,
        title: name.unwrap_or_default(),
        site_url: attr("htmlUrl"),
        category: (!path.is_empty()).then(|| path.join("/")),
    });
    None
}

/// Reads newsboat's `urls` file: one address a line, then optional tags (quoted when they hold
/// spaces); `~Name` is a title, `!` hides (ignored here); `#` starts a comment. The first plain
/// tag is the category. `query:`, `exec:` and `filter:` lines are newsboat's own and skipped.
pub fn parse_newsboat_urls(text: &str) -> FeedList {
    let mut list = FeedList::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words = split_words(line);
        let Some((url, tags)) = words.split_first() else { continue };
        if super::fetch::check_url(url).is_err() {
            list.skipped.push(format!("line {}: {url}: not an http or https feed address", n + 1));
            continue;
        }
        let title = tags.iter().find_map(|t| t.strip_prefix('~')).unwrap_or_default().to_string();
        let category = tags.iter().find(|t| !t.starts_with('~') && !t.starts_with('!') && !t.is_empty()).cloned();
        list.feeds.push(NewFeed { url: url.clone(), title, site_url: None, category });
    }
    list
}

/// Words split on blanks, a `"quoted phrase"` kept whole, and a `#` outside quotes ending the line.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut had_quotes = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                had_quotes = true;
            }
            '#' if !quoted && current.is_empty() => break,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() || had_quotes {
                    words.push(std::mem::take(&mut current));
                }
                had_quotes = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() || had_quotes {
        words.push(current);
    }
    words
}

/// The followed feeds as OPML 2.0, categories as folders.
pub fn write_opml(feeds: &[Feed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>Feeds followed in byline</title>\n  </head>\n  <body>\n",
    );
    let mut categories: Vec<Option<&str>> = feeds.iter().map(|f| f.category.as_deref()).collect();
    categories.dedup();
    let mut done: Vec<Option<&str>> = Vec::new();
    for category in categories {
        if done.contains(&category) {
            continue;
        }
        done.push(category);
        let members = feeds.iter().filter(|f| f.category.as_deref() == category);
        let indent = if category.is_some() { "      " } else { "    " };
        if let Some(name) = category {
            out.push_str(&format!("    <outline text=\"{0}\" title=\"{0}\">\n", escape(name)));
        }
        for f in members {
            let title = if f.title.is_empty() { &f.url } else { &f.title };
            out.push_str(&format!(
                "{indent}<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"",
                escape(title),
                escape(&f.url)
            ));
            if let Some(site) = &f.site_url {
                out.push_str(&format!(" htmlUrl=\"{}\"", escape(site)));
            }
            out.push_str("/>\n");
        }
        if category.is_some() {
            out.push_str("    </outline>\n");
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_folders_become_categories() {
        let opml = br#"<?xml version="1.0"?><opml version="2.0"><head/><body>
            <outline text="Tech"><outline text="Rust" title="Rust blog" xmlUrl="https://blog.rust-lang.org/feed.xml" htmlUrl="https://blog.rust-lang.org/"/>
              <outline text="Deep"><outline text="x" xmlUrl="http://a.example/rss?a=1&amp;b=2"/></outline></outline>
            <outline text="Loose" xmlUrl="https://loose.example/atom"/>
            <outline text="bad" xmlUrl="ftp://nope"/>
            </body></opml>"#;
        let list = parse_opml("f.opml", opml).unwrap();
        let got: Vec<(&str, &str, Option<&str>)> =
            list.feeds.iter().map(|f| (f.url.as_str(), f.title.as_str(), f.category.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("https://blog.rust-lang.org/feed.xml", "Rust blog", Some("Tech")),
                ("http://a.example/rss?a=1&b=2", "x", Some("Tech/Deep")),
                ("https://loose.example/atom", "Loose", None),
            ]
        );
        assert_eq!(list.skipped.len(), 1);
        assert!(parse_opml("x", b"<rss/>").is_err());
    }

    #[test]
    fn newsboat_urls_lines() {
        let text = "# my feeds\nhttps://a.example/feed \"tech news\" ~Alpha\n\n  http://b.example/rss   # old\n\
                    \"query:Unread:unread = \\\"yes\\\"\"\nexec:~/bin/x\nhttps://c.example/f !hidden fun\n";
        let list = parse_newsboat_urls(text);
        let got: Vec<(&str, &str, Option<&str>)> =
            list.feeds.iter().map(|f| (f.url.as_str(), f.title.as_str(), f.category.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("https://a.example/feed", "Alpha", Some("tech news")),
                ("http://b.example/rss", "", None),
                ("https://c.example/f", "", Some("fun")),
            ]
        );
        assert_eq!(list.skipped.len(), 2);
    }
}
