//! Reading habits at newsboat's level: read marks (opened, or scrolled to the end of the
//! preview), next unread, next and previous post, mark all read under the filter, the header's
//! unread count, search inside an article, the reading width, code and URLs never cut.

use byline::app::{Action, Align, Focus, ListMode, Overlay};
use byline::domain::{PostId, TagName, Title};
use byline::ops::posts::{PostFields, When, save_post};
use byline::store::{self, ListFilter, Store};
use byline::tui::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn sample(width: u16, height: u16) -> (tempfile::TempDir, Headless) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    (dir, Headless::new(store, width, height).unwrap())
}

/// A blog of one post with this body (newest, so the first row).
fn one_post(body: &str, width: u16, height: u16) -> (tempfile::TempDir, Headless) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let fields = PostFields {
        title: Title::parse("Long lines").unwrap(),
        slug: None,
        author: Some("Ann".into()),
        tags: TagName::parse_all(&["code"]).unwrap(),
        summary: String::new(),
        body: body.into(),
    };
    save_post(&mut store, None, &fields, Some(When::Now)).unwrap();
    (dir, Headless::new(store, width, height).unwrap())
}

/// A post with no author and no tags.
fn untagged(title: &str, body: &str) -> PostFields {
    PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: vec![],
        summary: String::new(),
        body: body.into(),
    }
}

fn is_read(app: &Headless, id: PostId) -> bool {
    store::read_ids(app.store().conn(), &[id]).unwrap().contains(&id)
}

fn row_id(app: &Headless, i: usize) -> PostId {
    app.state.posts.list.rows[i].post.id
}

fn article_id(app: &Headless) -> PostId {
    app.state.posts.article.as_ref().unwrap().post.meta.id
}

fn header(app: &Headless) -> String {
    app.screen().lines().next().unwrap().to_string()
}

#[test]
fn scrolling_the_preview_to_its_end_marks_the_post_read() {
    let (_dir, mut app) = sample(120, 35);
    let first = row_id(&app, 0);
    assert_eq!(article_id(&app), first, "the wide layout previews the selected row");
    assert!(!is_read(&app, first) && header(&app).contains("10 unread"));
    let pane = app.state.layout.article;
    let wheel = |app: &mut Headless| app.action(Action::Scroll { up: false, column: pane.x + 5, row: pane.y + 5 });
    wheel(&mut app);
    assert!(!is_read(&app, first), "a scroll that does not reach the end is not reading it");
    for _ in 0..200 {
        wheel(&mut app);
    }
    assert!(is_read(&app, first), "scrolled to its last line: read");
    assert!(app.state.posts.list.rows[0].read);
    assert_eq!(app.state.posts.focus, Focus::List, "the list keeps the keys");
    assert!(header(&app).contains("10 posts · 9 unread"), "{}", header(&app));
}

#[test]
fn next_unread_skips_read_posts_and_opens_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    let rows = store::list_posts(store.conn(), &ListFilter::default(), store.now()).unwrap();
    let ids: Vec<PostId> = rows.iter().take(4).map(|r| r.id).collect();
    for id in &ids[1..3] {
        byline::ops::state::mark_read(&mut store, *id, true).unwrap();
    }
    let mut app = Headless::new(store, 80, 24).unwrap();
    app.key(KeyCode::Char('N'));
    assert_eq!(article_id(&app), ids[3], "rows 1 and 2 are read: row 3 is next unread");
    assert_eq!((app.state.posts.list.selected, app.state.posts.focus), (3, Focus::Article));
    assert!(is_read(&app, ids[3]), "opening it reads it");
    app.key(KeyCode::Char('N'));
    assert_eq!(app.state.posts.list.selected, 4, "and from the article, on to the next");
}

