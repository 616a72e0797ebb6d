//! End-to-end tests of the reader: the real binary in a pseudo-terminal, keys in, screen out.
//!
//! Each test starts `byline` on its own temporary database, waits for text on the parsed screen
//! (never a fixed sleep, except the short pause after Esc) and quits it, checking the exit status.
#![cfg(unix)]

use std::time::Duration;

use crate::common::pty::*;

/// The sample blog's titles, newest first, cut short enough to fit the list pane at any width
/// used here (longer titles end in an ellipsis).
const TITLES: [&str; 10] = [
    "Caches All the Way Down",
    "The Machine Learning Behind",
    "Pictures, Video and the",
    "Load Testing Without",
    "Tools That Keep a Web",
    "Why One Slow Query",
    "The Quiet Middleman",
    "How Crawlers Find Your",
    "From URL to Function",
    "Choosing a Back-End",
];

/// At 120 columns the list takes the first 48 (its right border included), the article the rest.
const WIDE: (u16, u16) = (120, 35);
const LIST: (u16, u16) = (0, 48);
const ARTICLE: (u16, u16) = (48, 120);

fn list_pane(tui: &Tui) -> String {
    tui.columns(LIST.0, LIST.1)
}

fn article_pane(tui: &Tui) -> String {
    tui.columns(ARTICLE.0, ARTICLE.1)
}

/// The titles from `TITLES` shown in `text`.
fn titles_in(text: &str) -> Vec<&'static str> {
    TITLES.iter().copied().filter(|t| text.contains(t)).collect()
}

/// The two cells before `title` in the list: "● " for an unread post, blanks for a read one.
fn marker(tui: &Tui, title: &str) -> String {
    let list = list_pane(tui);
    let line = list.lines().find(|l| l.contains(title)).unwrap_or_else(|| panic!("{title:?} not in the list:\n{list}"));
    let before: Vec<char> = line[..line.find(title).unwrap()].chars().collect();
    before[before.len().saturating_sub(2)..].iter().collect()
}

fn unread_count(tui: &Tui) -> usize {
    list_pane(tui).matches('●').count()
}

/// The message for a terminal below 20x5, which may wrap over a few lines.
fn says_too_small(tui: &Tui) -> bool {
    tui.screen_text().split_whitespace().collect::<Vec<_>>().join(" ") == "terminal too small"
}

/// Starts the reader on the sample blog at `cols` x `rows` and waits for the full list.
fn open_sample(db: &Db, cols: u16, rows: u16) -> Tui {
    let mut tui = db.reader(cols, rows);
    tui.wait_for("Behind the Page");
    tui.wait_until("all ten titles in the list", |t| titles_in(&t.screen_text()).len() == 10);
    tui
}

