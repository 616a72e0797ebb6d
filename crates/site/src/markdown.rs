//! A post's markdown as safe HTML: pulldown-cmark with the reader's dialect, then ammonia, so
//! raw HTML in a post can never run script in a reader's browser.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser};

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
        .add_tag_attributes("div", ["class"])
        .add_generic_attributes(["id"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .id_prefix(None);
    b
});

/// `markdown` as HTML safe to put in a page.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    CLEANER.clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_becomes_html_and_code_keeps_its_language() {
        let html = to_html("# Hi\n\nSome *text* & more.\n\n```rust\nfn main() {}\n```\n\n- [x] done\n");
        assert!(html.contains("<h1>Hi</h1>"), "{html}");
        assert!(html.contains("<em>text</em> &amp; more"), "{html}");
        assert!(html.contains("<code class=\"language-rust\">fn main() {}"), "{html}");
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
        assert!(html.contains("href=\"https://ok.example/\""), "{html}");
    }
}
