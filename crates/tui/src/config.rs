//! The config file as the TUI uses it: keys laid over the built-in tables, reader settings,
//! colours by role, and the blog's title for a database without one. Built once, before the
//! terminal is taken, so a broken file is reported and nothing opens.

use byline_core::config::{self as core_config, BlogConfig, ColorsConfig, ConfigError, LoadedConfig};

use crate::app::keymap::Keymap;
use crate::app::settings::{Align, ReaderSettings};

/// Everything the TUI takes from the config file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TuiConfig {
    pub keys: Keymap,
    pub settings: ReaderSettings,
    pub colors: ColorsConfig,
    pub blog: BlogConfig,
    pub site: byline_core::config::SiteConfig,
    /// Secrets others can read (the SMTP password, the DKIM key): said in the status bar at start.
    pub warnings: Vec<String>,
    pub follow: byline_core::config::FollowConfig,
    /// Pictures in articles: off, or which terminal graphics draw them.
    pub images: byline_core::config::Images,
}

impl TuiConfig {
    /// Checks what only the TUI can (action names, clashing keys) and converts the rest.
    pub fn from_loaded(loaded: &LoadedConfig) -> Result<Self, ConfigError> {
        let c = &loaded.config;
        Ok(TuiConfig {
            keys: Keymap::from_config(loaded)?,
            settings: settings_of(&c.reader),
            colors: c.colors.clone(),
            blog: c.blog.clone(),
            site: c.site.clone(),
            warnings: loaded.exposed_secrets(),
            follow: c.follow.clone(),
            images: c.reader.images,
        })
    }
}

impl TuiConfig {
    /// Gives the app the settings and keys (the runtime at start, and `Headless::configure`).
    pub fn apply(&self, state: &mut crate::app::AppState) {
        state.settings = self.settings.clone();
        state.keys = std::sync::Arc::new(self.keys.clone());
    }
}

/// The `[reader]` section as the app's settings.
pub fn settings_of(reader: &core_config::ReaderConfig) -> ReaderSettings {
    ReaderSettings {
        reading_width: reader.reading_width,
        align: match reader.align {
            core_config::Align::Left => Align::Left,
            core_config::Align::Centre => Align::Centre,
        },
        mouse: reader.mouse,
        date_format: reader.date_format.0.clone(),
        pictures: reader.images != core_config::Images::Off,
    }
}

/// The values in force, as a config file would write them: every view's keys (the built-in ones
/// and the file's), every colour role (`NO_COLOR` applied), the reader settings and the blog.
pub fn effective(loaded: &LoadedConfig, tui: &TuiConfig, no_color: Option<&std::ffi::OsStr>) -> core_config::Config {
    use crate::app::keymap::{TableId, action_name};
    let mut keys = core_config::KeysConfig::default();
    let sections = [
        (&mut keys.posts, TableId::Reader),
        (&mut keys.tags, TableId::Tags),
        (&mut keys.subscribers, TableId::Subscribers),
        (&mut keys.compose, TableId::Compose),
        (&mut keys.form, TableId::Form),
        (&mut keys.confirm, TableId::Confirm),
        (&mut keys.picker, TableId::Picker),
        (&mut keys.jobs, TableId::Jobs),
    ];
    for (section, table) in sections {
        for (b, bound) in tui.keys.entries(table) {
            let specs = bound.iter().filter_map(|k| spec_of(*k)).collect();
            section
                .entry(core_config::Spanned::new(0..0, action_name(&b.action)))
                .or_insert(core_config::KeyList(specs));
        }
    }
    core_config::Config {
        reader: loaded.config.reader.clone(),
        colors: crate::ui::Theme::configured(&tui.colors, no_color).colors_spec(),
        keys,
        blog: tui.blog.clone(),
        site: loaded.config.site.clone(),
        signup: loaded.config.signup.clone(),
        // Its url's password is printed as *** (`SmtpUrl`'s Serialize).
        smtp: loaded.config.smtp.clone(),
        follow: loaded.config.follow.clone(),
    }
}