#[test]
fn open_a_post_side_by_side_then_switch_focus() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    // The count follows the first window (it is counted on a lane of its own).
    tui.wait_for("10 posts");
    tui.wait_for("Posts 1/10");

    tui.send("j");
    tui.wait_for("Posts 2/10");
    tui.send(ENTER);
    tui.wait_until("the second post open in the article pane", |t| {
        let a = article_pane(t);
        a.contains("The Machine Learning Behind Similar Posts")
            && a.contains("By Elena Marsh")
            && a.contains("Level one: shared tags")
    });
    tui.wait_until("the opened post marked read", |t| marker(t, "The Machine Learning Behind") == "  ");

    // The article has the focus: j scrolls it and leaves the list selection alone.
    let by = tui.row_of("By Elena Marsh").expect("byline row");
    tui.send("j");
    tui.wait_until("the article to scroll one line", |t| t.row_of("By Elena Marsh") == Some(by - 1));
    assert!(tui.screen_text().contains("Posts 2/10"), "j in the article moved the list\n{}", tui.screen_text());

    // Esc gives the focus back to the list: j moves the selection and the preview follows.
    tui.esc();
    tui.send("j");
    tui.wait_for("Posts 3/10");
    tui.wait_until("the third post previewed", |t| {
        let a = article_pane(t);
        a.contains("Pictures, Video and the Weight of a Page") && a.contains("By Sebastián Ortega")
    });

    // Tab moves the focus to the article (j scrolls it) and back to the list (j moves).
    tui.send(TAB);
    let by = tui.row_of("By Sebastián Ortega").expect("byline row");
    tui.send("j");
    tui.wait_until("the article to scroll after Tab", |t| t.row_of("By Sebastián Ortega") == Some(by - 1));
    assert!(tui.screen_text().contains("Posts 3/10"), "j after Tab moved the list\n{}", tui.screen_text());
    tui.send(TAB);
    tui.send("j");
    tui.wait_for("Posts 4/10");

    // q steps back from the article first, and quits from the list.
    tui.send(TAB);
    tui.send("q");
    tui.send("j");
    tui.wait_for("Posts 5/10");
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn open_a_post_on_a_narrow_terminal_one_pane_at_a_time() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, 80, 24);
    assert!(!tui.screen_text().contains("By "), "no article pane on a narrow screen\n{}", tui.screen_text());

    tui.send("j");
    tui.wait_for("Posts 2/10");
    tui.send(ENTER);
    tui.wait_for("By Elena Marsh");
    tui.wait_for("Draft — the search ranking section");
    tui.wait_until("the list to give way to the article", |t| {
        let s = t.screen_text();
        titles_in(&s) == ["The Machine Learning Behind"] && !s.contains("Posts 2/10")
    });

    tui.send("q");
    tui.wait_until("q to bring the list back", |t| titles_in(&t.screen_text()).len() == 10);
    assert!(tui.screen_text().contains("Posts 2/10"), "selection kept\n{}", tui.screen_text());
    assert!(!tui.screen_text().contains("By Elena Marsh"), "article still shown\n{}", tui.screen_text());

    // Esc goes back the same way.
    tui.send(ENTER);
    tui.wait_for("By Elena Marsh");
    tui.esc();
    tui.wait_gone("By Elena Marsh");
    tui.wait_for("Posts 2/10");

    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn search_as_you_type_narrows_and_esc_restores() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.wait_for("10 posts");

    // "nginx" appears in one post only (in its body and summary).
    tui.send("/");
    tui.wait_for("type to search titles");
    tui.send("nginx");
    tui.wait_until("the list narrowed to the one match", |t| {
        let s = t.screen_text();
        s.contains("search: nginx") && s.contains("1 of 1") && titles_in(&list_pane(t)) == ["The Quiet Middleman"]
    });
    assert!(list_pane(&tui).contains("nginx"), "the snippet shows the match\n{}", tui.screen_text());

    // Esc while typing: the full list comes back.
    tui.esc();
    tui.wait_until("Esc to restore all ten posts", |t| {
        let s = t.screen_text();
        titles_in(&list_pane(t)).len() == 10 && s.contains("10 posts") && !s.contains("search:")
    });

    // Enter keeps the results: the box closes, the narrowed list stays.
    tui.send("/");
    tui.wait_for("type to search titles");
    tui.send("nginx");
    tui.wait_until("the list narrowed again", |t| titles_in(&list_pane(t)) == ["The Quiet Middleman"]);
    tui.send(ENTER);
    tui.wait_until("the search box to close with the results kept", |t| {
        let s = t.screen_text();
        !s.contains("Enter keep") && s.contains("Enter open") && s.contains("search: nginx")
    });
    assert_eq!(titles_in(&list_pane(&tui)), ["The Quiet Middleman"], "results kept\n{}", tui.screen_text());
    assert!(tui.screen_text().contains("Results 1 · 1 of 1"), "results title\n{}", tui.screen_text());

    // The kept results can be opened, and Esc then steps back to the full list.
    tui.send(ENTER);
    tui.wait_for("By Sebastián Ortega");
    tui.wait_until("the result opened (marked read)", |t| marker(t, "The Quiet Middleman") == "  ");
    tui.esc();
    tui.esc();
    tui.wait_until("Esc to restore all ten posts", |t| {
        let s = t.screen_text();
        titles_in(&list_pane(t)).len() == 10 && s.contains("10 posts") && !s.contains("search:")
    });

    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn filter_by_tag_with_the_picker_and_clear() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);

    tui.send("t");
    tui.wait_for("Filter by tag");
    tui.wait_for(" performance ");
    // Tag names with their unread/all post counts, alphabetical, the first one selected.
    let picker_line =
        |t: &Tui, tag: &str| t.lines().into_iter().find(|l| l.contains(&format!(" {tag} "))).unwrap_or_default();
    for (tag, count) in [("caching", "2"), ("languages", "2"), ("performance", "5"), ("servers", "6")] {
        let line = picker_line(&tui, tag);
        assert!(
            line.split_whitespace().any(|w| w.ends_with(&format!("/{count}"))),
            "{tag} should count {count}: {line:?}\n{}",
            tui.screen_text()
        );
    }
    assert!(tui.is_highlighted(" caching "), "first tag selected\n{}", tui.screen_text());

    // caching, databases, frontend, languages (letters would filter the names: arrows move).
    tui.send(&DOWN.repeat(3));
    tui.wait_until("languages selected", |t| t.is_highlighted(" languages ") && !t.is_highlighted(" caching "));
    tui.send(ENTER);
    tui.wait_until("the list filtered to the two posts tagged languages", |t| {
        let s = t.screen_text();
        s.contains("tag: languages")
            && s.contains("2 posts")
            && titles_in(&list_pane(t)) == ["From URL to Function", "Choosing a Back-End"]
    });
    assert!(!tui.screen_text().contains("Filter by tag"), "picker closed\n{}", tui.screen_text());

    tui.send("c");
    tui.wait_until("c to clear the filter", |t| {
        let s = t.screen_text();
        !s.contains("tag:") && s.contains("10 posts") && titles_in(&list_pane(t)).len() == 10
    });

    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn quit_with_q_restores_the_terminal() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.assert_taken();
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn ctrl_c_in_the_search_box_quits_and_restores() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.send("/");
    tui.wait_for("type to search titles");
    tui.send("cach");
    tui.wait_for("search: cach");
    tui.assert_taken();
    tui.send(CTRL_C);
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn sigterm_quits_and_restores() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.send(ENTER);
    tui.wait_for("By Kofi Adjei");
    tui.assert_taken();
    tui.signal("TERM");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn sighup_quits_and_restores() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, 80, 24);
    tui.assert_taken();
    tui.hang_up();
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn escape_sequences_in_posts_never_reach_the_terminal() {
    let db = Db::empty();
    db.cli(&["post", "add", "--title", "An ordinary neighbour", "--author", "Ann", "--publish"]);
    let body = db.dir().join("evil.md");
    std::fs::write(
        &body,
        "Plain opening line.\n\n\x1b[2J\x1b[31mred text\tafter a tab and a bell\x07 here.\n\nLast line.\n",
    )
    .unwrap();
    let title = "\x1b]0;pwned\x07Evil title";
    let body_arg = body.to_str().unwrap();
    db.cli(&["post", "add", "--title", title, "--author", "Mallory", "--body-file", body_arg, "--publish"]);

    let mut tui = db.reader(WIDE.0, WIDE.1);
    let shown = "␛]0;pwned␇Evil title";
    tui.wait_until("the hostile title shown with visible stand-ins in the list and the article", |t| {
        list_pane(t).contains(shown) && article_pane(t).contains(shown)
    });
    tui.send(ENTER);
    tui.wait_until("the hostile body shown with visible stand-ins", |t| {
        let a = article_pane(t);
        a.contains("␛[2J␛[31mred text") && a.contains("bell␇ here") && a.contains("By Mallory")
    });
    tui.wait_for("Last line.");

    // The ESC [2J did not clear the screen: the header and the rest of the list are still there.
    tui.wait_for("2 posts");
    let screen = tui.screen_text();
    assert!(screen.contains("byline ·") && screen.contains("2 posts"), "header cleared\n{screen}");
    assert!(list_pane(&tui).contains("An ordinary neighbour"), "list cleared\n{screen}");
    // The ESC [31m did not colour the text that follows it.
    let colour = tui.cell_at("red text", |c| c.fgcolor()).expect("red text on screen");
    assert_eq!(colour, vt100::Color::Default, "the body's SGR reached the terminal\n{screen}");
    assert!(!screen.contains('\t'), "a raw tab on screen");

    // Nothing retitled the terminal or rang its bell; the raw stream holds no BEL nor the sequences.
    tui.with_recorder(|r| {
        assert!(r.titles.iter().all(|t| !t.contains("pwned")), "terminal title changed: {:?}", r.titles);
        assert!(r.titles.is_empty() && r.icon_names.is_empty(), "title or icon set: {:?} {:?}", r.titles, r.icon_names);
        assert_eq!(r.bells, 0, "the terminal bell rang");
    });
    let raw = tui.raw_output();
    assert!(!raw.contains(&0x07), "a BEL byte reached the terminal");
    for seq in [&b"\x1b]0;pwned"[..], b"\x1b[2J\x1b[31m"] {
        assert!(!raw.windows(seq.len()).any(|w| w == seq), "{:?} reached the terminal", String::from_utf8_lossy(seq));
    }

    tui.send("q");
    tui.send("q");
    tui.assert_clean_exit();
    tui.with_recorder(|r| assert!(r.titles.is_empty(), "terminal title changed: {:?}", r.titles));
}

