//! HTML bodies from other engines (WordPress, Ghost, feeds) turned into markdown, and plain words for derived titles.
//!
//! The conversion is htmd's (turndown's rules). Nothing is sanitized here: the body becomes
//! markdown, and byline's own renderers escape or sanitize it on the way out like any post.
//! Scripts, styles and other non-content elements are dropped, since they would come out as
//! stray code text; an embedded frame (a video) becomes a link to what it showed.

use std::rc::Rc;

use htmd::{Element, HtmlToMarkdown, element_handler::Handlers, options::Options};
use markup5ever_rcdom::{Node, NodeData};

thread_local! {
    /// Building the converter registers every handler; once per thread is enough.
    static CONVERTER: HtmlToMarkdown = converter();
}

fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .skip_tags(vec!["script", "style", "noscript", "template", "head", "form", "button", "select"])
        .add_handler(vec!["iframe", "embed"], |_: &dyn Handlers, el: Element| {
            let src = el.attrs.iter().find(|a| &*a.name.local == "src")?.value.to_string();
            let src = src.trim();
            (!src.is_empty()).then(|| format!("\n\n<{src}>\n\n").into())
        })
        .add_handler(vec!["pre"], |handlers: &dyn Handlers, el: Element| {
            if is_code_block(el.node) {
                return handlers.fallback(el);
            }
            Some(fenced(&text_of(el.node)).into())
        })
        .build()
}

/// `<pre><code>…</code></pre>`, which htmd already makes a fenced block.
fn is_code_block(pre: &Rc<Node>) -> bool {
    let children = pre.children.borrow();
    let mut elements = children.iter().filter(|c| match &c.data {
        NodeData::Text { contents } => !contents.borrow().trim().is_empty(),
        _ => true,
    });
    let first_is_code =
        elements.next().is_some_and(|c| matches!(&c.data, NodeData::Element { name, .. } if &*name.local == "code"));
    first_is_code && elements.next().is_none()
}

/// A bare `<pre>` (WordPress's code plugins write them without `<code>`) as a fenced block of
/// its text, so code keeps its lines and its punctuation unescaped.
fn fenced(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("\n\n{fence}\n{}\n{fence}\n\n", text.trim_matches('\n'))
}

/// The text inside a node, `<br>` as a line break.
fn text_of(node: &Rc<Node>) -> String {
    let mut out = String::new();
    let mut stack = vec![Rc::clone(node)];
    while let Some(n) = stack.pop() {
        match &n.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } if &*name.local == "br" => out.push('\n'),
            _ => {}
        }
        stack.extend(n.children.borrow().iter().rev().cloned());
    }
    out
}

/// htmd walks the tree recursively: a few hundred nested elements exhaust a worker thread's
/// stack (an abort, not a panic). Past this depth, which no written post reaches, the text is
/// kept without its markup instead.
const MAX_DEPTH: usize = 100;

/// Elements that never have content, so do not deepen the tree.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements a parser closes by itself when the next one starts (`<p>a<p>b` are siblings), so
/// counting them would overstate the depth of ordinary sloppy HTML.
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// An upper estimate of how deep the elements nest, from the tags alone, in one pass.
fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) || SELF_CLOSING_SIBLINGS.contains(&name.as_str()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if !rest[..end].ends_with('/') {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The text of an HTML string with every tag replaced by a space.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = rest[i..].find('>').map_or("", |e| &rest[i + e + 1..]);
    }
    out.push_str(rest);
    out
}

/// Markdown for an HTML fragment or document; empty input gives an empty string.
pub fn html_to_markdown(html: &str) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    if nesting_depth(html) > MAX_DEPTH {
        return html_to_markdown(&strip_tags(html));
    }
    // htmd's conversion cannot fail on a `&str` (its io::Result is for the reader API); an
    // error would still not be worth losing the post over, so fall back to the raw text.
    CONVERTER.with(|c| c.convert(html)).unwrap_or_else(|_| html.to_string()).trim().to_string()
}

