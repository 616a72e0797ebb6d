//! The config file's `[colors]` applied to the theme's roles. `NO_COLOR` wins over the file: with
//! it set, the theme is the plain one whatever the file says.

use std::ffi::OsStr;

use byline_core::config::{ColorsConfig, Colour, StyleSpec};
use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;

impl Theme {
    /// The theme for the config file's colours and a value of `NO_COLOR`.
    pub fn configured(colors: &ColorsConfig, no_color: Option<&OsStr>) -> Theme {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Theme::plain();
        }
        let mut theme = Theme::default();
        for (role, spec) in colors.roles() {
            let Some(spec) = spec else { continue };
            let style = style_of(spec);
            match role {
                "header" => theme.header = style,
                "muted" => theme.muted = style,
                "unread" => theme.unread = style,
                "read" => theme.read = style,
                "selection" => theme.selection = style,
                "badge" => theme.badge = style,
                "alert" => theme.alert = style,
                "border" => theme.border = style,
                "border_focus" => theme.border_focus = style,
                "highlight" => theme.highlight = style,
                "key" => theme.key = style,
                "success" => theme.success = style,
                "info" => theme.info = style,
                "warning" => theme.warning = style,
                _ => {}
            }
        }
        theme
    }

    /// Like `configured`, with `NO_COLOR` from the environment.
    pub fn from_config(colors: &ColorsConfig) -> Theme {
        Theme::configured(colors, std::env::var_os("NO_COLOR").as_deref())
    }
}

impl Theme {
    /// Every role's style as the config file would write it (for `byline config show`).
    pub fn colors_spec(&self) -> ColorsConfig {
        let spec = |s: &Style| Some(spec_of(s));
        ColorsConfig {
            header: spec(&self.header),
            muted: spec(&self.muted),
            unread: spec(&self.unread),
            read: spec(&self.read),
            selection: spec(&self.selection),
            badge: spec(&self.badge),
            alert: spec(&self.alert),
            border: spec(&self.border),
            border_focus: spec(&self.border_focus),
            highlight: spec(&self.highlight),
            key: spec(&self.key),
            success: spec(&self.success),
            info: spec(&self.info),
            warning: spec(&self.warning),
        }
    }
}

/// The reverse of `style_of`.
fn spec_of(style: &Style) -> StyleSpec {
    let modifiers = [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
        (Modifier::CROSSED_OUT, "crossed-out"),
    ];
    StyleSpec {
        fg: style.fg.map(colour_of),
        bg: style.bg.map(colour_of),
        modifiers: modifiers.iter().filter(|(m, _)| style.add_modifier.contains(*m)).map(|(_, n)| *n).collect(),
    }
}

fn colour_of(c: Color) -> Colour {
    match c {
        Color::Rgb(r, g, b) => Colour::Rgb(r, g, b),
        other => ANSI.iter().position(|a| *a == other).map_or(Colour::Default, |i| Colour::Ansi(i as u8)),
    }
}

/// A role's style is what the file says, whole: unwritten parts are the terminal's defaults.
fn style_of(spec: &StyleSpec) -> Style {
    let mut style = Style::new();
    if let Some(fg) = spec.fg {
        style = style.fg(color_of(fg));
    }
    if let Some(bg) = spec.bg {
        style = style.bg(color_of(bg));
    }
    for m in &spec.modifiers {
        style = style.add_modifier(match *m {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" => Modifier::UNDERLINED,
            "reversed" => Modifier::REVERSED,
            _ => Modifier::CROSSED_OUT,
        });
    }
    style
}

/// The 16 ANSI colours in ANSI order, as the config file numbers them.
const ANSI: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

fn color_of(c: Colour) -> Color {
    match c {
        Colour::Default => Color::Reset,
        Colour::Ansi(i) => ANSI.get(usize::from(i)).copied().unwrap_or(Color::Reset),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colors(text: &str) -> ColorsConfig {
        byline_core::config::LoadedConfig::parse(std::path::Path::new("c.toml"), text.into()).unwrap().config.colors
    }

    #[test]
    fn a_role_gets_the_files_style_and_the_others_keep_theirs() {
        let c = colors("[colors]\nselection = \"bold black on light-yellow\"\nalert = \"#d70000\"\n");
        let t = Theme::configured(&c, None);
        assert_eq!(t.selection, Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD));
        assert_eq!(t.alert, Style::new().fg(Color::Rgb(0xd7, 0, 0)));
        assert_eq!(t.header, Theme::default().header);
        // What `config show` prints reads back as the same theme.
        assert_eq!(Theme::configured(&t.colors_spec(), None), t);
    }

    #[test]
    fn no_color_wins_over_the_file() {
        let c = colors("[colors]\nselection = \"black on yellow\"\n");
        assert_eq!(Theme::configured(&c, Some(OsStr::new("1"))), Theme::plain());
        assert_eq!(Theme::configured(&c, Some(OsStr::new(""))).selection.bg, Some(Color::Yellow));
    }
}