#[test]
fn read_state_and_selection_persist_across_runs() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    assert_eq!(unread_count(&tui), 10, "all unread at first\n{}", tui.screen_text());
    tui.send("jj");
    tui.wait_for("Posts 3/10");
    tui.send(ENTER);
    tui.wait_until("the opened post marked read", |t| marker(t, "Pictures, Video and the") == "  ");
    assert_eq!(unread_count(&tui), 9, "one read\n{}", tui.screen_text());
    tui.send("q");
    tui.send("q");
    tui.assert_clean_exit();

    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.wait_until("the selection restored on the post last opened", |t| {
        t.screen_text().contains("Posts 3/10") && t.is_highlighted_in(LIST.0, LIST.1, "Pictures, Video and the")
    });
    assert_eq!(marker(&tui, "Pictures, Video and the"), "  ", "read state lost\n{}", tui.screen_text());
    assert_eq!(marker(&tui, "Load Testing Without"), "● ", "another post marked read\n{}", tui.screen_text());
    assert_eq!(unread_count(&tui), 9, "unread count after restart\n{}", tui.screen_text());
    tui.wait_until("the restored post previewed", |t| article_pane(t).contains("By Sebastián Ortega"));
    tui.send("q");
    tui.assert_clean_exit();
}

#[test]
fn smallest_terminal_that_still_draws() {
    let db = Db::seeded();
    let mut tui = db.reader(20, 5);
    tui.wait_for("10 posts");
    tui.wait_for("Posts 1/10");
    assert!(!tui.screen_text().contains("too small"), "20x5 is big enough\n{}", tui.screen_text());
    tui.send("jjG");
    tui.wait_for("Posts 10/10");
    tui.send(ENTER);
    tui.wait_gone("Posts 10/10");
    tui.send("qq");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn too_small_terminal_says_so_and_still_quits() {
    let db = Db::seeded();
    let mut tui = db.reader(15, 4);
    tui.wait_until("\"terminal too small\"", says_too_small);
    tui.send("j");
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn resizing_with_an_article_open_rewraps_it() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.send(ENTER);
    tui.wait_for("By Kofi Adjei");
    // Resize only once Enter has been handled: crossterm 0.29 (its mio event source) holds back
    // a key press that lands in the same poll as a SIGWINCH until the next input arrives.
    tui.wait_until("the post opened (marked read)", |t| marker(t, "Caches All the Way Down") == "  ");
    // At 120 columns the article's text is 68 wide: the first sentence breaks after "reach".
    let first = "When a reader opens a page on this blog, the request may never reach";
    tui.wait_for(first);

    tui.resize(60, 20);
    tui.wait_until("the article alone, re-wrapped to 56 columns", |t| {
        let s = t.screen_text();
        s.contains("By Kofi Adjei")
            && s.contains("When a reader opens a page on this blog, the request may")
            && s.contains("never reach our server")
            && !s.contains(first)
            && !s.contains("Posts 1/10")
    });
    assert!(tui.lines().iter().all(|l| l.chars().count() <= 60));

    // Down to "too small" and back: no panic, everything drawn again.
    tui.resize(12, 3);
    tui.wait_until("\"terminal too small\"", says_too_small);
    tui.resize(WIDE.0, WIDE.1);
    tui.wait_until("both panes back at 120 columns, re-wrapped", |t| {
        let s = t.screen_text();
        s.contains(first)
            && s.contains("our server at all. Somewhere along the way, a cache may already hold")
            && s.contains("Posts 1/10")
            && titles_in(&list_pane(t)).len() == 10
    });
    let header = tui.lines()[0].trim_end().to_string();
    assert!(header.ends_with("10 posts · 9 unread"), "header right-aligned at the new width: {header:?}");
    assert!(header.chars().count() > 100, "header drawn across the new width: {header:?}");

    tui.send("qq");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn a_post_added_by_another_process_shows_up() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    tui.wait_for("10 posts");
    db.cli(&["post", "add", "--title", "Fresh from the CLI", "--tag", "news", "--publish"]);
    // The reader looks for changes once a second; allow for a loaded machine.
    tui.wait_until_within(Duration::from_secs(5), "the new post in the list", |t| {
        t.screen_text().contains("11 posts") && list_pane(t).contains("Fresh from the CLI")
    });
    tui.send("q");
    tui.assert_clean_exit();
}

/// While another program holds the database's write lock, the real reader keeps answering keys
/// (the read mark that opening a post queues waits on its own thread), says what is waiting, and
/// the mark lands once the lock is released.
#[test]
fn keys_are_answered_while_another_program_holds_the_write_lock() {
    let db = Db::seeded();
    let mut tui = open_sample(&db, WIDE.0, WIDE.1);
    let other = rusqlite::Connection::open(db.path()).expect("a second connection");
    other.execute_batch("BEGIN IMMEDIATE; UPDATE setting SET value = value WHERE key = 'x';").expect("the lock");

    tui.send("j");
    tui.wait_for("Posts 2/10");
    tui.send(ENTER);
    tui.wait_until("the post open although its read mark cannot be written", |t| {
        article_pane(t).contains("By Elena Marsh")
    });
    tui.esc();
    tui.send("j");
    tui.wait_for("Posts 3/10");
    tui.send("k");
    tui.wait_for("Posts 2/10");
    tui.wait_until_within(Duration::from_secs(5), "the status bar to say what waits", |t| {
        t.screen_text().contains("another program is writing")
    });

    other.execute_batch("COMMIT").expect("release the lock");
    tui.wait_until_within(Duration::from_secs(15), "the wait to end", |t| {
        !t.screen_text().contains("another program is writing")
    });
    let read: i64 = other.query_row("SELECT count(*) FROM read_state", [], |r| r.get(0)).expect("count");
    assert_eq!(read, 1, "the read mark landed once the lock was free");
    tui.send("q");
    tui.assert_clean_exit();
}

/// A huge post (laid out on a worker) in a 1x1 terminal and through a storm of resizes, some
/// of them 1x1 again (issue 13): the real binary draws without panicking, lays the text out for
/// the size it ends at, keeps answering keys and quits cleanly.
#[test]
fn a_huge_post_survives_a_one_by_one_terminal_and_a_storm_of_resizes() {
    let db = Db::empty();
    let mut body: String =
        (0..4_000).map(|i| format!("Paragraph {i} of a long post, wrapped at whatever width there is.\n\n")).collect();
    body.push_str("The very last words.\n");
    let file = db.dir().join("huge.md");
    std::fs::write(&file, &body).expect("write the post");
    db.cli(&["post", "add", "--title", "Huge", "--body-file", &file.display().to_string(), "--publish"]);

    let mut tui = db.reader(1, 1);
    tui.resize(80, 24);
    tui.wait_for("Huge");
    tui.send(ENTER);
    tui.wait_for("By unknown");
    for i in 0..100u16 {
        tui.resize(1 + i * 37 % 150, 1 + i * 13 % 50);
    }
    tui.resize(1, 1);
    tui.resize(80, 24);
    tui.wait_until("the text laid out again at 80 columns", |t| {
        let s = t.screen_text();
        s.contains("Paragraph 0 of a long post, wrapped at whatever width there is.") && !s.contains("Laying out")
    });
    tui.send("?");
    tui.wait_for(" Keys ");
    tui.send("?");
    tui.wait_gone(" Keys ");
    tui.send("G");
    tui.wait_for("The very last words.");
    tui.send("qq");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}