#[test]
fn next_unread_finds_a_post_beyond_the_rows_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    let mut fields = untagged("Older", "Old.");
    // More posts than a window holds, all read but the oldest.
    let mut last = None;
    for i in 0..300 {
        fields.title = Title::parse(&format!("Older {i}")).unwrap();
        let at = 1_500_000_000 - i64::from(i) * 3600;
        last = Some(save_post(&mut store, None, &fields, Some(When::At(at))).unwrap().id);
    }
    byline::ops::state::mark_all_read(&mut store, &ListFilter::default()).unwrap();
    let oldest = last.unwrap();
    byline::ops::state::mark_read(&mut store, oldest, false).unwrap();
    let mut app = Headless::new(store, 80, 24).unwrap();
    assert!(app.state.posts.list.rows.iter().all(|r| r.post.id != oldest), "not in the first window");
    app.key(KeyCode::Char('N'));
    assert_eq!(article_id(&app), oldest);
    assert_eq!(app.state.posts.list.selected_id(), Some(oldest), "the list follows to it");
    assert!(app.state.posts.list.selected_row().unwrap().read);
    assert!(is_read(&app, oldest));
    assert!(header(&app).contains("0 unread"), "{}", header(&app));
    app.key(KeyCode::Char('N'));
    assert_eq!(app.state.message.as_deref(), Some("no unread posts below this one"));
}

#[test]
fn brackets_open_the_next_and_previous_post_from_the_article() {
    let (_dir, mut app) = sample(80, 24);
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char(']'));
    assert_eq!((article_id(&app), app.state.posts.focus), (row_id(&app, 1), Focus::Article));
    assert!(is_read(&app, row_id(&app, 1)));
    app.key(KeyCode::Char('['));
    assert_eq!(article_id(&app), row_id(&app, 0));
    app.key(KeyCode::Char('['));
    assert_eq!(app.state.message.as_deref(), Some("this is the first post"));
    assert_eq!(article_id(&app), row_id(&app, 0));
}

#[test]
fn mark_all_read_asks_naming_the_count_and_filter_and_touches_only_that_list() {
    let (_dir, mut app) = sample(120, 35);
    let all: Vec<PostId> = app.state.posts.list.rows.iter().map(|r| r.post.id).collect();
    app.action(Action::ShowPosts(ListFilter { tag: Some("frontend".into()), ..ListFilter::default() }));
    let tagged: Vec<PostId> = app.state.posts.list.rows.iter().map(|r| r.post.id).collect();
    assert_eq!(tagged.len(), 2);
    assert!(header(&app).contains("2 posts · 2 unread"), "{}", header(&app));
    app.key(KeyCode::Char('A'));
    let Some(Overlay::Confirm { question, .. }) = &app.state.overlay else { panic!("asks first") };
    assert!(question.contains("the 2 unread posts in the posts of tag 'frontend'"), "{question}");
    app.key(KeyCode::Char('n'));
    assert!(tagged.iter().all(|id| !is_read(&app, *id)), "no changes nothing");

    app.key(KeyCode::Char('A'));
    app.key(KeyCode::Char('y'));
    assert!(tagged.iter().all(|id| is_read(&app, *id)));
    let others: Vec<&PostId> = all.iter().filter(|id| !tagged.contains(id)).collect();
    assert!(others.iter().all(|id| !is_read(&app, **id)), "posts outside the filter stay unread");
    assert!(header(&app).contains("2 posts · 0 unread"), "{}", header(&app));
    assert_eq!(app.state.message.as_deref(), Some("marked 2 posts read"));
    app.key(KeyCode::Char('c'));
    assert!(header(&app).contains("10 posts · 8 unread"), "{}", header(&app));
}

#[test]
fn mark_all_read_on_search_results_marks_those_results_only() {
    let (_dir, mut app) = sample(120, 35);
    app.key(KeyCode::Char('/'));
    app.type_text("proxy");
    app.key(KeyCode::Enter);
    let hits: Vec<PostId> = app.state.posts.list.rows.iter().map(|r| r.post.id).collect();
    assert!(!hits.is_empty() && hits.len() < 10);
    app.key(KeyCode::Char('A'));
    let Some(Overlay::Confirm { question, .. }) = &app.state.overlay else { panic!("asks first") };
    assert!(question.contains("the results for 'proxy'"), "{question}");
    app.key(KeyCode::Char('y'));
    assert!(hits.iter().all(|id| is_read(&app, *id)));
    let unread = store::post_count(
        app.store().conn(),
        &ListFilter { unread_only: true, ..ListFilter::default() },
        app.store().now(),
    )
    .unwrap();
    assert_eq!(unread as usize, 10 - hits.len());
}

