//! Render snapshots: the reader drawn into ratatui's TestBackend at fixed sizes, stored as text
//! with insta (tests/snapshots/). The state is built by feeding keys through `update` while the
//! real runtime runner serves the sample blog from a temporary store, with a fixed clock, UTC
//! and the plain theme, so the pictures only change when the rendering does.

use crate::common::app::{SampleBlog, code, drive, drive_all, key, start, state, typed};
use byline::app::{Action, AppState, Msg};
use byline::domain::{NewPost, Title};
use byline::store;
use byline::ui::{self, Theme};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn draw(s: &AppState) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(s.width, s.height)).expect("test terminal");
    terminal.draw(|frame| ui::render(frame, s, &Theme::plain())).expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen as text: one line a row, cells hidden behind a wide character skipped, trailing
/// blanks trimmed.
fn screen(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    if width == 0 {
        return String::new();
    }
    let mut out = Vec::new();
    for row in buf.content.chunks(width) {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip.max(unicode_width::UnicodeWidthStr::width(cell.symbol())).saturating_sub(1);
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

/// One character a cell for its modifiers: `#` reversed (the selection, the header), `B` bold,
/// `U` underlined (with or without bold), `I` italic, `d` dim, `.` plain.
fn style_mask(buf: &Buffer, area: Rect) -> String {
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        let line: String = (area.left()..area.right())
            .map(|x| {
                let m = buf[(x, y)].modifier;
                if m.contains(Modifier::REVERSED) {
                    '#'
                } else if m.contains(Modifier::UNDERLINED) {
                    'U'
                } else if m.contains(Modifier::BOLD) {
                    'B'
                } else if m.contains(Modifier::ITALIC) {
                    'I'
                } else if m.contains(Modifier::DIM) {
                    'd'
                } else {
                    '.'
                }
            })
            .collect();
        out.push(line);
    }
    out.join("\n")
}

fn has(buf: &Buffer, x: u16, y: u16, m: Modifier) -> bool {
    buf[(x, y)].modifier.contains(m)
}

/// The sample blog at this size, first window and (on wide screens) the first article loaded.
fn sample(width: u16, height: u16) -> (AppState, SampleBlog) {
    let mut blog = SampleBlog::open();
    let mut s = state(&blog.title(), width, height);
    start(&mut s, &mut blog, None);
    (s, blog)
}

/// Reads the second post (so one row is read), comes back, and selects the third.
fn browsed(width: u16, height: u16) -> (AppState, SampleBlog) {
    let (mut s, mut blog) = sample(width, height);
    drive_all(&mut s, &mut blog, [key('j'), code(KeyCode::Enter), code(KeyCode::Esc), key('j')]);
    (s, blog)
}

/// Selects the post with this slug and opens it.
fn open_post(s: &mut AppState, blog: &mut SampleBlog, slug: &str) {
    let id = blog.id(slug);
    for _ in 0..s.posts.list.total {
        if s.posts.list.selected_id() == Some(id) {
            drive(s, blog, code(KeyCode::Enter));
            return;
        }
        drive(s, blog, key('j'));
    }
    panic!("{slug} is not in the list");
}

const PROXY: &str = "the-quiet-middleman-what-a-reverse-proxy-does-all-day";

// ---------------------------------------------------------------------------------------------
// The wide view

#[test]
fn wide_list_and_article_120x35() {
    let (s, _blog) = browsed(120, 35);
    let buf = draw(&s);
    insta::assert_snapshot!("wide_120x35", screen(&buf));

    // Styles where they carry meaning (plain theme: modifiers only).
    let list = s.layout.list;
    insta::assert_snapshot!("wide_120x35_list_styles", style_mask(&buf, list));
    let row_y = |index: usize| list.y + 1 + 2 * (index - s.posts.list.top) as u16;
    let inner_w = list.width - 1;
    assert_eq!(s.posts.list.selected, 2);
    for y in [row_y(2), row_y(2) + 1] {
        assert!((0..inner_w).all(|x| has(&buf, x, y, Modifier::REVERSED)), "the whole selected row is reversed");
    }
    for index in [0, 1, 3] {
        assert!(!has(&buf, 4, row_y(index), Modifier::REVERSED), "only the selected row is reversed");
    }
    assert!(s.posts.list.rows[1].read && !s.posts.list.rows[0].read && !s.posts.list.rows[3].read);
    assert_eq!(buf[(0, row_y(0))].symbol(), "●", "unread rows carry a marker");
    assert_eq!(buf[(0, row_y(1))].symbol(), " ", "read rows do not");
    assert!(has(&buf, 4, row_y(0), Modifier::BOLD) && has(&buf, 4, row_y(3), Modifier::BOLD), "unread titles bold");
    assert!(!has(&buf, 4, row_y(1), Modifier::BOLD), "read titles plain");
    assert!(has(&buf, 4, row_y(0) + 1, Modifier::DIM), "the date line is muted");
    assert!((0..120).all(|x| has(&buf, x, 0, Modifier::REVERSED | Modifier::BOLD)), "the header bar");
    // The article's title is the underlined h1.
    let (ax, ay) = (s.layout.article.x + 1, s.layout.article.y + 1);
    assert!(has(&buf, ax, ay, Modifier::UNDERLINED | Modifier::BOLD));
}

#[test]
fn wide_list_and_article_200x60() {
    let (s, _blog) = browsed(200, 60);
    insta::assert_snapshot!("wide_200x60", screen(&draw(&s)));
}

#[test]
fn wide_with_the_article_focused_and_scrolled() {
    let (mut s, mut blog) = browsed(120, 35);
    drive_all(&mut s, &mut blog, [code(KeyCode::Tab), code(KeyCode::PageDown)]);
    let buf = draw(&s);
    insta::assert_snapshot!("wide_120x35_article_focused", screen(&buf));
    // Focus moves the bold border from the list to the article.
    assert!(has(&buf, s.layout.article.x + 3, s.layout.article.y, Modifier::BOLD));
    assert!(has(&buf, 3, s.layout.list.y, Modifier::DIM));
}

// ---------------------------------------------------------------------------------------------
// The narrow views

#[test]
fn narrow_list_80x24() {
    let (s, _blog) = browsed(80, 24);
    insta::assert_snapshot!("narrow_list_80x24", screen(&draw(&s)));
}

#[test]
fn narrow_article_80x24() {
    let (mut s, mut blog) = sample(80, 24);
    open_post(&mut s, &mut blog, PROXY);
    insta::assert_snapshot!("narrow_article_80x24", screen(&draw(&s)));

    // Further down: the nginx example is a code block, kept unwrapped.
    let code_at =
        s.posts.article.as_ref().and_then(|a| a.lines.iter().position(|l| l.to_string().contains("server {")));
    let code_at = code_at.expect("the nginx block");
    s.posts.article.as_mut().expect("open").scroll = code_at.saturating_sub(3);
    insta::assert_snapshot!("narrow_article_80x24_code", screen(&draw(&s)));
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    // The load-testing post quotes a Japanese proverb and uses emoji: two columns each.
    let (mut s, mut blog) = sample(120, 35);
    open_post(&mut s, &mut blog, "load-testing-without-fooling-yourself");
    let at = s.posts.article.as_ref().and_then(|a| a.lines.iter().position(|l| l.to_string().contains("急がば回れ")));
    s.posts.article.as_mut().expect("open").scroll = at.expect("the proverb").saturating_sub(2);
    let buf = draw(&s);
    insta::assert_snapshot!("wide_120x35_wide_characters", screen(&buf));
    // Every row still ends at the list's border and at the screen's edge.
    let border = s.layout.list.right() - 1;
    for y in s.layout.list.y + 1..s.layout.list.bottom() {
        assert_eq!(buf[(border, y)].symbol(), "│", "row {y}");
    }
    let text = s.layout.article.x + 1..s.layout.article.right() - 1;
    for line in &s.posts.article.as_ref().expect("open").lines {
        let w = line.width();
        assert!(w <= text.len() || line.to_string().starts_with("  "), "{w} columns: {line}");
    }
}

#[test]
fn narrow_article_similar_posts_selected() {
    let (mut s, mut blog) = sample(80, 24);
    open_post(&mut s, &mut blog, PROXY);
    drive_all(&mut s, &mut blog, [key('s'), key('j')]);
    let buf = draw(&s);
    insta::assert_snapshot!("narrow_article_80x24_similar", screen(&buf));
    // The chosen similar post (two lines) is drawn in the selection style.
    let a = s.posts.article.as_ref().expect("open");
    let y = s.layout.article.y + 1 + (byline::app::article::related_line(a, 1) - a.scroll) as u16;
    let text = s.layout.article.x + 1..s.layout.article.right() - 1;
    for y in [y, y + 1] {
        assert!(text.clone().all(|x| has(&buf, x, y, Modifier::REVERSED)), "the bar spans the pane at row {y}");
    }
    assert!(!has(&buf, 4, y - 2, Modifier::REVERSED) && !has(&buf, 4, y + 2, Modifier::REVERSED));
}

#[test]
fn narrow_article_link_prompt() {
    let (mut s, mut blog) = sample(80, 24);
    open_post(&mut s, &mut blog, PROXY);
    drive_all(&mut s, &mut blog, [key('o'), key('2')]);
    insta::assert_snapshot!("narrow_article_80x24_link_prompt", screen(&draw(&s)));
}

// ---------------------------------------------------------------------------------------------
// Search, picker, help

#[test]
fn search_results_with_highlighted_snippets() {
    let (mut s, mut blog) = sample(120, 35);
    drive(&mut s, &mut blog, key('/'));
    drive_all(&mut s, &mut blog, typed("cache"));
    let buf = draw(&s);
    insta::assert_snapshot!("search_120x35", screen(&buf));
    insta::assert_snapshot!("search_120x35_list_styles", style_mask(&buf, s.layout.list));
    // Matched words in the snippets are bold and underlined (the plain highlight).
    let list = s.layout.list;
    let highlighted = (list.y..list.bottom())
        .flat_map(|y| (list.x..list.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| has(&buf, x, y, Modifier::BOLD | Modifier::UNDERLINED))
        .count();
    assert!(highlighted >= "cache".len(), "some match is highlighted");
}

#[test]
fn search_results_kept_narrow() {
    let (mut s, mut blog) = sample(80, 24);
    drive(&mut s, &mut blog, key('/'));
    drive_all(&mut s, &mut blog, typed("proxy"));
    drive_all(&mut s, &mut blog, [code(KeyCode::Enter)]);
    insta::assert_snapshot!("search_kept_80x24", screen(&draw(&s)));
}

#[test]
fn tag_picker_overlay() {
    let (mut s, mut blog) = sample(120, 35);
    drive_all(&mut s, &mut blog, [key('t'), code(KeyCode::Down), code(KeyCode::Down)]);
    let buf = draw(&s);
    insta::assert_snapshot!("tag_picker_120x35", screen(&buf));
    let Some(byline::app::Overlay::Picker(p)) = &s.overlay else { panic!("no picker") };
    assert_eq!(p.selected, 2);
    // The chosen tag's row is a bar across the picker, and only that row (below the header bar).
    let rows: Vec<u16> = (1..s.height).filter(|&y| has(&buf, 60, y, Modifier::REVERSED)).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let y = rows[0];
    let line: String = (31..89).map(|x| buf[(x, y)].symbol().to_string()).collect();
    // Unread and all posts with the tag.
    assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["frontend", "2/2"]);
    assert!((31..89).all(|x| has(&buf, x, y, Modifier::REVERSED)));
}

#[test]
fn tag_filter_applied() {
    let (mut s, mut blog) = sample(120, 35);
    drive_all(&mut s, &mut blog, [key('t'), code(KeyCode::Down), code(KeyCode::Down), code(KeyCode::Enter)]);
    insta::assert_snapshot!("tag_filter_120x35", screen(&draw(&s)));
}

#[test]
fn help_overlay() {
    let (mut s, mut blog) = sample(120, 35);
    drive(&mut s, &mut blog, key('?'));
    insta::assert_snapshot!("help_120x35", screen(&draw(&s)));
    update_size(&mut s, &mut blog, 80, 24);
    insta::assert_snapshot!("help_80x24", screen(&draw(&s)));
}

fn update_size(s: &mut AppState, blog: &mut SampleBlog, width: u16, height: u16) {
    drive(s, blog, Msg::Action(Action::Resize(width, height)));
}

// ---------------------------------------------------------------------------------------------
// Empty lists and tiny terminals

#[test]
fn empty_database() {
    let mut blog = SampleBlog::empty();
    let mut s = state(&blog.title(), 80, 24);
    start(&mut s, &mut blog, None);
    insta::assert_snapshot!("empty_80x24", screen(&draw(&s)));
    update_size(&mut s, &mut blog, 120, 35);
    insta::assert_snapshot!("empty_120x35", screen(&draw(&s)));
}

#[test]
fn filtered_empty_list() {
    let (mut s, mut blog) = sample(80, 24);
    blog.mark_all_read();
    drive(&mut s, &mut blog, key('u'));
    insta::assert_snapshot!("unread_only_empty_80x24", screen(&draw(&s)));
}

#[test]
fn terminal_too_small() {
    let (mut s, mut blog) = sample(80, 24);
    update_size(&mut s, &mut blog, 15, 4);
    insta::assert_snapshot!("too_small_15x4", screen(&draw(&s)));
}

#[test]
fn smallest_allowed_20x5() {
    let (mut s, mut blog) = browsed(80, 24);
    update_size(&mut s, &mut blog, 20, 5);
    insta::assert_snapshot!("smallest_20x5_list", screen(&draw(&s)));
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    insta::assert_snapshot!("smallest_20x5_article", screen(&draw(&s)));
}

// ---------------------------------------------------------------------------------------------
// Untrusted text

#[test]
fn control_characters_in_titles_are_drawn_as_visible_pictures() {
    let mut blog = SampleBlog::open();
    blog.runner
        .store
        .write(|tx, now| {
            let post = NewPost {
                title: Title::parse("\x1b]0;pwned\x07 A title with escapes").expect("title"),
                slug: None,
                author: Some("Mallory".into()),
                tags: vec![],
                summary: String::new(),
                body: "Body with \x1b[31mred\x1b[0m text.".into(),
                publish_at: Some(now),
                created_at: Some(now),
            };
            store::add_post(tx, &post, now)
        })
        .expect("add");
    let mut s = state(&blog.title(), 120, 35);
    start(&mut s, &mut blog, None);
    drive(&mut s, &mut blog, key('j'));
    let buf = draw(&s);
    let text = screen(&buf);
    assert!(text.contains("␛]0;pwned␇ A title with escapes"), "{text}");
    assert!(text.contains("Body with ␛[31mred␛[0m text."));
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "no raw control character reaches a cell");
}

