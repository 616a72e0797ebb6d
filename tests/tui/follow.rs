//! Followed feeds in the reader: `F` picks the list's source (own posts, everything, all
//! followed, a category, a feed) with counts; `R` refreshes the feeds as a background job (a real HTTP server).

use byline::app::{Effect, JobEffect};
use byline::follow::{FetchOptions, Fetcher};
use byline::store::PostSource;
use crossterm::event::KeyCode;

use crate::common::app::{SAMPLE_TITLE, SampleBlog, drive, key, start, state};
use crate::common::http::{FeedServer, Reply, rss};

fn titles(s: &byline::app::AppState) -> Vec<String> {
    let mut t: Vec<String> = s.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    t.sort();
    t
}

/// Opens the source picker, types `text` to filter its rows and chooses the first left.
fn pick(s: &mut byline::app::AppState, blog: &mut SampleBlog, text: &str) {
    drive(s, blog, key('F'));
    for c in text.chars() {
        drive(s, blog, key(c));
    }
    drive(s, blog, crate::common::app::code(KeyCode::Enter));
    assert!(s.overlay.is_none(), "the picker closed: {:?}", s.overlay);
}

/// The source picker's rows as shown: name, unread, posts.
fn picker_rows(s: &byline::app::AppState) -> Vec<(String, i64, i64)> {
    match &s.overlay {
        Some(byline::app::Overlay::Picker(p)) => p
            .rows()
            .into_iter()
            .filter_map(|r| match r {
                byline::app::overlays::picker::PickerRow::Value(_, v) => Some((v.name.clone(), v.unread, v.posts)),
                byline::app::overlays::picker::PickerRow::Any => None,
            })
            .collect(),
        other => panic!("no picker open: {other:?}"),
    }
}

#[test]
fn capital_f_picks_the_source_with_counts_and_shift_r_refreshes_in_the_background() {
    let server = FeedServer::start();
    server.set("/feed.xml", Reply::rss(rss("Other blog", &[("g1", "Followed one", "words")])));
    let mut blog = SampleBlog::open();
    let fetcher = Fetcher::new(FetchOptions::default());
    byline::follow::follow(&mut blog.runner.store, &server.url("/feed.xml"), None, false, &fetcher).unwrap();

    let mut s = state(SAMPLE_TITLE, 100, 30);
    start(&mut s, &mut blog, None);
    let own = s.posts.list.total;
    let own_unread = s.posts.unread.unwrap() as i64;
    assert!(!titles(&s).contains(&"Followed one".to_string()), "own posts only at first");

    drive(&mut s, &mut blog, key('F'));
    let own_n = own as i64;
    assert_eq!(
        picker_rows(&s),
        [
            ("own posts".to_string(), own_unread, own_n),
            ("everything".to_string(), own_unread + 1, own_n + 1),
            ("all followed".to_string(), 1, 1),
            ("Other blog".to_string(), 1, 1),
        ]
    );
    drive(&mut s, &mut blog, crate::common::app::code(KeyCode::Esc));
    pick(&mut s, &mut blog, "other");
    assert!(matches!(s.posts.filter.source, PostSource::Feed(_)));
    assert_eq!(titles(&s), ["Followed one"]);

    server.set(
        "/feed.xml",
        Reply::rss(rss("Other blog", &[("g1", "Followed one", "words"), ("g2", "Followed two", "more")])),
    );
    let effects = drive(&mut s, &mut blog, key('R'));
    assert!(effects.contains(&Effect::Job(JobEffect::RefreshFeeds)), "{effects:?}");
    assert_eq!(titles(&s), ["Followed one", "Followed two"], "the list reloads when the job is done");
    // The item new from the refresh is unread, and the picker counts it so.
    drive(&mut s, &mut blog, key('F'));
    assert!(picker_rows(&s).contains(&("Other blog".to_string(), 2, 2)), "{:?}", picker_rows(&s));
    drive(&mut s, &mut blog, crate::common::app::code(KeyCode::Esc));

    pick(&mut s, &mut blog, "everything");
    assert_eq!(s.posts.filter.source, PostSource::All);
    assert_eq!(s.posts.list.total, own + 2);
    pick(&mut s, &mut blog, "own");
    assert_eq!(s.posts.filter.source, PostSource::Own);
    assert_eq!(s.posts.list.total, own);
}

