//! Link numbering: each distinct URL gets one number, in order of first appearance, listed at the end.

use std::collections::HashMap;

use ratatui::text::Span;

use super::MarkdownStyles;
use super::page::Page;

/// URLs in number order (number = index + 1), with a map back from URL to number.
#[derive(Debug, Default)]
pub(super) struct Links {
    urls: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl Links {
    /// The number for `url`, shared with any earlier link to the very same (sanitized) string.
    pub(super) fn number(&mut self, url: &str) -> usize {
        if let Some(&n) = self.numbers.get(url) {
            return n;
        }
        self.urls.push(url.to_owned());
        let n = self.urls.len();
        self.numbers.insert(url.to_owned(), n);
        n
    }

    /// Writes the "Links" section: a blank line, a muted heading, then `[n] url`, each URL whole on
    /// its line (a URL broken across lines is one a terminal cannot select or follow). Nothing when
    /// the article has no links.
    pub(super) fn render_section(&self, page: &mut Page, styles: &MarkdownStyles) {
        if self.urls.is_empty() {
            return;
        }
        page.end_block();
        page.begin_block();
        page.emit(vec![Span::styled("Links", styles.muted)], true);
        for (i, url) in self.urls.iter().enumerate() {
            let marker = format!("[{}] ", i + 1);
            let indent = " ".repeat(marker.len());
            page.push_container(vec![Span::styled(marker, styles.link_ref)], vec![Span::raw(indent)]);
            page.emit(vec![Span::styled(url.clone(), styles.link)], false);
            page.pop_container();
        }
    }

    pub(super) fn into_urls(self) -> Vec<String> {
        self.urls
    }
}
