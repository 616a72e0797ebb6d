//! Reading config files: values, defaults, and an error naming the line and key for each way a
//! file can be wrong.

use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    LoadedConfig::parse(Path::new("/c/config.toml"), text.to_string()).map(|l| l.config)
}

/// The line and key of the error for `text`, and its message.
fn error(text: &str) -> (usize, String, String) {
    match parse(text) {
        Err(ConfigError::Invalid { line, key, message, .. }) => (line, key, message),
        other => panic!("expected an error with a line, got {other:?}"),
    }
}

#[test]
fn an_empty_file_is_the_defaults() {
    let c = parse("").unwrap();
    assert_eq!(c, Config::default());
    assert_eq!(c.reader.reading_width, 88);
    assert!(!c.reader.mouse, "the mouse is off so the terminal's selection works");
    assert_eq!(c.reader.date_format.0, "%Y-%m-%d");
}

#[test]
fn every_section_is_read() {
    let c = parse(
        r##"
[reader]
reading_width = 72
align = "center"
mouse = true
date_format = "%d %b %Y"
images = "off"

[colors]
selection = "bold black on light-yellow"
alert = "#d70000"

[keys.posts]
search_start = "f"
down = ["j", "Ctrl-n", "Down"]

[keys.global]
help = "F1"

[blog]
title = "Notes"
"##,
    )
    .unwrap();
    assert_eq!(c.reader.reading_width, 72);
    assert_eq!(c.reader.align, Align::Centre);
    assert!(c.reader.mouse);
    assert_eq!(c.reader.date_format.0, "%d %b %Y");
    assert_eq!(c.reader.images, super::Images::Off);
    let sel = c.colors.selection.unwrap();
    assert_eq!((sel.fg, sel.bg, sel.modifiers), (Some(Colour::Ansi(0)), Some(Colour::Ansi(11)), vec!["bold"]));
    assert_eq!(c.colors.alert.unwrap().fg, Some(Colour::Rgb(0xd7, 0, 0)));
    assert_eq!(c.keys.posts.get("search_start"), Some(&KeyList(vec![KeySpec::Char('f')])));
    let down = &c.keys.posts.get("down").unwrap().0;
    assert_eq!(down, &[KeySpec::Char('j'), KeySpec::Ctrl('n'), KeySpec::Named(NamedKey::Down)]);
    assert_eq!(c.keys.global.get("help"), Some(&KeyList(vec![KeySpec::Named(NamedKey::F(1))])));
    assert_eq!(c.blog.title.as_deref(), Some("Notes"));
}

#[test]
fn show_writes_back_what_it_read() {
    let text = "[reader]\nreading_width = 70\n\n[colors]\nkey = \"bold #00afaf on default\"\n\n[keys.tags]\nrename = [\"R\", \"Ctrl-r\", \"Space\"]\n";
    let c = parse(text).unwrap();
    let shown = toml::to_string(&c).unwrap();
    assert_eq!(parse(&shown).unwrap(), c, "{shown}");
    assert!(shown.contains("\"bold #00afaf on default\""), "{shown}");
}

#[test]
fn an_unknown_key_names_its_line_and_key() {
    let (line, key, message) = error("[reader]\nreading_width = 80\nmosue = true\n");
    assert_eq!((line, key.as_str()), (3, "reader.mosue"));
    assert!(message.contains("mosue"), "{message}");
}

#[test]
fn an_unknown_section_is_an_error() {
    let (line, key, _) = error("[reader]\nmouse = false\n\n[colours]\nalert = \"red\"\n");
    assert_eq!((line, key.as_str()), (4, "colours"));
    let (line, key, _) = error("[keys.post]\nsearch_start = \"f\"\n");
    assert_eq!((line, key.as_str()), (1, "keys.post"));
}

#[test]
fn a_wrong_type_is_an_error() {
    let (line, key, message) = error("[reader]\nmouse = \"yes\"\n");
    assert_eq!((line, key.as_str()), (2, "reader.mouse"));
    assert!(message.contains("bool"), "{message}");
}

#[test]
fn bad_values_are_errors() {
    for (text, key, words) in [
        ("[reader]\nreading_width = 5\n", "reader.reading_width", "20 or more"),
        ("[reader]\nalign = \"middle\"\n", "reader.align", "middle"),
        ("[reader]\nimages = \"yes\"\n", "reader.images", "yes"),
        ("[reader]\ndate_format = \"%Y-%K\"\n", "reader.date_format", "not a date format"),
        ("[colors]\nalert = \"redd\"\n", "colors.alert", "not a colour"),
        ("[colors]\nalert = \"#12345\"\n", "colors.alert", "not a colour"),
        ("[colors]\nglow = \"red\"\n", "colors.glow", "glow"),
        ("[keys.posts]\ndown = \"Ctrl-\"\n", "keys.posts.down", "not a key"),
        ("[keys.posts]\ndown = [\"j\", \"Hyper-j\"]\n", "keys.posts.down", "not a key"),
    ] {
        let (line, k, message) = error(text);
        assert_eq!((line, k.as_str()), (2, key), "{text}");
        assert!(message.contains(words), "{text}: {message}");
    }
}

