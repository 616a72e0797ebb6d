//! Posts of odd sizes and shapes (issue 13): huge, one long line, many lines, no body, only
//! emoji or CJK, tabs and CRLF, thousands of tags, a 1x1 terminal and a storm of resizes. None
//! may panic, lose text, or leave the layout wrong for the size the terminal ends at.

use byline::domain::{TagName, Title};
use byline::ops::posts::{PostFields, When, save_post};
use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

/// A blog of one published post with this title, tags and body.
fn blog_of(title: &str, tags: &[String], body: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let fields = PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: Some("Ann".into()),
        tags: TagName::parse_all(tags).unwrap(),
        summary: String::new(),
        body: body.into(),
    };
    save_post(&mut store, None, &fields, Some(When::Now)).unwrap();
    (dir, store)
}

/// The reader on that blog at `width` x `height`, with the post opened.
fn opened(body: &str, width: u16, height: u16) -> (tempfile::TempDir, Headless) {
    let (dir, store) = blog_of("Shape", &[], body);
    let mut app = Headless::new(store, width, height).unwrap();
    app.key(KeyCode::Enter);
    assert!(app.state.posts.article.is_some(), "the post opens");
    (dir, app)
}

/// The article's lines as text.
fn article_text(app: &Headless) -> Vec<String> {
    let a = app.state.posts.article.as_ref().expect("an article is open");
    a.lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
}