/// The config file's spelling of a key (the reverse of `keymap::config::key_of`).
fn spec_of(key: crate::app::keymap::Key) -> Option<core_config::KeySpec> {
    use crate::app::keymap::Key;
    use byline_core::config::{KeySpec, NamedKey};
    use crossterm::event::KeyCode;
    Some(match key {
        Key::Char(c) => KeySpec::Char(c),
        Key::Ctrl(c) => KeySpec::Ctrl(c),
        Key::Code(code) => KeySpec::Named(match code {
            KeyCode::Enter => NamedKey::Enter,
            KeyCode::Esc => NamedKey::Esc,
            KeyCode::Tab => NamedKey::Tab,
            KeyCode::BackTab => NamedKey::BackTab,
            KeyCode::Backspace => NamedKey::Backspace,
            KeyCode::Delete => NamedKey::Delete,
            KeyCode::Insert => NamedKey::Insert,
            KeyCode::Up => NamedKey::Up,
            KeyCode::Down => NamedKey::Down,
            KeyCode::Left => NamedKey::Left,
            KeyCode::Right => NamedKey::Right,
            KeyCode::PageUp => NamedKey::PageUp,
            KeyCode::PageDown => NamedKey::PageDown,
            KeyCode::Home => NamedKey::Home,
            KeyCode::End => NamedKey::End,
            KeyCode::F(n) => NamedKey::F(n),
            _ => return None,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(text: &str) -> Result<TuiConfig, ConfigError> {
        let loaded = LoadedConfig::parse(Path::new("c.toml"), text.into())?;
        TuiConfig::from_loaded(&loaded)
    }

    #[test]
    fn the_defaults_match_the_apps() {
        // Pictures too, which the app alone leaves off: without a face nothing fetches them.
        assert_eq!(load("").unwrap().settings, ReaderSettings { pictures: true, ..ReaderSettings::default() });
    }

    #[test]
    fn reader_settings_come_from_the_file() {
        let c =
            load("[reader]\nreading_width = 70\nalign = \"centre\"\nmouse = true\ndate_format = \"%d/%m\"\n").unwrap();
        let want = ReaderSettings {
            reading_width: 70,
            align: Align::Centre,
            mouse: true,
            date_format: "%d/%m".into(),
            pictures: true,
        };
        assert_eq!(c.settings, want);
    }

    #[test]
    fn an_unknown_action_names_its_line_and_the_actions_there_are() {
        let e = load("[keys.tags]\nrename = \"R\"\nrenmae = \"x\"\n").unwrap_err().to_string();
        assert!(e.starts_with("config file c.toml, line 3, key keys.tags.renmae: no action 'renmae'"), "{e}");
        assert!(e.contains("rename, merge"), "{e}");
    }

    #[test]
    fn a_key_that_would_do_two_things_is_an_error() {
        // `n` writes a new post in the posts view.
        let e = load("[keys.posts]\nsearch_start = \"n\"\n").unwrap_err().to_string();
        assert!(e.contains("line 2, key keys.posts.search_start: n is already the key for 'new'"), "{e}");
        // Swapping two keys is fine: both are rebound.
        load("[keys.posts]\nsearch_start = \"n\"\nnew = \"/\"\n").unwrap();
    }

    #[test]
    fn global_applies_to_every_view_that_has_the_action() {
        let c = load("[keys.global]\nhelp = \"F1\"\n\n[keys.tags]\nhelp = \"h\"\n").unwrap();
        use crate::app::Action;
        use crate::app::keymap::{Key, TableId};
        use crossterm::event::KeyCode;
        assert_eq!(c.keys.keys_for(TableId::Reader, &Action::Help), vec![Key::Code(KeyCode::F(1))]);
        assert_eq!(c.keys.keys_for(TableId::Subscribers, &Action::Help), vec![Key::Code(KeyCode::F(1))]);
        assert_eq!(c.keys.keys_for(TableId::Tags, &Action::Help), vec![Key::Char('h')]);
        // `global` reaches the three views only: compose keeps its own help key.
        let c = load("[keys.global]\nhelp = \"h\"\n").unwrap();
        assert_eq!(c.keys.keys_for(TableId::Compose, &Action::Help), vec![Key::Code(KeyCode::F(1))]);
    }

    #[test]
    fn an_empty_list_unbinds_and_the_hints_skip_it() {
        use crate::app::keymap::{Resolved, hints, resolve};
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let c = load("[keys.posts]\ncopy_slug = []\nsearch_start = []\n").unwrap();
        let mut state = crate::app::AppState::new(
            "t".into(),
            120,
            30,
            crate::markdown::MarkdownStyles::plain(),
            jiff::tz::TimeZone::UTC,
            0,
        );
        c.apply(&mut state);
        let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(resolve(&state, &y), Resolved::Unbound);
        assert!(hints(&state).iter().all(|(_, h)| *h != "search"), "{:?}", hints(&state));
    }

    #[test]
    fn every_action_in_a_table_has_its_own_snake_case_name() {
        use crate::app::keymap::{TableId, action_name, bindings};
        for table in [TableId::Reader, TableId::Tags, TableId::Subscribers, TableId::Compose, TableId::Form] {
            let mut names: Vec<String> = bindings(table).map(|b| action_name(&b.action)).collect();
            assert!(
                names.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
                "{names:?}"
            );
            names.sort();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "{table:?}: two bindings of one action");
        }
        use crate::app::Action;
        assert_eq!(action_name(&Action::SearchStart), "search_start");
        assert_eq!(action_name(&Action::ShowView(crate::app::View::Tags)), "view_tags");
        assert_eq!(action_name(&Action::PageDown), "page_down");
    }

    #[test]
    fn the_effective_values_read_back_as_the_same_config() {
        let text = "[keys.posts]\nsearch_start = \"f\"\n\n[colors]\nalert = \"bold #d70000\"\n";
        let loaded = LoadedConfig::parse(Path::new("c.toml"), text.into()).unwrap();
        let tui = TuiConfig::from_loaded(&loaded).unwrap();
        let shown = toml::to_string(&effective(&loaded, &tui, None)).unwrap();
        assert!(shown.contains("search_start = [\"f\"]"), "{shown}");
        assert!(shown.contains("page_down = [\"PgDn\", \"Space\", \"Ctrl-d\"]"), "{shown}");
        let again = LoadedConfig::parse(Path::new("shown.toml"), shown).unwrap();
        assert_eq!(
            TuiConfig::from_loaded(&again).unwrap().keys.entries(crate::app::keymap::TableId::Reader).count(),
            tui.keys.entries(crate::app::keymap::TableId::Reader).count()
        );
        assert_eq!(
            crate::ui::Theme::configured(&again.config.colors, None),
            crate::ui::Theme::configured(&tui.colors, None)
        );
    }
}
