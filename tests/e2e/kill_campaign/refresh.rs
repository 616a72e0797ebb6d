//! A feed refresh killed at random points: each feed's items are written in one transaction,
//! so a feed holds all of its items or none, never one twice; a re-run completes it.

use std::path::Path;
use std::time::Duration;

use crate::common::http::{FeedServer, Reply, rss};

use super::*;

const FEEDS: usize = 12;
const ITEMS: usize = 30;

/// Feed `f`'s items: each with a word of its own for the search check.
fn items(f: usize) -> Vec<(String, String, String)> {
    (0..ITEMS)
        .map(|k| (format!("f{f}-i{k}"), format!("Item {k} of feed {f}"), format!("Words kf{f}i{k}x here.")))
        .collect()
}

/// Items per feed (by its address's number), each feed all or nothing, none twice.
fn check(c: &mut Campaign, home: &Path, db: &Path) -> Vec<usize> {
    db_check(c, home, db);
    let conn = open(db);
    let per_feed: Vec<(String, i64, i64)> = conn
        .prepare(
            "SELECT f.url, count(p.id), count(DISTINCT p.feed_item) FROM feed f
             LEFT JOIN post p ON p.feed_id = f.id GROUP BY f.id ORDER BY f.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(per_feed.len(), FEEDS, "{}", c.at("the followed feeds"));
    let mut counts = vec![0; FEEDS];
    for (url, n, distinct) in per_feed {
        assert_eq!(n, distinct, "{}", c.at(format!("{url}: an item stored twice")));
        let n = n as usize;
        assert!(n == 0 || n == ITEMS, "{}", c.at(format!("{url}: {n} of {ITEMS} items")));
        let f: usize =
            url.rsplit('/').next().unwrap().trim_end_matches(".xml").trim_start_matches("feed").parse().unwrap();
        counts[f] = n;
    }
    let (f, k) = (c.dice.below(FEEDS as u64) as usize, c.dice.below(ITEMS as u64) as usize);
    let hits = search(home, db, &format!("kf{f}i{k}x")).len();
    assert_eq!(hits, usize::from(counts[f] > 0), "{}", c.at(format!("search for item {k} of feed {f}")));
    counts
}

#[test]
fn kill_9_during_a_feed_refresh() {
    let mut c = Campaign::new("feed refresh");
    let server = FeedServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let base = home.join("base.db");
    init(home, &base);
    let urls: String = (0..FEEDS).map(|f| server.url(&format!("/feed{f}.xml")) + "\n").collect();
    std::fs::write(home.join("urls"), urls).unwrap();
    // Followed while their feeds are empty, so the refresh has every item to add.
    for f in 0..FEEDS {
        server.set(&format!("/feed{f}.xml"), Reply::rss(rss(&format!("Feed {f}"), &[])));
    }
    run(
        {
            let mut cmd = byline(home, &base);
            cmd.args(["feeds", "import"]).arg(home.join("urls"));
            cmd
        },
        "feeds import",
    );
    settle(&base);
    for f in 0..FEEDS {
        let owned = items(f);
        let list: Vec<(&str, &str, &str)> =
            owned.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
        // A short wait per answer spreads the refresh over time, so kills land between feeds too.
        server.set(
            &format!("/feed{f}.xml"),
            Reply::rss(rss(&format!("Feed {f}"), &list)).delay(Duration::from_millis(10)),
        );
    }
    let db = home.join("blog.db");
    let refresh = |db: &Path| {
        let mut cmd = byline(home, db);
        cmd.args(["feeds", "refresh"]);
        cmd
    };
    restore(&base, &db);
    let typical = timed(refresh(&db), "a whole refresh");
    assert_eq!(check(&mut c, home, &db), vec![ITEMS; FEEDS]);

    while c.more() {
        restore(&base, &db);
        for _ in 0..5 {
            let after = c.point(typical);
            c.kill_after(&mut refresh(&db), after);
            check(&mut c, home, &db);
        }
        run(refresh(&db), "a refresh after kills");
        assert_eq!(check(&mut c, home, &db), vec![ITEMS; FEEDS], "{}", c.at("the re-run"));
    }
    c.finish();
}