/// Everything but whitespace, in order: wrapping may move and drop spaces, never anything else.
fn ink(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every line fits the article's width and no control character reaches the screen.
fn assert_fits(app: &Headless, what: &str) {
    let width = usize::from(app.state.posts.article.as_ref().unwrap().width);
    for (i, line) in article_text(app).iter().enumerate() {
        assert!(line.width() <= width, "{what}: line {i} is {} columns wide, the text {width}", line.width());
        assert!(!line.chars().any(char::is_control), "{what}: a control character on line {i}: {line:?}");
    }
}

#[test]
fn odd_bodies_open_and_keep_every_character() {
    let emoji = "😀🎉🚀🌍🔥✨🍕🐍 ".repeat(200);
    let cjk = "漢字仮名交じり文は空白なしで折り返す。中文也没有空格。한국어도".repeat(100);
    let long_line = "word ".repeat(40_000);
    let cases: [(&str, &str); 4] =
        [("only emoji", &emoji), ("only CJK", &cjk), ("a 200 KB line", &long_line), ("an empty body", "")];
    for (what, body) in cases {
        let (_dir, app) = opened(body, 80, 24);
        let text = article_text(&app).join("\n");
        assert!(ink(&text).contains(&ink(body)), "{what}: text lost in the layout");
        assert_fits(&app, what);
        assert!(app.screen().contains("Shape"), "{what}: the title is drawn");
    }
}

#[test]
fn tabs_and_crlf_become_spaces_and_line_ends_never_raw_characters() {
    let body = "First\tcolumn\tof prose\r\nand its second line\r\n\r\nA new paragraph\r\n\r\n```\r\nfn main() {\r\n\tlet x = 1;\r\n}\r\n```\r\n";
    let (_dir, app) = opened(body, 40, 20);
    let text = article_text(&app).join("\n");
    for word in ["First", "column", "second", "paragraph", "main()", "let x = 1;"] {
        assert!(text.contains(word), "{word:?} kept in\n{text}");
    }
    assert!(!text.contains('\r') && !text.contains('\t'), "no raw CR or tab reaches a line:\n{text:?}");
    assert_fits(&app, "tabs and CRLF");
}

#[test]
fn a_hundred_thousand_line_post_keeps_every_line() {
    let body: String = (0..100_000).map(|i| format!("line {i}\n\n")).collect();
    let (_dir, mut app) = opened(&body, 80, 24);
    let text = article_text(&app);
    let body_lines: Vec<&String> = text.iter().filter(|l| l.starts_with("line ")).collect();
    assert_eq!(body_lines.len(), 100_000);
    assert_eq!((body_lines[0].as_str(), body_lines[99_999].as_str()), ("line 0", "line 99999"));
    // The end is reachable and drawn.
    app.key(KeyCode::Char('G'));
    assert!(app.screen().contains("line 99999"), "{}", app.screen());
}

#[test]
fn five_thousand_tags_leave_the_text_on_the_first_screen() {
    let tags: Vec<String> = (0..5_000).map(|i| format!("tag{i}")).collect();
    let (_dir, store) = blog_of("Tagged", &tags, "The text itself.");
    let mut app = Headless::new(store, 80, 24).unwrap();
    app.key(KeyCode::Enter);
    let screen = app.screen();
    assert!(screen.contains("The text itself."), "the tags push the text off the screen:\n{screen}");
    assert!(screen.contains("#tag0"), "the first tags are shown:\n{screen}");
    assert!(screen.contains(" +4,980 more"), "says how many are not shown:\n{screen}");
    assert_fits(&app, "5,000 tags");
}

#[test]
fn a_one_by_one_terminal_draws_and_recovers_when_widened() {
    let body = "Some words to wrap across the width of the pane, more than once. ".repeat(20);
    let (_dir, store) = blog_of("Tiny", &[], &body);
    let mut app = Headless::new(store, 1, 1).unwrap();
    let _ = app.screen();
    for key in [KeyCode::Enter, KeyCode::Char('j'), KeyCode::Char('G'), KeyCode::Char('?'), KeyCode::Esc] {
        app.key(key);
        let _ = app.screen();
    }
    app.key(KeyCode::Enter);
    app.action(byline::app::Action::Resize(80, 24));
    let a = app.state.posts.article.as_ref().expect("the article is open");
    assert_eq!(a.width, 76, "laid out for the width it has now");
    // `G` at 1x1 went to the end: the end is still what is shown.
    assert!(app.screen().contains("more than once."), "{}", app.screen());
    assert_fits(&app, "widened from 1x1");
}

#[test]
fn a_thousand_resizes_leave_the_layout_of_the_last_size() {
    let body = "A paragraph of words that wraps differently at every width it is given. ".repeat(60);
    let (_dir, store) = blog_of("Storm", &[], &body);
    let mut app = Headless::new(store, 80, 24).unwrap();
    app.key(KeyCode::Enter);
    // A pseudo-random walk over sizes, tiny ones included.
    let mut seed = 7u32;
    for _ in 0..1_000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (w, h) = ((seed >> 8) % 200 + 1, (seed >> 20) % 60 + 1);
        app.action(byline::app::Action::Resize(w as u16, h as u16));
    }
    app.action(byline::app::Action::Resize(100, 30));
    let stormed = article_text(&app);
    let (_dir2, fresh) = {
        let (dir, store) = blog_of("Storm", &[], &body);
        let mut fresh = Headless::new(store, 100, 30).unwrap();
        fresh.key(KeyCode::Enter);
        (dir, fresh)
    };
    assert_eq!(stormed, article_text(&fresh), "laid out as if opened at the last size");
    assert_eq!(app.screen(), fresh.screen(), "and drawn the same");
}

#[test]
fn a_ten_thousand_character_title_leaves_the_text_on_the_first_screen() {
    // Own posts refuse titles over 300 characters, but a followed feed's item (or a database
    // written by something else) can bring any length.
    let (_dir, store) = blog_of("Short", &[], "The text itself.");
    let long = "title ".repeat(1_700);
    store.conn().execute("UPDATE post SET title = ?1", [long.trim_end()]).unwrap();
    let mut app = Headless::new(store, 80, 24).unwrap();
    let list = app.screen();
    assert!(list.contains("title title") && list.contains('…'), "the row is cut to the width:\n{list}");
    app.key(KeyCode::Enter);
    let screen = app.screen();
    assert!(screen.contains("The text itself."), "the title pushes the text off the screen:\n{screen}");
    assert!(screen.contains("title title"), "the title is shown:\n{screen}");
    assert_fits(&app, "a 10,000-character title");
}
