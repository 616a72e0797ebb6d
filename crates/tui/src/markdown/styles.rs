//! The named styles a rendered article uses, with a colour scheme and a NO_COLOR scheme.

use ratatui::style::{Color, Modifier, Style};

/// Semantic roles for every piece of a rendered article; the renderer never picks a colour itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownStyles {
    pub text: Style,
    /// h1, h2, h3 and deeper.
    pub heading: [Style; 3],
    pub emphasis: Style,
    pub strong: Style,
    pub strike: Style,
    pub code_inline: Style,
    pub code_block: Style,
    pub quote: Style,
    pub link: Style,
    pub link_ref: Style,
    pub list_marker: Style,
    pub rule: Style,
    pub table_border: Style,
    pub table_header: Style,
    pub image: Style,
    pub muted: Style,
    /// Rows kept under a picture that stands alone in its paragraph, by its source: the
    /// pictures the reader has ready to draw (any other picture is its caption only). Layout,
    /// not colour, but every layout reads it.
    pub picture_rows: super::PictureRows,
}

impl MarkdownStyles {
    /// Modifiers only, for NO_COLOR: every role stays distinguishable without a single colour.
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Self {
            text: Style::new(),
            heading: [bold.add_modifier(Modifier::UNDERLINED), bold, bold],
            emphasis: italic,
            strong: bold,
            strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code_inline: Style::new().add_modifier(Modifier::REVERSED),
            // Blocks are already set apart by their indent; reversing ragged lines looks like noise.
            code_block: Style::new(),
            quote: italic,
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            link_ref: dim,
            list_marker: bold,
            rule: dim,
            table_border: dim,
            table_header: bold,
            image: italic,
            muted: dim,
            picture_rows: Default::default(),
        }
    }
}

/// Only the 16 named ANSI colours (the terminal's own palette adapts them to dark and light themes) and no
/// backgrounds. Yellow and the bright variants are avoided for text because they wash out on light themes,
/// and "muted" is DIM rather than DarkGray, which vanishes on some dark themes.
impl Default for MarkdownStyles {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            heading: [bold.fg(Color::Magenta), bold.fg(Color::Cyan), bold.fg(Color::Blue)],
            code_inline: Style::new().fg(Color::Green),
            code_block: Style::new().fg(Color::Green),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            link_ref: Style::new().fg(Color::Cyan),
            list_marker: Style::new().fg(Color::Cyan),
            table_header: bold.fg(Color::Cyan),
            image: Style::new().fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            ..Self::plain()
        }
    }
}
