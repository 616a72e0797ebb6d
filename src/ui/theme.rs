//! Named styles for the reader. Only the 16 ANSI colours, so the terminal's palette keeps them
//! readable on dark and light backgrounds; `NO_COLOR` leaves modifiers only.

use ratatui::style::{Color, Modifier, Style};

use crate::markdown::MarkdownStyles;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub header: Style,
    pub muted: Style,
    pub unread: Style,
    pub read: Style,
    pub selection: Style,
    pub badge: Style,
    pub alert: Style,
    pub border: Style,
    pub border_focus: Style,
    pub highlight: Style,
    pub key: Style,
    pub markdown: MarkdownStyles,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::default(),
        }
    }

    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Theme {
            header: bold.add_modifier(Modifier::REVERSED),
            muted: dim,
            unread: bold,
            read: Style::new(),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            badge: bold,
            alert: bold,
            border: dim,
            border_focus: bold,
            highlight: bold.add_modifier(Modifier::UNDERLINED),
            key: bold,
            markdown: MarkdownStyles::plain(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            header: bold.fg(Color::Black).bg(Color::Cyan),
            unread: bold,
            selection: Style::new().fg(Color::Black).bg(Color::Cyan),
            badge: bold.fg(Color::Magenta),
            alert: bold.fg(Color::Red),
            border_focus: Style::new().fg(Color::Cyan),
            highlight: bold.fg(Color::Magenta),
            key: bold.fg(Color::Cyan),
            markdown: MarkdownStyles::default(),
            ..Theme::plain()
        }
    }
}
