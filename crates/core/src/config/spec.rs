//! How values are spelled in the config file: keys (`j`, `Ctrl-d`, `PgDn`), styles (`bold red on
//! default`, `#d75f00`) and date formats. Each reads from a string and writes back the same way,
//! so `byline config show` prints what the file would say.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A key as the person writes it; the TUI maps it onto its own key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    Char(char),
    /// Ctrl with a lowercase letter or digit.
    Ctrl(char),
    Named(NamedKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKey {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// Names (lowercase) and the key each means; the first of a key's names is how it is shown.
const NAMES: &[(&str, NamedKey)] = &[
    ("Enter", NamedKey::Enter),
    ("Return", NamedKey::Enter),
    ("Esc", NamedKey::Esc),
    ("Escape", NamedKey::Esc),
    ("Tab", NamedKey::Tab),
    ("Shift-Tab", NamedKey::BackTab),
    ("BackTab", NamedKey::BackTab),
    ("Backspace", NamedKey::Backspace),
    ("Delete", NamedKey::Delete),
    ("Del", NamedKey::Delete),
    ("Insert", NamedKey::Insert),
    ("Up", NamedKey::Up),
    ("Down", NamedKey::Down),
    ("Left", NamedKey::Left),
    ("Right", NamedKey::Right),
    ("PgUp", NamedKey::PageUp),
    ("PageUp", NamedKey::PageUp),
    ("PgDn", NamedKey::PageDown),
    ("PageDown", NamedKey::PageDown),
    ("Home", NamedKey::Home),
    ("End", NamedKey::End),
];

impl std::str::FromStr for KeySpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(KeySpec::Char(c));
        }
        if s.eq_ignore_ascii_case("space") {
            return Ok(KeySpec::Char(' '));
        }
        let lower = s.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Ok(KeySpec::Ctrl(c)),
                _ => Err(format!("'{s}' is not a key: Ctrl goes with one letter or digit, as in Ctrl-d")),
            };
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n)) {
            return Ok(KeySpec::Named(NamedKey::F(n)));
        }
        NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(s)).map(|(_, k)| KeySpec::Named(*k)).ok_or_else(|| {
            format!("'{s}' is not a key: write one character, Space, Ctrl-x, F1 to F12 or a name such as Enter, Esc, Tab, PgDn")
        })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySpec::Char(' ') => f.write_str("Space"),
            KeySpec::Char(c) => write!(f, "{c}"),
            KeySpec::Ctrl(c) => write!(f, "Ctrl-{c}"),
            KeySpec::Named(NamedKey::F(n)) => write!(f, "F{n}"),
            KeySpec::Named(k) => f.write_str(NAMES.iter().find(|(_, n)| n == k).map_or("?", |(name, _)| name)),
        }
    }
}

/// The keys for one action: one key as a string, or a list (an empty list unbinds it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyList(pub Vec<KeySpec>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key such as \"j\" or \"Ctrl-d\", or a list of keys")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<KeyList, E> {
                s.parse().map(|k| KeyList(vec![k])).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    keys.push(s.parse().map_err(de::Error::custom)?);
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for KeyList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|k| k.to_string()))
    }
}

/// A colour: the terminal's default, one of the 16 ANSI colours (the terminal's palette keeps
/// them readable on dark and light backgrounds), or an exact `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Default,
    /// 0 to 15, in ANSI order (black, red, ..., gray, then the bright ones).
    Ansi(u8),
    Rgb(u8, u8, u8),
}

/// The ANSI names, in ANSI order; `bright-*` is also read as `light-*`.
pub const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

impl std::str::FromStr for Colour {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase().replace('_', "-").replace("grey", "gray").replace("bright-", "light-");
        if lower == "default" || lower == "reset" {
            return Ok(Colour::Default);
        }
        if let Some(i) = ANSI_NAMES.iter().position(|n| *n == lower || n.replace('-', "") == lower) {
            return Ok(Colour::Ansi(i as u8));
        }
        let hex = |i: usize| lower.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (lower.strip_prefix('#').map(str::len), hex(1), hex(3), hex(5)) {
            (Some(6), Some(r), Some(g), Some(b)) => Ok(Colour::Rgb(r, g, b)),
            _ => Err(format!("'{s}' is not a colour: write an ANSI name (red, light-blue, ...), default, or #rrggbb")),
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Default => f.write_str("default"),
            Colour::Ansi(i) => f.write_str(ANSI_NAMES.get(usize::from(*i)).copied().unwrap_or("default")),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

/// A style for one role: `"bold red"`, `"black on cyan"`, `"#d75f00 on default"`, `"reversed"`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyleSpec {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    /// Any of `MODIFIERS`, in the order written.
    pub modifiers: Vec<&'static str>,
}

pub const MODIFIERS: [&str; 6] = ["bold", "dim", "italic", "underlined", "reversed", "crossed-out"];

impl std::str::FromStr for StyleSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut spec = StyleSpec::default();
        let mut words = s.split_whitespace();
        while let Some(word) = words.next() {
            let lower = word.to_ascii_lowercase();
            if let Some(m) = MODIFIERS.iter().find(|m| **m == lower || (lower == "underline" && **m == "underlined")) {
                spec.modifiers.push(m);
            } else if lower == "on" {
                let bg = words.next().ok_or_else(|| format!("'{s}': 'on' needs a background colour after it"))?;
                spec.bg = Some(bg.parse()?);
            } else if spec.fg.is_none() {
                spec.fg = Some(word.parse()?);
            } else {
                return Err(format!("'{s}': two foreground colours (write 'on' before a background)"));
            }
        }
        Ok(spec)
    }
}

impl fmt::Display for StyleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words: Vec<String> = self.modifiers.iter().map(|m| m.to_string()).collect();
        words.extend(self.fg.map(|c| c.to_string()));
        words.extend(self.bg.map(|c| format!("on {c}")));
        f.write_str(&words.join(" "))
    }
}

/// A strftime pattern as jiff reads it, checked when the file is read, so a bad one is an
/// error with its line rather than a broken date on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat(pub String);

impl Default for DateFormat {
    fn default() -> Self {
        DateFormat("%Y-%m-%d".into())
    }
}

impl std::str::FromStr for DateFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let sample = jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(jiff::tz::TimeZone::UTC);
        match jiff::fmt::strtime::format(s, &sample) {
            Ok(shown) if !shown.trim().is_empty() => Ok(DateFormat(s.to_string())),
            Ok(_) => Err(format!("'{s}' shows no date: use strftime fields such as %Y-%m-%d")),
            Err(e) => Err(format!("'{s}' is not a date format ({e})")),
        }
    }
}

/// `Deserialize` and `Serialize` through `FromStr` and `Display`, so the errors are the ones above.
macro_rules! string_serde {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d)?.parse().map_err(de::Error::custom)
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}

string_serde!(KeySpec, Colour, StyleSpec, DateFormat);

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