#[test]
fn a_syntax_error_names_its_line() {
    let (line, _, _) = error("[reader]\nreading_width = 80\nmouse = \n");
    assert_eq!(line, 3);
}

#[test]
fn the_message_is_one_line_with_path_line_and_key() {
    let e = parse("\n[reader]\nmouse = 1\n").unwrap_err().to_string();
    assert!(e.starts_with("config file /c/config.toml, line 3, key reader.mouse: "), "{e}");
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn a_missing_file_is_the_defaults_only_at_the_default_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let loaded = LoadedConfig::load(&ConfigChoice::Default(path.clone())).unwrap();
    assert_eq!((loaded.config, loaded.path), (Config::default(), None));
    let e = LoadedConfig::load(&ConfigChoice::Given(path.clone())).unwrap_err();
    assert_eq!(e, ConfigError::Missing { path: path.display().to_string() });
}

#[test]
fn a_file_is_read_from_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("byline.toml");
    std::fs::write(&path, "[reader]\nmouse = true\n").unwrap();
    let loaded = LoadedConfig::load(&ConfigChoice::Given(path.clone())).unwrap();
    assert!(loaded.config.reader.mouse);
    assert_eq!(loaded.path, Some(path));
}

#[test]
fn errors_found_later_name_their_line() {
    let loaded = LoadedConfig::parse(Path::new("c.toml"), "[keys.tags]\nrename = \"R\"\nfly = \"f\"\n".into()).unwrap();
    let (name, _) = loaded.config.keys.tags.iter().find(|(k, _)| k.get_ref() == "fly").unwrap();
    let e = loaded.error_at(name.span(), "no action 'fly' in the tags view");
    assert_eq!(e.to_string(), "config file c.toml, line 3, key keys.tags.fly: no action 'fly' in the tags view");
}

#[test]
fn keys_and_colours_are_spelled_back_as_written() {
    for k in ["j", "Space", "Ctrl-d", "PgDn", "Enter", "Shift-Tab", "F5"] {
        assert_eq!(k.parse::<KeySpec>().unwrap().to_string(), k);
    }
    assert_eq!("ctrl-D".parse::<KeySpec>().unwrap(), KeySpec::Ctrl('d'));
    assert_eq!("bright_red".parse::<Colour>().unwrap(), Colour::Ansi(9));
    assert_eq!("Grey".parse::<Colour>().unwrap(), Colour::Ansi(7));
    assert_eq!("DarkGray".parse::<Colour>().unwrap(), Colour::Ansi(8));
}

#[test]
fn the_site_section_is_read_and_checked() {
    let c = parse(
        "[site]\nbase_url = \"https://example.org/blog/\"\noutput_dir = \"/srv/blog\"\n\
         theme_dir = \"theme\"\nsignup_url = \"https://example.org/signup\"\n",
    )
    .unwrap();
    assert_eq!(c.site.base_url.as_deref(), Some("https://example.org/blog/"));
    assert_eq!(c.site.output_dir.as_deref(), Some(Path::new("/srv/blog")));
    assert_eq!(c.site.theme_dir.as_deref(), Some(Path::new("theme")));
    assert_eq!(c.site.signup_url.as_deref(), Some("https://example.org/signup"));
    assert_eq!(parse("").unwrap().site, SiteConfig::default());
    let (line, key, _) = error("[site]\nbase_url = \"https://x\"\noutput = \"out\"\n");
    assert_eq!((line, key.as_str()), (3, "site.output"));
}

#[test]
fn the_follow_section_sets_the_interval_refresh_and_zero_turns_it_off() {
    let c = parse("[follow]\nrefresh_minutes = 15\n").unwrap();
    assert_eq!(c.follow.refresh_every(), Some(std::time::Duration::from_secs(900)));
    assert_eq!(parse("[follow]\nrefresh_minutes = 0\n").unwrap().follow.refresh_every(), None);
    assert_eq!(parse("").unwrap().follow.refresh_every(), None, "off unless asked");
    let (line, key, _) = error("[follow]\nrefresh_minutes = -5\n");
    assert_eq!((line, key.as_str()), (2, "follow.refresh_minutes"));
    let (line, key, _) = error("[follow]\nrefresh = 5\n");
    assert_eq!((line, key.as_str()), (2, "follow.refresh"));
}