// ---------------------------------------------------------------------------------------------
// Every view at every size

/// Each view, built at a comfortable size.
fn views() -> Vec<(&'static str, AppState, SampleBlog)> {
    let mut out = Vec::new();
    for (name, keys, wide) in [
        ("list", vec![key('j')], false),
        ("wide", vec![key('j')], true),
        ("article", vec![key('j'), code(KeyCode::Enter)], false),
        ("similar", vec![code(KeyCode::Enter), key('s'), key('j')], false),
        ("link prompt", vec![code(KeyCode::Enter), key('o'), key('1')], false),
        ("search", typed("/cache"), true),
        ("kept results", [typed("/proxy"), vec![code(KeyCode::Enter)]].concat(), false),
        ("picker", vec![key('t'), key('j')], true),
        ("help", vec![key('?')], true),
        ("message", vec![key('m')], false),
    ] {
        let (mut s, mut blog) = if wide { sample(120, 35) } else { sample(80, 24) };
        drive_all(&mut s, &mut blog, keys);
        out.push((name, s, blog));
    }
    let mut empty = SampleBlog::empty();
    let mut s = state("", 80, 24);
    start(&mut s, &mut empty, None);
    out.push(("empty", s, empty));
    let (mut s, mut blog) = sample(80, 24);
    blog.mark_all_read();
    drive(&mut s, &mut blog, key('u'));
    out.push(("filtered empty", s, blog));
    out
}

#[test]
fn every_view_renders_at_every_size_without_panicking() {
    let mut sizes: Vec<(u16, u16)> = (1..=40).flat_map(|w| (1..=12).map(move |h| (w, h))).collect();
    sizes.extend([(99, 30), (100, 30), (200, 60), (300, 100), (1000, 40), (40, 400), (20, 5), (0, 0)]);
    for (name, mut s, mut blog) in views() {
        for &(w, h) in &sizes {
            update_size(&mut s, &mut blog, w, h);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(&s)));
            let buf = result.unwrap_or_else(|_| panic!("{name} panicked at {w}x{h}"));
            let text = screen(&buf);
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{name} at {w}x{h}: a control character");
            if s.layout.too_small && w > 0 && h > 0 {
                assert!(text.contains("terminal") || w < 8, "{name} at {w}x{h}:\n{text}");
            }
        }
    }
}
