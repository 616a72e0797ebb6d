//! WordPress's conventions inside a post's content: shortcodes, the `<!--more-->` marker, and paragraphs made of blank lines.
//!
//! WordPress stores what the editor typed, not what it shows: classic posts have no `<p>` tags
//! (WordPress adds them when showing the post), `[caption]` and friends are expanded by plugins
//! at display time. Read raw, such a post would lose its paragraphs and show bracket codes.

use crate::html::escape_html as escape_attr;

/// Shortcodes that are dropped or replaced even without attributes; any other `[name]` without
/// `key=value` attributes or a closing tag is ordinary text (`[sic]`, `[1]`).
const KNOWN: &[&str] = &[
    "audio",
    "caption",
    "contact-form",
    "contact-form-7",
    "embed",
    "gallery",
    "googlemaps",
    "instagram",
    "jetpack_subscription_form",
    "playlist",
    "slideshow",
    "soundcloud",
    "tweet",
    "video",
    "vimeo",
    "wp_caption",
    "youtube",
];

/// A shortcode's opening tag as found in the text.
struct Open<'a> {
    name: &'a str,
    /// `key=value` attributes and bare values (key empty), in order.
    attrs: Vec<(String, String)>,
    /// Bytes the tag takes, brackets included.
    len: usize,
    self_closed: bool,
}

/// Splits content at WordPress's `<!--more-->` marker (also `<!--more Read on-->`): the text
/// before it, when there is one, and the content with the marker removed.
pub(crate) fn split_more(content: &str) -> (Option<String>, String) {
    let Some(start) = content.find("<!--more") else {
        return (None, content.to_string());
    };
    let end = content[start..].find("-->").map_or(content.len(), |e| start + e + 3);
    let before = content[..start].trim();
    // The block editor wraps the marker in `<!-- wp:more -->…<!-- /wp:more -->`: drop both.
    let before = before.strip_suffix("<!-- wp:more -->").unwrap_or(before).trim();
    let mut rest = content[end..].trim_start();
    rest = rest.strip_prefix("<!-- /wp:more -->").unwrap_or(rest);
    let body = format!("{before}\n\n{}", rest.trim_start());
    ((!before.is_empty()).then(|| before.to_string()), body)
}