/// The cells of the article's text area that carry `modifier`, as the text they spell.
fn marked_text(app: &Headless, modifier: Modifier) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(app.state.width, app.state.height)).unwrap();
    app.draw(&mut terminal);
    let buffer = terminal.backend().buffer();
    let area = app.state.layout.article;
    let mut words = Vec::new();
    for y in area.y + 1..area.bottom() {
        let mut word = String::new();
        for x in area.x + 1..area.right() {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(modifier) {
                word.push_str(cell.symbol());
            } else if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

#[test]
fn slash_in_an_article_finds_highlights_and_n_and_shift_n_move() {
    let (_dir, mut app) = sample(80, 24);
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('/'));
    app.type_text("cach");
    assert!(app.screen().contains("/ cach▏"), "the prompt shows what is typed");
    app.key(KeyCode::Enter);
    let find = app.state.posts.article.as_ref().unwrap().find.clone().unwrap();
    assert!(find.matches.len() > 2, "{:?}", find.matches);
    assert_eq!(find.current, 0);
    assert_eq!(app.state.message.as_deref(), Some(&*format!("match 1 of {}", find.matches.len())));
    // The current match is reversed, the others bold and underlined (the plain theme).
    // (Inline code is reversed too in the plain theme: count the words that are the match.)
    let current =
        |app: &Headless| marked_text(app, Modifier::REVERSED).iter().filter(|w| w.eq_ignore_ascii_case("cach")).count();
    assert_eq!(current(&app), 1);
    assert!(!marked_text(&app, Modifier::UNDERLINED).is_empty());

    let hints = byline::app::keymap::hints(&app.state);
    assert!(hints.contains(&("n".to_string(), "next match")), "{hints:?}");
    assert!(!hints.contains(&("n".to_string(), "new")), "the shadowed binding is no hint: {hints:?}");
    app.key(KeyCode::Char('n'));
    let a = app.state.posts.article.as_ref().unwrap();
    let f = a.find.as_ref().unwrap();
    assert_eq!(f.current, 1, "n: the next match, not a new post");
    assert!(app.state.compose.is_none());
    let line = f.matches[1].line;
    assert!((a.scroll..a.scroll + app.state.article_height()).contains(&line), "brought into view");
    app.key(KeyCode::Char('N'));
    assert_eq!(app.state.posts.article.as_ref().unwrap().find.as_ref().unwrap().current, 0);
    app.key(KeyCode::Char('N'));
    let n = find.matches.len();
    assert_eq!(app.state.posts.article.as_ref().unwrap().find.as_ref().unwrap().current, n - 1, "round the end");

    // A new width re-wraps the article: the search is found again in the new lines.
    app.action(Action::Resize(70, 24));
    let f = app.state.posts.article.as_ref().unwrap().find.clone().unwrap();
    assert!(!f.typing && f.matches.len() >= n, "{f:?}");
    app.action(Action::Resize(80, 24));

    // Back at the list (q), n writes a new post again even though the search is kept.
    app.key(KeyCode::Char('q'));
    app.key(KeyCode::Char('n'));
    assert!(app.state.compose.is_some(), "n is the editor's key in the list");
    app.key(KeyCode::Esc);
    assert!(app.state.compose.is_none() && app.state.overlay.is_none(), "an empty new post closes");
    app.key(KeyCode::Enter);
    assert_eq!(app.state.posts.focus, Focus::Article);
    assert_eq!(current(&app), 1, "the kept search is still there in its article");

    // Esc ends the search and its highlights; the article stays open.
    app.key(KeyCode::Esc);
    assert!(app.state.posts.article.as_ref().unwrap().find.is_none());
    assert_eq!(app.state.posts.focus, Focus::Article);
    assert_eq!(current(&app), 0);
}

#[test]
fn the_list_search_words_are_highlighted_in_the_article_it_opens() {
    let (_dir, mut app) = sample(80, 24);
    app.key(KeyCode::Char('/'));
    app.type_text("proxy");
    app.key(KeyCode::Enter);
    assert!(matches!(app.state.posts.list.mode, ListMode::Results { .. }));
    app.key(KeyCode::Enter);
    let a = app.state.posts.article.as_ref().unwrap();
    assert!(!a.marks.is_empty());
    // Scroll to the first mark and see it drawn.
    let line = a.marks[0].line;
    app.state.posts.article.as_mut().unwrap().scroll = line;
    let marked = marked_text(&app, Modifier::UNDERLINED);
    assert!(marked.iter().any(|w| w.eq_ignore_ascii_case("proxy")), "{marked:?}");
}

#[test]
fn at_200_columns_the_text_wraps_at_the_reading_width_left_or_centred() {
    let (_dir, mut app) = sample(200, 60);
    app.key(KeyCode::Enter);
    let a = app.state.posts.article.as_ref().unwrap();
    assert_eq!(a.width, 88, "the default measure, not the 126 columns of the pane");
    let area = app.state.layout.article;
    let title = a.post.meta.title.clone();
    // Where the title starts in the article pane (the list beside it shows it too).
    let column = |app: &Headless| {
        let screen = app.screen();
        let pane = |l: &str| l.chars().skip(usize::from(area.x)).collect::<String>();
        let row = screen.lines().map(pane).find(|l| l.contains(&title)).unwrap();
        area.x + row[..row.find(&title).unwrap()].chars().count() as u16
    };
    assert_eq!(column(&app), area.x + 1, "left-aligned by default");
    let screen = app.screen();
    for row in screen.lines().skip(2) {
        let text: String = row.chars().skip(usize::from(area.x) + 1).collect();
        assert!(text.trim_end().chars().count() <= 88, "wider than the measure: {text:?}");
    }
    app.state.settings.align = Align::Centre;
    let inner = area.width - 2;
    assert_eq!(column(&app), area.x + 1 + (inner - 88) / 2, "centred in the pane");
}

#[test]
fn a_long_code_line_is_continued_not_clipped_and_y_copies_it_whole() {
    let long = "let answer = compute_the_answer(first_argument, second_argument, third_argument, fourth);";
    let (_dir, mut app) = one_post(&format!("Some code:\n\n```rust\n{long}\nshort();\n```\n"), 60, 24);
    app.key(KeyCode::Enter);
    let screen = app.screen();
    assert!(screen.contains("↪ "), "{screen}");
    let shown: String = screen
        .lines()
        .filter(|l| l.contains("let answer") || l.contains("↪"))
        .map(|l| l.trim().trim_start_matches("↪").trim())
        .collect::<Vec<_>>()
        .join("");
    assert_eq!(shown.replace(' ', ""), long.replace(' ', ""), "every character is on screen");
    app.key(KeyCode::Char('Y'));
    assert_eq!(app.copied(), [format!("{long}\nshort();")]);
    assert_eq!(app.state.message.as_deref(), Some("copied the code block (2 lines) to the clipboard"));
}

#[test]
fn a_long_url_in_the_link_list_stays_on_one_line() {
    let url =
        "https://example.com/a/really/long/path/that/goes/on/past/the/reading/width/of/eighty-eight/columns/index.html";
    let (_dir, mut app) = one_post(&format!("See [the page]({url}) for more."), 200, 40);
    app.key(KeyCode::Enter);
    let screen = app.screen();
    assert!(screen.lines().any(|l| l.contains(&format!("[1] {url}"))), "{screen}");
}

#[test]
fn mark_all_read_on_paged_results_says_it_covers_the_results_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let mut fields = untagged("Gardening 0", "Soil.");
    // More hits than one page of results.
    for i in 0..120 {
        fields.title = Title::parse(&format!("Gardening {i}")).unwrap();
        save_post(&mut store, None, &fields, Some(When::At(1_500_000_000 + i64::from(i)))).unwrap();
    }
    let mut app = Headless::new(store, 120, 35).unwrap();
    app.key(KeyCode::Char('/'));
    app.type_text("gardening");
    app.key(KeyCode::Enter);
    let loaded = app.state.posts.list.rows.len();
    assert!(loaded < 120, "one page loaded, not all: {loaded}");
    app.key(KeyCode::Char('A'));
    let Some(Overlay::Confirm { question, .. }) = &app.state.overlay else { panic!("asks first") };
    assert!(
        question.contains(&format!("the {loaded} unread posts in the results loaded for 'gardening'")),
        "{question}"
    );
    app.key(KeyCode::Char('y'));
    let unread = store::post_count(
        app.store().conn(),
        &ListFilter { unread_only: true, ..ListFilter::default() },
        app.store().now(),
    )
    .unwrap();
    assert_eq!(unread as usize, 120 - loaded, "only the loaded results were marked");
}
