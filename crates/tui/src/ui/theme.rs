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
    /// Status messages by meaning (errors use `alert`).
    pub success: Style,
    pub info: Style,
    pub warning: Style,
    pub border: Style,
    pub border_focus: Style,
    pub highlight: Style,
    pub key: Style,
    pub markdown: MarkdownStyles,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a value of `NO_COLOR`: set and non-empty means no colour (no-color.org).
    pub fn for_no_color(value: Option<&std::ffi::OsStr>) -> Self {
        match value {
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
            success: Style::new(),
            info: Style::new(),
            warning: bold,
            border: dim,
            border_focus: bold,
            highlight: bold.add_modifier(Modifier::UNDERLINED),
            key: bold,
            markdown: MarkdownStyles::plain(),
        }
    }
}

impl Theme {
    /// The style of a status message of this level.
    pub fn level(&self, level: crate::app::messages::Level) -> Style {
        use crate::app::messages::Level;
        match level {
            Level::Success => self.success,
            Level::Info => self.info,
            Level::Warning => self.warning,
            Level::Error => self.alert,
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
            success: Style::new().fg(Color::Green),
            info: Style::new(),
            warning: bold.fg(Color::Yellow),
            border_focus: Style::new().fg(Color::Cyan),
            highlight: bold.fg(Color::Magenta),
            key: bold.fg(Color::Cyan),
            markdown: MarkdownStyles::default(),
            ..Theme::plain()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every style of a theme, to check for colours.
    fn styles(t: &Theme) -> Vec<Style> {
        let m = &t.markdown;
        let mut all = vec![t.header, t.muted, t.unread, t.read, t.selection, t.badge, t.alert, t.border];
        all.extend([t.success, t.info, t.warning]);
        all.extend([t.border_focus, t.highlight, t.key, m.text, m.emphasis, m.strong, m.strike, m.code_inline]);
        all.extend([m.code_block, m.quote, m.link, m.link_ref, m.list_marker, m.rule, m.table_border]);
        all.extend([m.table_header, m.image, m.muted]);
        all.extend(m.heading);
        all
    }

    #[test]
    fn no_color_means_no_colour_anywhere() {
        let plain = Theme::for_no_color(Some(std::ffi::OsStr::new("1")));
        assert!(styles(&plain).iter().all(|s| s.fg.is_none() && s.bg.is_none()));
        // Still readable: the selection and unread posts stand out without colour.
        assert!(plain.selection.add_modifier.contains(Modifier::REVERSED));
        assert!(plain.unread.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn an_empty_or_absent_no_color_keeps_colour() {
        for value in [None, Some(std::ffi::OsStr::new(""))] {
            let theme = Theme::for_no_color(value);
            assert!(styles(&theme).iter().any(|s| s.fg.is_some()));
            assert_eq!(theme, Theme::default());
        }
    }
}
