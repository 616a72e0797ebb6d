//! Behaviour tests for the renderer, run on the public API only.

mod blocks;
mod links;
mod props;
mod prose;
mod safety;
mod tables;

use ratatui::style::{Color, Style};
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::{CodeBlock, MarkdownStyles, Rendered, render};

/// A varied post: every block kind, CJK, emoji, long words and URLs, a table, footnotes.
const POST: &str = include_str!("fixtures/post.md");

/// Styles where every role is unique, so a test can tell which role a span was given.
fn tagged_styles() -> MarkdownStyles {
    let c = |n: u8| Style::new().fg(Color::Indexed(n));
    MarkdownStyles {
        text: c(1),
        heading: [c(2), c(3), c(4)],
        emphasis: c(5),
        strong: c(6),
        strike: c(7),
        code_inline: c(8),
        code_block: c(9),
        quote: c(10),
        link: c(11),
        link_ref: c(12),
        list_marker: c(13),
        rule: c(14),
        table_border: c(15),
        table_header: c(16),
        image: c(17),
        muted: c(18),
        picture_rows: Default::default(),
    }
}

fn text_of(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Display width as the sum of each span's unicode width, the way the pane will measure it.
fn width_of(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| s.content.width()).sum()
}

fn texts(rendered: &Rendered) -> Vec<String> {
    rendered.lines.iter().map(text_of).collect()
}

/// Rendered text lines with the default styles.
fn lines(markdown: &str, width: u16) -> Vec<String> {
    texts(&render(markdown, width, &MarkdownStyles::default()))
}