#[test]
fn a_category_in_the_source_picker_shows_the_items_of_its_feeds() {
    let server = FeedServer::start();
    server.set("/a.xml", Reply::rss(rss("Bread blog", &[("a1", "Rye", "words")])));
    server.set("/b.xml", Reply::rss(rss("Cake blog", &[("b1", "Sponge", "words"), ("b2", "Icing", "more")])));
    server.set("/c.xml", Reply::rss(rss("Bike blog", &[("c1", "Gears", "words")])));
    let mut blog = SampleBlog::open();
    let fetcher = Fetcher::new(FetchOptions::default());
    for (path, category) in [("/a.xml", Some("Baking")), ("/b.xml", Some("Baking")), ("/c.xml", None)] {
        byline::follow::follow(&mut blog.runner.store, &server.url(path), category, false, &fetcher).unwrap();
    }
    let mut s = state(SAMPLE_TITLE, 120, 30);
    start(&mut s, &mut blog, None);
    drive(&mut s, &mut blog, key('F'));
    let rows = picker_rows(&s);
    assert_eq!(
        rows[3..],
        [
            ("category: Baking".to_string(), 3, 3),
            ("Bike blog".to_string(), 1, 1),
            ("Bread blog".to_string(), 1, 1),
            ("Cake blog".to_string(), 2, 2),
        ],
        "categories, then feeds (those without a category first)"
    );
    // Typing filters the rows as in the tag picker.
    for c in "bak".chars() {
        drive(&mut s, &mut blog, key(c));
    }
    assert_eq!(picker_rows(&s), [("category: Baking".to_string(), 3, 3)]);
    drive(&mut s, &mut blog, crate::common::app::code(KeyCode::Enter));
    assert_eq!(s.posts.filter.source, PostSource::Category("Baking".into()));
    assert_eq!(titles(&s), ["Icing", "Rye", "Sponge"]);

    // The header names the source; the picker marks it when opened again.
    let screen = crate::common::app::render(&s);
    assert!(screen.lines().next().unwrap_or_default().contains("category: Baking"), "{screen}");
    drive(&mut s, &mut blog, key('F'));
    match &s.overlay {
        Some(byline::app::Overlay::Picker(p)) => assert_eq!(p.items[p.selected].name, "category: Baking"),
        other => panic!("{other:?}"),
    }
}

/// A blog with one own post about sourdough, following a feed with one item about sourdough and
/// one about bicycles, in a headless TUI.
fn headless_following(server: &FeedServer) -> (tempfile::TempDir, byline::tui::Headless) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = byline::store::Store::open(&dir.path().join("blog.db")).unwrap();
    let fields = byline::ops::posts::PostFields {
        title: byline::domain::Title::parse("Sourdough at home").unwrap(),
        slug: None,
        author: None,
        tags: Vec::new(),
        summary: String::new(),
        body: "A starter of rye flour.".into(),
    };
    byline::ops::posts::save_post(&mut store, None, &fields, Some(byline::ops::posts::When::Now)).unwrap();
    server.set(
        "/feed.xml",
        Reply::rss(rss("Other blog", &[("g1", "Weekend sourdough", "their loaf"), ("g2", "Bicycles", "wheels")])),
    );
    let fetcher = Fetcher::new(FetchOptions::default());
    byline::follow::follow(&mut store, &server.url("/feed.xml"), None, false, &fetcher).unwrap();
    let h = byline::tui::Headless::new(store, 120, 30).unwrap();
    (dir, h)
}

fn row_titles(h: &byline::tui::Headless) -> Vec<String> {
    let mut t: Vec<String> = h.state.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    t.sort();
    t
}

#[test]
fn one_search_in_the_reader_finds_own_posts_and_followed_items() {
    let server = FeedServer::start();
    let (_dir, mut h) = headless_following(&server);
    h.key(KeyCode::Char('F'));
    h.type_text("everything");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.filter.source, PostSource::All);
    h.key(KeyCode::Char('/'));
    h.type_text("sourdough");
    h.key(KeyCode::Enter);
    assert_eq!(row_titles(&h), ["Sourdough at home", "Weekend sourdough"]);
}

#[test]
fn e_on_a_followed_item_says_it_is_read_only_and_opens_no_compose_pane() {
    let server = FeedServer::start();
    let (_dir, mut h) = headless_following(&server);
    h.key(KeyCode::Char('F'));
    h.type_text("all followed");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.filter.source, PostSource::Followed);
    let selected = h.state.posts.list.selected_row().map(|r| r.post.title.clone());
    assert!(selected.is_some(), "a followed item is selected");
    h.key(KeyCode::Char('e'));
    assert!(h.state.compose.is_none(), "no compose pane on a followed item");
    let screen = h.screen();
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("read-only") && status.contains("Other blog"), "status bar: {status:?}");

    // The reader's own post still opens in the compose pane.
    h.key(KeyCode::Char('F'));
    h.type_text("own");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.filter.source, PostSource::Own);
    h.key(KeyCode::Char('e'));
    assert!(h.state.compose.is_some(), "an own post opens for editing");
}

