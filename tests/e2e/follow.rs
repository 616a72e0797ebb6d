//! Followed feeds in the real binary: the source picker (`F`) over a feed served on 127.0.0.1,
//! and an emptied list that leaves no stale article beside it.
#![cfg(unix)]

use crate::common::http::{FeedServer, Reply, rss};
use crate::common::pty::*;

/// At 120 columns the list takes the first 48 (its right border included), the article the rest.
const ARTICLE: (u16, u16) = (48, 120);

#[test]
fn the_source_picker_lists_feeds_with_counts_and_an_empty_list_clears_the_article() {
    let server = FeedServer::start();
    server.set("/feed.xml", Reply::rss(rss("Other blog", &[("g1", "Their first", "a"), ("g2", "Their second", "b")])));
    let db = Db::seeded();
    db.cli(&["follow", &server.url("/feed.xml"), "--category", "Friends"]);
    let mut tui = db.reader(120, 35);
    tui.wait_for("Posts 1/10");
    tui.wait_until("the first own post previewed", |t| t.columns(ARTICLE.0, ARTICLE.1).contains("By Kofi Adjei"));

    tui.send("F");
    tui.wait_for("Show posts from");
    // The box opens at once and its rows follow from a worker lane with their counts.
    tui.wait_for("Other blog");
    for row in ["own posts", "everything", "all followed", "category: Friends", "Other blog"] {
        assert!(tui.screen_text().contains(row), "{row:?} in the picker:\n{}", tui.screen_text());
    }
    let line = |t: &Tui, what: &str| t.lines().into_iter().find(|l| l.contains(what)).unwrap_or_default();
    assert!(line(&tui, "Other blog").contains("2/2"), "unread/total:\n{}", tui.screen_text());
    tui.send("other");
    tui.wait_until("only the feed left", |t| !t.screen_text().contains("everything"));
    tui.send(ENTER);
    tui.wait_for("feed: Other blog");
    tui.wait_for("Posts 1/2");
    tui.wait_until("its item previewed", |t| t.columns(ARTICLE.0, ARTICLE.1).contains("Their"));

    // Every item read and only unread shown: the list is empty, and so is the article pane.
    tui.send("A");
    tui.wait_for("Mark");
    tui.send("y");
    tui.send("u");
    tui.wait_for("No posts match these filters");
    tui.wait_until("no article beside an empty list", |t| !t.columns(ARTICLE.0, ARTICLE.1).contains("Their"));
    tui.send("q");
    tui.assert_clean_exit();
}
