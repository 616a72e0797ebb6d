//! The config file in the TUI: a rebound key works and the old one no longer does (in dispatch,
//! help and hints), dates follow `date_format`, a colour role is drawn and `NO_COLOR` wins.

use std::ffi::OsStr;

use byline::config::LoadedConfig;
use byline_tui::config::TuiConfig;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::*;

fn config(text: &str) -> TuiConfig {
    let loaded = LoadedConfig::parse(Path::new("config.toml"), text.into()).expect("a valid config");
    TuiConfig::from_loaded(&loaded).expect("valid keys")
}

#[test]
fn a_rebound_key_works_and_the_old_one_no_longer_does() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.configure(&config("[keys.posts]\nsearch_start = \"f\"\n"), None);
    let status = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(status.contains("f search") && !status.contains("/ search"), "the hint names the new key: {status}");
    h.key(KeyCode::Char('/'));
    assert!(h.state.posts.search.is_none(), "/ no longer searches");
    assert_eq!(message(&h), "'/' does nothing here; ? lists the keys");
    h.key(KeyCode::Char('f'));
    assert!(h.state.posts.search.is_some(), "f searches");
    h.type_text("cache");
    assert_eq!(h.state.posts.search.as_ref().map(|s| s.input.as_str()), Some("cache"));
    h.key(KeyCode::Esc);

    // The help lists the keys in force.
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    let line = help.lines().find(|l| l.contains("search posts, or the open article")).expect("the search line");
    assert!(line.contains(" f "), "{line}");
    assert!(!line.contains('/'), "{line}");
}

#[test]
fn global_keys_and_a_views_own_apply_in_their_views() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.configure(&config("[keys.global]\nview_tags = \"F2\"\n\n[keys.tags]\nrename = \"R\"\n"), None);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.state.view, View::Posts, "2 is no longer the tags view");
    h.key(KeyCode::F(2));
    assert_eq!(h.state.view, View::Tags);
    h.key(KeyCode::Char('r'));
    assert!(h.state.overlay.is_none(), "r no longer renames");
    h.key(KeyCode::Char('R'));
    assert!(form(&h).field(FieldId::NewName).len() > 1, "R opens the rename form");
}

#[test]
fn dates_follow_the_configured_format() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let date = |h: &Headless, format: &str| {
        let shown = h.state.posts.list.selected_row().expect("a selected post").post.shown_at();
        let t = jiff::Timestamp::from_second(shown).unwrap();
        t.to_zoned_datetime(jiff::tz::TimeZone::UTC).strftime(format).to_string()
    };
    assert!(h.screen().contains(&date(&h, "%Y-%m-%d")), "the default is the ISO date:\n{}", h.screen());
    h.configure(&config("[reader]\ndate_format = \"%d %b %Y\"\n"), None);
    // The next post's preview is laid out with the format in force.
    h.key(KeyCode::Char('j'));
    let want = date(&h, "%d %b %Y");
    assert!(h.screen().contains(&want), "the list shows the configured date:\n{}", h.screen());
    let article = h.state.posts.article.as_ref().expect("the preview");
    let text: String = article.lines.iter().take(6).map(|l| l.to_string()).collect();
    assert!(text.contains(&want), "the article's header too: {text}");
}

#[test]
fn a_colour_role_is_drawn_and_no_color_wins() {
    let blog = Blog::seeded();
    let mut h = blog.tui(100, 24);
    let cfg = config("[colors]\nheader = \"bold white on blue\"\n");
    let header_bg = |h: &Headless| {
        let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
        h.draw(&mut terminal);
        terminal.backend().buffer()[(1, 0)].bg
    };
    h.configure(&cfg, None);
    assert_eq!(header_bg(&h), Color::Blue);
    h.configure(&cfg, Some(OsStr::new("1")));
    assert_eq!(header_bg(&h), Color::Reset, "NO_COLOR: no colour, whatever the file says");
}

#[test]
fn w_exports_the_website_into_the_configured_folder_as_a_job() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let toml =
        format!("[site]\noutput_dir = {:?}\nbase_url = \"https://blog.example.org/\"\n", dir.display().to_string());
    h.configure(&config(&toml), None);
    h.key(KeyCode::Char('W'));
    let said = message(&h);
    assert!(
        said.starts_with(&format!("site exported to {}: ", dir.display()))
            && said.contains(" file(s) written, 0 unchanged"),
        "{said}"
    );
    assert!(dir.join("index.html").is_file() && dir.join("feed.xml").is_file());
    // Again, with nothing changed: nothing is rewritten.
    h.key(KeyCode::Char('W'));
    assert!(message(&h).contains(": 0 file(s) written"), "{}", message(&h));
}