/// The article pane showed the last own post over an empty followed list: it must empty with
/// the list, whether a source switch or a filter emptied it.
#[test]
fn an_emptied_list_clears_the_article_pane() {
    use byline::app::Action;
    use byline::store::ListFilter;
    let mut blog = SampleBlog::open();
    let mut s = state(SAMPLE_TITLE, 120, 30);
    start(&mut s, &mut blog, None);
    assert!(s.posts.article.is_some(), "a wide screen previews the selected post");

    // No feed is followed: the followed list is empty.
    let followed = ListFilter { source: PostSource::Followed, ..ListFilter::default() };
    drive(&mut s, &mut blog, byline::app::Msg::Action(Action::ShowPosts(followed)));
    assert_eq!(s.posts.list.total, 0);
    assert!(
        s.posts.article.is_none(),
        "the article pane still shows {:?}",
        s.posts.article.map(|a| a.post.meta.title.clone())
    );

    // Back to the own posts, the preview comes back; a filter that leaves nothing empties it.
    drive(&mut s, &mut blog, byline::app::Msg::Action(Action::ShowPosts(ListFilter::default())));
    assert!(s.posts.article.is_some());
    drive(&mut s, &mut blog, key('A'));
    drive(&mut s, &mut blog, key('y'));
    drive(&mut s, &mut blog, key('u'));
    assert!(s.posts.filter.unread_only);
    assert_eq!(s.posts.list.total, 0, "every post was marked read");
    assert!(
        s.posts.article.is_none(),
        "the article pane still shows {:?}",
        s.posts.article.map(|a| a.post.meta.title.clone())
    );
}

/// A page with navigation around one long article, as blogs serve them.
fn article_page() -> String {
    let para = "The starter wants rye flour and warm water, fed twice a day for a week before the first \
                loaf; a cold night slows it, and a spoon of honey wakes it up again. ";
    let body: String = (0..6).map(|i| format!("<p>{i}: {}</p>\n", para.repeat(2))).collect();
    format!(
        "<!doctype html><html><head><title>Rye starter</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
         <article><h1>Rye starter</h1>{body}<p>The whole article ends with a ZEBRA-CRUMB.</p></article>\
         <footer>Copyright and a newsletter box</footer></body></html>"
    )
}

#[test]
fn v_fetches_the_full_article_of_a_summary_only_item_and_a_refresh_keeps_it() {
    let server = FeedServer::start();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Baker</title><link>{site}</link>\
         <item><guid>rye</guid><title>Rye starter</title><link>{link}</link>\
         <pubDate>01 Jun 2026 10:00:00 GMT</pubDate><description>Only the first lines of it.</description></item>\
         </channel></rss>",
        site = server.url("/"),
        link = server.url("/rye.html"),
    );
    server.set("/feed.xml", Reply::rss(feed.clone()));
    server.set("/rye.html", Reply::ok("text/html; charset=utf-8", article_page()));
    let mut blog = SampleBlog::open();
    let fetcher = Fetcher::new(FetchOptions::default());
    byline::follow::follow(&mut blog.runner.store, &server.url("/feed.xml"), None, false, &fetcher).unwrap();
    let mut s = state(SAMPLE_TITLE, 120, 30);
    start(&mut s, &mut blog, None);
    pick(&mut s, &mut blog, "baker");
    drive(&mut s, &mut blog, crate::common::app::code(KeyCode::Enter));
    let body = |s: &byline::app::AppState| s.posts.article.as_ref().map(|a| a.post.body.clone()).unwrap_or_default();
    assert!(!body(&s).contains("ZEBRA-CRUMB"), "the feed has only a summary: {:?}", body(&s));

    drive(&mut s, &mut blog, key('v'));
    assert_eq!(server.requests("/rye.html").len(), 1);
    let text = body(&s);
    assert!(text.contains("ZEBRA-CRUMB") && text.contains("rye flour"), "the open article shows it: {text:?}");
    assert!(!text.contains("newsletter box") && !text.contains("About"), "the page's chrome is dropped: {text:?}");
    assert!(s.message.as_deref().unwrap_or_default().contains("full article fetched"), "{:?}", s.message);

    // The next refresh of the summary-only feed keeps the full article.
    server.set("/feed.xml", Reply::rss(feed.replace("Only the first lines", "Still only the first lines")));
    drive(&mut s, &mut blog, key('R'));
    assert!(body(&s).contains("ZEBRA-CRUMB"), "{:?}", body(&s));

    // An own post has no link to fetch: said, and nothing changes.
    pick(&mut s, &mut blog, "own");
    drive(&mut s, &mut blog, key('v'));
    let message = s.message.clone().unwrap_or_default();
    assert!(message.contains("not a followed item"), "{message:?}");
}