/// Plain text for a title written as HTML (`Kyoto &amp; the &#8220;slow&#8221; train`):
/// references decoded, tags dropped, whitespace collapsed; text without markup is returned as is.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['&', '<']) {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let markdown = html_to_markdown(html);
    // htmd escapes markdown punctuation with a backslash; a title wants the characters back.
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` words of a markdown text without its markup, for an item that has no title.
/// Ends with `…` when it cut the text short.
pub fn first_words(markdown: &str, max: usize) -> String {
    let plain = plain_text(markdown);
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut title = words.iter().take(max).copied().collect::<Vec<_>>().join(" ");
    if words.len() > max {
        title.push('…');
    }
    title
}

/// Markdown reduced to its words: images dropped, links to their text, emphasis and heading
/// marks removed. Good enough for a title, not a renderer.
fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len().min(4096));
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '!' if chars.peek() == Some(&'[') => {
                // An image: skip `[alt](url)` whole.
                skip_bracketed(&mut chars, '[', ']');
                if chars.peek() == Some(&'(') {
                    skip_bracketed(&mut chars, '(', ')');
                }
            }
            ']' if chars.peek() == Some(&'(') => skip_bracketed(&mut chars, '(', ')'),
            // An autolink `<https://…>` is an address, not words.
            '<' => {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            '[' | ']' | '*' | '_' | '#' | '>' | '`' => {}
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
        if out.len() > 2048 {
            break;
        }
    }
    out
}

fn skip_bracketed(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, open: char, close: char) {
    let mut depth = 0usize;
    for c in chars.by_ref() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_links_lists_and_code_become_markdown() {
        let md = html_to_markdown(
            "<h2>Intro</h2><p>Hello <a href=\"https://ex.com\">there</a> &amp; <em>you</em>.</p>\
             <ul><li>one</li><li>two</li></ul><pre><code>let x = 1;</code></pre>",
        );
        assert!(md.starts_with("## Intro"), "{md}");
        assert!(md.contains("Hello [there](https://ex.com) & *you*."), "{md}");
        assert!(md.contains("- one\n- two"), "{md}");
        assert!(md.contains("```\nlet x = 1;\n```"), "{md}");
    }

    #[test]
    fn a_bare_pre_becomes_a_fenced_block_with_its_lines() {
        let md = html_to_markdown("<pre class=\"brush: rust\">let *a* = 1;\n\n<b>x</b>();<br>end</pre>");
        assert_eq!(md, "```\nlet *a* = 1;\n\nx();\nend\n```");
        assert_eq!(html_to_markdown("<pre>a ``` b</pre>"), "````\na ``` b\n````");
        assert_eq!(html_to_markdown("<pre>\n<code>c</code>\n</pre>"), "```\nc\n```");
    }

    #[test]
    fn scripts_and_styles_are_dropped_and_frames_become_links() {
        let md = html_to_markdown(
            "<p>a</p><script>alert(1)</script><style>p{}</style>\
             <iframe src=\"https://www.youtube.com/embed/xyz\"></iframe><p>b</p>",
        );
        assert!(!md.contains("alert") && !md.contains("p{}"), "{md}");
        assert!(md.contains("<https://www.youtube.com/embed/xyz>"), "{md}");
        assert_eq!(html_to_markdown("  \n"), "");
    }

    #[test]
    fn html_titles_become_text() {
        assert_eq!(html_to_text("Kyoto &amp; the &#8220;slow&#8221; train"), "Kyoto & the \u{201c}slow\u{201d} train");
        assert_eq!(html_to_text("C# *and* snake_case"), "C# *and* snake_case");
        assert_eq!(html_to_text("1. Not a list &lt;tag&gt;"), "1. Not a list <tag>");
    }

    #[test]
    fn absurdly_deep_html_keeps_its_text_instead_of_exhausting_the_stack() {
        for tag in ["div", "blockquote", "em"] {
            let html =
                format!("{}deep text{}", format!("<{tag}>").repeat(100_000), format!("</{tag}>").repeat(100_000));
            assert_eq!(html_to_markdown(&html), "deep text");
        }
        // Ordinary sloppy HTML (unclosed paragraphs and list items) is still converted.
        let sloppy = "<p>a".repeat(500) + &"<ul><li>x".repeat(3);
        assert!(html_to_markdown(&sloppy).contains("- x"));
        assert_eq!(nesting_depth("<div><p>a<br><img src=x/><span/></div>"), 1);
    }

    #[test]
    fn first_words_strips_markup_and_marks_the_cut() {
        let md = "## Big *news*: see [the page](https://x.y) ![pic](a.png) <https://x.y> today and tomorrow too";
        assert_eq!(first_words(md, 6), "Big news: see the page today…");
        assert_eq!(first_words("short one", 6), "short one");
        assert_eq!(first_words("", 6), "");
    }
}
