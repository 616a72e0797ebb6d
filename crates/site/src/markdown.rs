//! A post's markdown as safe HTML: pulldown-cmark with the reader's dialect, code blocks
//! highlighted by class (syntect), then ammonia, so raw HTML in a post can never run script in a
//! reader's browser.

use std::collections::HashSet;
use std::sync::LazyLock;

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
        .id_prefix(None);
    b
});

/// The languages syntect knows without any file (its built-in set), loaded once per process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// `markdown` as HTML safe to put in a page.
pub fn to_html(markdown: &str) -> String {
    let mut events = Vec::new();
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
            (_, event) => events.push(event),
        }
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    CLEANER.clean(&raw).to_string()
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

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
}