/// Expands or removes shortcodes, naming each one dropped without a trace in `dropped`.
pub(crate) fn expand_shortcodes(src: &str, dropped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // `[[name]]` is WordPress's escape for a literal `[name]`.
        if let Some(inner) = rest.strip_prefix("[[")
            && let Some(end) = inner.find("]]")
            && parse_open(&rest[1..]).is_some()
        {
            out.push('[');
            out.push_str(&inner[..end]);
            out.push(']');
            rest = &inner[end + 2..];
            continue;
        }
        let Some(open) = parse_open(rest) else {
            out.push('[');
            rest = &rest[1..];
            continue;
        };
        let after = &rest[open.len..];
        let closing = format!("[/{}]", open.name);
        let known = KNOWN.contains(&open.name.to_ascii_lowercase().as_str());
        if !open.self_closed
            && let Some(j) = after.find(&closing)
        {
            let inner = expand_shortcodes(&after[..j], dropped);
            out.push_str(&render(&open, Some(&inner), dropped));
            rest = &after[j + closing.len()..];
        } else if known || open.attrs.iter().any(|(k, _)| !k.is_empty()) {
            out.push_str(&render(&open, None, dropped));
            rest = after;
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn render(open: &Open<'_>, inner: Option<&str>, dropped: &mut Vec<String>) -> String {
    let attr = |key: &str| open.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
    let name = open.name.to_ascii_lowercase();
    match name.as_str() {
        "caption" | "wp_caption" => {
            let inner = inner.unwrap_or("");
            let (media, text) = split_caption(inner);
            let text = if text.is_empty() { attr("caption").unwrap_or("") } else { text };
            format!("<figure>{media}<figcaption>{text}</figcaption></figure>")
        }
        "embed" | "audio" | "video" | "youtube" | "vimeo" | "soundcloud" | "tweet" | "instagram" => {
            let url = inner
                .map(str::trim)
                .filter(|s| s.starts_with("http"))
                .or_else(|| {
                    ["src", "url", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav"].iter().find_map(|k| attr(k))
                })
                .or_else(|| open.attrs.iter().find(|(_, v)| v.starts_with("http")).map(|(_, v)| v.as_str()));
            match url {
                Some(url) => {
                    let url = escape_attr(url);
                    format!("<p><a href=\"{url}\">{url}</a></p>")
                }
                None => {
                    dropped.push(name);
                    String::new()
                }
            }
        }
        // A shortcode that wraps text (a column, a highlight box) keeps the text.
        _ if inner.is_some() => inner.unwrap_or("").to_string(),
        _ => {
            dropped.push(name);
            String::new()
        }
    }
}

/// `<a ...><img ...></a> Caption text` into the image part and the caption text.
fn split_caption(inner: &str) -> (&str, &str) {
    let Some(img) = inner.find("<img") else { return ("", inner.trim()) };
    let Some(img_end) = inner[img..].find('>').map(|e| img + e + 1) else { return (inner, "") };
    let mut end = img_end;
    let after = inner[img_end..].trim_start();
    if after.starts_with("</a>") {
        end = inner.len() - after.len() + 4;
    }
    (&inner[..end], inner[end..].trim())
}

/// Parses `[name attr="v" 'v' v /]` at the start of `s`; None when it is not a shortcode.
fn parse_open(s: &str) -> Option<Open<'_>> {
    // Past this length a `[` is not the start of a tag, and scanning on would make a text full of
    // unmatched brackets quadratic.
    const MAX_TAG: usize = 2048;
    let body = s.strip_prefix('[')?;
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = &body[name_len..];
    // Jetpack's `[youtube=URL]` form.
    if let Some(value) = rest.strip_prefix('=') {
        let end = value.find(']')?;
        attrs.push((String::new(), value[..end].trim().to_string()));
        rest = &value[end..];
    } else if !rest.starts_with([' ', '\t', '\n', ']', '/']) {
        return None;
    }
    loop {
        rest = rest.trim_start();
        if s.len() - rest.len() > MAX_TAG {
            return None;
        }
        if let Some(after) = rest.strip_prefix("/]") {
            return Some(Open { name, attrs, len: s.len() - after.len(), self_closed: true });
        }
        if let Some(after) = rest.strip_prefix(']') {
            return Some(Open { name, attrs, len: s.len() - after.len(), self_closed: false });
        }
        let key_len =
            rest.find(|c: char| c.is_whitespace() || matches!(c, '=' | ']' | '[' | '"' | '\'')).unwrap_or(rest.len());
        let (key, after_key) = rest.split_at(key_len);
        let (key, value_src) = match after_key.strip_prefix('=') {
            Some(v) => (key, v),
            None if key.is_empty() => {
                if !after_key.starts_with(['"', '\'']) {
                    return None;
                }
                ("", after_key)
            }
            None => {
                attrs.push((String::new(), key.to_string()));
                rest = after_key;
                continue;
            }
        };
        let (value, after) = match value_src.chars().next()? {
            q @ ('"' | '\'') => {
                let end = value_src[1..].find(q)? + 1;
                (&value_src[1..end], &value_src[end + 1..])
            }
            _ => {
                let end = value_src.find(|c: char| c.is_whitespace() || c == ']').unwrap_or(value_src.len());
                if end == 0 {
                    return None;
                }
                value_src.split_at(end)
            }
        };
        attrs.push((key.to_string(), value.to_string()));
        rest = after;
    }
}

/// Elements that start a block of their own, which WordPress does not wrap in a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "<p",
    "<div",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<ul",
    "<ol",
    "<li",
    "<dl",
    "<blockquote",
    "<pre",
    "<table",
    "<figure",
    "<hr",
    "<section",
    "<article",
    "<aside",
    "<header",
    "<footer",
    "<address",
    "<details",
    "<iframe",
    "<form",
    "<!--",
];

/// Turns blank-line paragraphs into `<p>` and lone line breaks into `<br>`, as WordPress does
/// when it shows a classic-editor post. Block-editor content (`<!-- wp:` comments) already has
/// its markup and is left alone, as is everything inside `<pre>`.
pub(crate) fn autop(content: &str) -> String {
    if content.contains("<!-- wp:") {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len() + content.len() / 8);
    let mut in_pre = false;
    for chunk in content.split("\n\n") {
        let trimmed = chunk.trim();
        if trimmed.is_empty() {
            continue;
        }
        let opens = count_ignore_case(trimmed, "<pre");
        let closes = count_ignore_case(trimmed, "</pre>");
        let lower_start: String = trimmed.chars().take(12).collect::<String>().to_ascii_lowercase();
        if in_pre || opens > 0 || BLOCK_TAGS.iter().any(|t| lower_start.starts_with(t)) {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&trimmed.replace('\n', "<br>"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
        if opens > closes {
            in_pre = true;
        } else if closes > opens {
            in_pre = false;
        }
    }
    out
}

fn count_ignore_case(hay: &str, needle: &str) -> usize {
    hay.as_bytes().windows(needle.len()).filter(|w| w.eq_ignore_ascii_case(needle.as_bytes())).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(s: &str) -> (String, Vec<String>) {
        let mut dropped = Vec::new();
        (expand_shortcodes(s, &mut dropped), dropped)
    }

    #[test]
    fn caption_keeps_the_image_and_its_text() {
        let (out, _) = expand(
            "a [caption id=\"attachment_7\" align=\"alignleft\" width=\"300\"]<a href=\"/x\"><img src=\"/c.jpg\" alt=\"cat\" /></a> A <em>sleepy</em> cat[/caption] b",
        );
        assert_eq!(
            out,
            "a <figure><a href=\"/x\"><img src=\"/c.jpg\" alt=\"cat\" /></a><figcaption>A <em>sleepy</em> cat</figcaption></figure> b"
        );
        let (old, _) = expand("[caption caption=\"Old style\"]<img src=\"/o.png\">[/caption]");
        assert!(old.contains("<figcaption>Old style</figcaption>"), "{old}");
    }

    #[test]
    fn galleries_and_forms_go_embeds_become_links_and_plain_brackets_stay() {
        let (out, dropped) = expand(
            "x [gallery ids=\"1,2,3\"] y [contact-form-7 id=\"5\" title=\"Contact\"] z [embed]https://v.example/1[/embed] \
             [youtube=https://yt.example/w?v=1] [sic] [1] [[gallery]] [note]kept[/note]",
        );
        assert_eq!(
            out,
            "x  y  z <p><a href=\"https://v.example/1\">https://v.example/1</a></p> \
             <p><a href=\"https://yt.example/w?v=1\">https://yt.example/w?v=1</a></p> [sic] [1] [gallery] kept"
        );
        assert_eq!(dropped, ["gallery", "contact-form-7"]);
    }

    #[test]
    fn unmatched_brackets_do_not_hang_or_panic() {
        let s = "[a ".repeat(5000);
        assert_eq!(expand(&s).0, s);
        assert_eq!(expand("[x='unterminated").0, "[x='unterminated");
        assert_eq!(expand("ünï [ĉ] [é=").0, "ünï [ĉ] [é=");
    }

    #[test]
    fn more_splits_the_summary_off() {
        let (summary, body) = split_more("Intro text.\n<!--more Read on-->\nRest.");
        assert_eq!(summary.as_deref(), Some("Intro text."));
        assert_eq!(body, "Intro text.\n\nRest.");
        let (summary, body) = split_more("<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\nAll.");
        assert_eq!(summary, None);
        assert!(!body.contains("more"), "{body}");
        assert_eq!(split_more("none").0, None);
    }

    #[test]
    fn autop_makes_paragraphs_but_leaves_blocks_and_pre() {
        let out = autop("One\nline two\n\n<h2>Head</h2>\n\n<pre>a\n\nb</pre>\n\nLast");
        assert_eq!(out, "<p>One<br>line two</p>\n\n<h2>Head</h2>\n\n<pre>a\n\nb</pre>\n\n<p>Last</p>\n\n");
        let block = "<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->";
        assert_eq!(autop(block), block);
    }
}
