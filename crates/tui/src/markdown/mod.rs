//! Markdown to styled, wrapped terminal lines for one width (pure; the caller caches the result).

mod blocks;
mod links;
mod page;
mod render;
mod styles;
mod table;
mod wrap;

#[cfg(test)]
mod tests;

use pulldown_cmark::{Options, Parser};
use ratatui::text::Line;

pub use styles::MarkdownStyles;

/// An article laid out for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    /// Link targets in number order: `[1]` in the text is `links[0]`.
    pub links: Vec<String>,
    /// The code blocks: where each is in `lines`, and its text whole (for copying).
    pub code: Vec<CodeBlock>,
    /// Pictures standing alone in a paragraph at the top level, with the blank rows kept for
    /// them (as many as the styles' `picture_rows` say; none for the others).
    pub images: Vec<ImageSpot>,
}

/// Rows to keep under pictures, by source (`MarkdownStyles::picture_rows`).
pub type PictureRows = std::sync::Arc<std::collections::BTreeMap<String, u16>>;

/// A picture the reader may draw: `rows` blank lines from `line`, under its `[image: alt]`
/// caption (none until the picture is ready). `src` is as the post wrote it (maybe relative);
/// nothing here fetches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpot {
    pub line: usize,
    pub rows: u16,
    pub src: String,
    pub alt: String,
}

/// A code block of the rendered article: lines `first..end` of it, and the source text as
/// written (lines never broken, tabs kept), which is what copying it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    pub first: usize,
    pub end: usize,
    pub text: String,
}

/// The markdown dialect of posts: CommonMark plus GFM tables, strikethrough, task lists, footnotes and
/// `> [!NOTE]` alerts. Smart punctuation stays off so what the author typed is what the reader sees.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// Lays `markdown` out in `width` columns. Prose lines never exceed `width` (at widths too small for
/// the nesting they are clipped); a code line longer than the width goes on under a `↪` marker,
/// so nothing is cut off silently; a URL in the links list stays whole on its line, never broken.
///
/// Every piece of text from the markdown goes through [`byline_core::sanitize::sanitize`] before it becomes a
/// span. Links are numbered: the link text is followed by `[n]`; every link gets a number, autolinks and
/// links whose text is their URL included, so "open link n" works for all of them; identical URLs share a
/// number; a "Links" section lists them at the end. Links with an empty destination get no number.
pub fn render(markdown: &str, width: u16, styles: &MarkdownStyles) -> Rendered {
    render_until(markdown, width, styles, &|| false).unwrap_or_default()
}

/// Markdown events between two looks at `stop`: a look is a load of an atomic, a 10 MB post
/// has about a million events.
const EVENTS_BETWEEN_STOPS: usize = 4096;

/// [`render`], giving up (None) as soon as `stop` says the layout is no longer wanted: a huge
/// post laid out off the UI thread for a width the terminal has already left.
pub fn render_until(markdown: &str, width: u16, styles: &MarkdownStyles, stop: &dyn Fn() -> bool) -> Option<Rendered> {
    let mut renderer = render::Renderer::new(usize::from(width), styles);
    for (i, event) in Parser::new_ext(markdown, parser_options()).enumerate() {
        if i % EVENTS_BETWEEN_STOPS == 0 && stop() {
            return None;
        }
        renderer.event(event);
    }
    Some(renderer.finish())
}
