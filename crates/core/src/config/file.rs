//! What the config file holds, section by section. Every section is optional and every unknown
//! key is an error (`deny_unknown_fields`): a typo must not be silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

use super::spec::{DateFormat, KeyList, StyleSpec};

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub reader: ReaderConfig,
    pub colors: ColorsConfig,
    pub keys: KeysConfig,
    pub blog: BlogConfig,
    pub site: SiteConfig,
    pub signup: super::SignupConfig,
    /// Newsletters: the server, the sender, limits and DKIM (`smtp.rs`).
    pub smtp: super::smtp::SmtpConfig,
    pub follow: FollowConfig,
}

/// Followed feeds in the reader.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowConfig {
    /// Refresh the followed feeds every this many minutes while the reader is open, as `R`
    /// does; 0 or absent: only on `R`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_minutes: Option<u32>,
}

impl FollowConfig {
    /// The interval refresh's period, if it is on.
    pub fn refresh_every(&self) -> Option<std::time::Duration> {
        self.refresh_minutes.filter(|m| *m > 0).map(|m| std::time::Duration::from_secs(u64::from(m) * 60))
    }
}

/// How articles and dates are shown, and the mouse.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReaderConfig {
    /// The widest an article's text wraps at, in columns.
    #[serde(deserialize_with = "reading_width")]
    pub reading_width: u16,
    pub align: Align,
    /// Off by default, so the terminal's own selection (copying text) works.
    pub mouse: bool,
    pub date_format: DateFormat,
    /// Pictures in articles: drawn in the terminal's own graphics where it has them.
    pub images: Images,
}

/// How the reader shows a picture that stands alone in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Images {
    /// The best the terminal can do, guessed from its environment (kitty, iTerm2, WezTerm,
    /// foot's sixels); half blocks in colour anywhere else, tmux included.
    #[default]
    Auto,
    /// Only the alt text; nothing is fetched.
    Off,
    Halfblocks,
    Sixel,
    Kitty,
    Iterm2,
}

/// The narrowest reading width: below it, articles would wrap every few words.
pub const MIN_READING_WIDTH: u16 = 20;

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            reading_width: 88,
            align: Align::Left,
            mouse: false,
            date_format: DateFormat::default(),
            images: Images::Auto,
        }
    }
}

fn reading_width<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let n = i64::deserialize(d)?;
    u16::try_from(n).ok().filter(|n| *n >= MIN_READING_WIDTH).ok_or_else(|| {
        serde::de::Error::custom(format!("{n} columns: the reading width is {MIN_READING_WIDTH} or more"))
    })
}

/// Where the text sits when the pane is wider than the reading width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    #[serde(alias = "center")]
    Centre,
}

/// A style per semantic role; a role not written keeps the built-in style.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColorsConfig {
    /// The header bar (the blog's title).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<StyleSpec>,
    /// Dates, counts, secondary text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<StyleSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<StyleSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<StyleSpec>,
    /// The selected row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<StyleSpec>,
    /// Status badges (draft, scheduled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badge: Option<StyleSpec>,
    /// Errors and warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<StyleSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border: Option<StyleSpec>,
    /// The border of the focused pane.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border_focus: Option<StyleSpec>,
    /// Search matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlight: Option<StyleSpec>,
    /// Key names in hints and help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<StyleSpec>,
    /// Status messages by meaning: something done, something said, something to watch
    /// (errors use `alert`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<StyleSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<StyleSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<StyleSpec>,
}

impl ColorsConfig {
    /// Every role with the style the file gives it, if any.
    pub fn roles(&self) -> [(&'static str, Option<&StyleSpec>); 14] {
        [
            ("header", self.header.as_ref()),
            ("muted", self.muted.as_ref()),
            ("unread", self.unread.as_ref()),
            ("read", self.read.as_ref()),
            ("selection", self.selection.as_ref()),
            ("badge", self.badge.as_ref()),
            ("alert", self.alert.as_ref()),
            ("border", self.border.as_ref()),
            ("border_focus", self.border_focus.as_ref()),
            ("highlight", self.highlight.as_ref()),
            ("key", self.key.as_ref()),
            ("success", self.success.as_ref()),
            ("info", self.info.as_ref()),
            ("warning", self.warning.as_ref()),
        ]
    }
}

/// Action name → keys, for one table. The names are checked by the TUI, which knows its
/// actions; the span lets it name the line of an unknown one.
pub type KeyBindings = BTreeMap<Spanned<String>, KeyList>;

/// Key bindings per view. `global` applies to every view that has the action (posts, tags,
/// subscribers); a view's own section wins over it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeysConfig {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub global: KeyBindings,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub posts: KeyBindings,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: KeyBindings,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub subscribers: KeyBindings,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub compose: KeyBindings,
    /// Small forms (rename, tags, subscriber).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub form: KeyBindings,
    /// Yes/no questions.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub confirm: KeyBindings,
    /// The tag and author pickers.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub picker: KeyBindings,
    /// The background jobs list.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub jobs: KeyBindings,
}

impl KeysConfig {
    /// Every section by name, `global` first (the views' own sections override it).
    pub fn sections(&self) -> [(&'static str, &KeyBindings); 9] {
        [
            ("global", &self.global),
            ("posts", &self.posts),
            ("tags", &self.tags),
            ("subscribers", &self.subscribers),
            ("compose", &self.compose),
            ("form", &self.form),
            ("confirm", &self.confirm),
            ("picker", &self.picker),
            ("jobs", &self.jobs),
        ]
    }
}

/// The blog's title and description, for a database that has none of its own: the ones set
/// with `byline blog` or from the TUI are kept in the database and win.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlogConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The static website (`byline export site`): each value may be overridden by a flag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Where the site is served from, as `https://example.org/blog/`: canonical URLs, feeds and
    /// shared links are built on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The folder the site is written into when the command names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<std::path::PathBuf>,
    /// A folder of templates (and `style.css`) that replace the built-in ones of the same name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme_dir: Option<std::path::PathBuf>,
    /// Where the "Sign up for email alerts" form posts; without one the form is left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_url: Option<String>,
    /// Also write `.gz` and `.br` files beside every page, feed and stylesheet, for servers that
    /// send them as they are (nginx's `gzip_static` and `brotli_static`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub precompress: bool,
}
