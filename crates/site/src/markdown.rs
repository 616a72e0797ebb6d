//! A post's markdown as safe HTML: pulldown-cmark with the reader's dialect, code blocks
//! highlighted by class (syntect), then ammonia, so raw HTML in a post can never run script in a
//! reader's browser.

use std::collections::HashSet;
use std::sync::LazyLock;

use byline_core::html::escape_html as escape;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The same dialect as the terminal renderer (`byline_tui::markdown::parser_options`): what the
/// author previews in the reader is what the web shows.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// ammonia's defaults (no script, style or event handler; links only to http, https, mailto and
/// the like, never `javascript:` or `data:`), plus what the markdown itself produces: language
/// classes on code, task-list checkboxes, footnote anchors.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("div", ["class"])
        .add_generic_attributes(["id"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        // As pulldown-cmark writes links when there is nothing to clean: the same page either way.
        .link_rel(None)
        .id_prefix(None);
    b
});

/// The languages syntect knows without any file (its built-in set), loaded once per process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// `markdown` as HTML safe to put in a page.
///
/// pulldown-cmark escapes all text and attribute values it writes; what it passes through is the
/// post's raw HTML and its link and image addresses. So a post with neither raw HTML nor an
/// address outside `plainly_safe` is safe as written, and only the others go through ammonia
/// (which parses the whole page again, a third of the time of a post without code).
pub fn to_html(markdown: &str) -> String {
    let mut events = Vec::new();
    let mut needs_cleaning = false;
    // A fenced block with a language, while its text is gathered.
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match (&mut code, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) if !info.trim().is_empty() => {
                let lang = info.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or_default();
                code = Some((lang.to_string(), String::new()));
            }
            (Some((_, text)), Event::Text(t)) => text.push_str(&t),
            (Some((lang, text)), Event::End(TagEnd::CodeBlock)) => {
                events.push(Event::Html(code_block(lang, text).into()));
                code = None;
            }
            (_, event) => {
                needs_cleaning |= match &event {
                    Event::Html(_) | Event::InlineHtml(_) => true,
                    Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => !plainly_safe(dest_url),
                    _ => false,
                };
                events.push(event);
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if needs_cleaning { CLEANER.clean(&html).to_string() } else { html }
}

/// Whether a link's address can be written as is: relative, or `http`, `https` or `mailto`, with
/// no space or control character a browser might skip over to find another scheme. Anything
/// else is left to ammonia to judge.
fn plainly_safe(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match url.find([':', '/', '?', '#']) {
        Some(at) if url[at..].starts_with(':') => {
            let scheme = url[..at].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// A fenced code block: its tokens in `<span class="hl-…">` (scope names, so the stylesheet
/// colours them per scheme), or plain when syntect does not know the language.
fn code_block(lang: &str, text: &str) -> String {
    let class = escape(lang);
    let highlighted = SYNTAXES.find_syntax_by_token(lang).and_then(|syntax| {
        let mut html =
            ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, ClassStyle::SpacedPrefixed { prefix: "hl-" });
        for line in LinesWithEndings::from(text) {
            html.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(html.finalize())
    });
    let body = highlighted.unwrap_or_else(|| escape(text));
    format!("<pre><code class=\"language-{class}\">{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_becomes_html_and_code_keeps_its_language() {
        let html = to_html("# Hi\n\nSome *text* & more.\n\n```rust\nfn main() {}\n```\n\n- [x] done\n");
        assert!(html.contains("<h1>Hi</h1>"), "{html}");
        assert!(html.contains("<em>text</em> &amp; more"), "{html}");
        assert!(html.contains("<code class=\"language-rust\">"), "{html}");
        assert!(html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"), "{html}");
        let plain = to_html("```nolang\n<b> & x\n```\n");
        assert_eq!(plain, "<pre><code class=\"language-nolang\">&lt;b&gt; &amp; x\n</code></pre>\n");
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn script_handlers_and_dangerous_links_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n\
             [a](javascript:alert(3)) <a href=\"data:text/html,x\">b</a> <a href=\"https://ok.example/\">c</a>",
        );
        for bad in ["<script", "alert(1)", "onerror", "javascript:", "data:"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        let fenced = to_html("```html\n<script>alert(4)</script>\n```\n\n```\\\" onclick=\"x\n1\n```\n");
        assert!(!fenced.contains("<script") && !fenced.contains("onclick"), "{fenced}");
        assert!(html.contains("href=\"https://ok.example/\""), "{html}");
    }

    #[test]
    fn addresses_with_another_scheme_are_removed_even_without_raw_html() {
        for md in [
            "[a](JaVaScRiPt:alert(1))",
            "[a](javascript&#58;alert(1))",
            "![i](data:image/svg+xml,x)",
            "[a](<java script:x>)",
            "[a](vbscript:x)",
        ] {
            let html = to_html(md);
            // `java%20script:` is a relative address to a browser (no scheme has a `%`): harmless.
            for bad in ["=\"javascript:", "=\"data:", "=\"vbscript:", "&#58;"] {
                assert!(!html.to_lowercase().contains(bad), "{bad} in {html} from {md}");
            }
        }
        let html = to_html("[rel](../x/?a=1#b) [abs](https://e.example/p) [mail](mailto:a@e.example) [colon](/a:b)");
        for good in
            ["href=\"../x/?a=1#b\"", "href=\"https://e.example/p\"", "href=\"mailto:a@e.example\"", "href=\"/a:b\""]
        {
            assert!(html.contains(good), "{good} in {html}");
        }
    }
}
