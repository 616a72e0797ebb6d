//! The feed refresh as a background job on the runtime's lanes (`Headless::threaded`) against a
//! real HTTP server: progress in feeds, a cancel from the jobs list, the summary and the list
//! reloaded at the end, and the interval refresh of `[follow] refresh_minutes`.

use std::time::{Duration, Instant};

use byline::follow::{FetchOptions, Fetcher};
use byline::jobs::Outcome;
use byline::store::{PostSource, Store};
use byline::tui::Headless;
use crossterm::event::KeyCode;

use crate::common::http::{FeedServer, Reply, rss};

/// Follows `/feed0.xml` .. `/feed{n-1}.xml` (one item each, "Feed i" titled), every answer
/// delayed by `delay`; all on one host, so the refresh fetches them one after another.
fn following(server: &FeedServer, n: usize, delay: Duration) -> (tempfile::TempDir, Headless) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let fetcher = Fetcher::new(FetchOptions::default());
    for i in 0..n {
        let path = format!("/feed{i}.xml");
        server.set(&path, Reply::rss(rss(&format!("Feed {i}"), &[("old", &format!("Old {i}"), "words")])));
        byline::follow::follow(&mut store, &server.url(&path), None, false, &fetcher).unwrap();
        server.set(
            &path,
            Reply::rss(rss(
                &format!("Feed {i}"),
                &[("old", &format!("Old {i}"), "words"), ("new", &format!("New {i}"), "more")],
            ))
            .delay(delay),
        );
    }
    let mut h = Headless::threaded(store, 120, 30).unwrap();
    let fetch = FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() };
    h.set_refresh(fetch, None);
    // The list shows the followed items.
    h.key(KeyCode::Char('F'));
    h.type_text("all followed");
    h.key(KeyCode::Enter);
    // The picker's rows come from a lane; an Enter typed ahead of them chooses when they land.
    let chosen = h.wait_until(Duration::from_secs(10), |h| h.state.posts.filter.source == PostSource::Followed);
    assert!(chosen, "all followed chosen: {:?}", h.state.posts.filter.source);
    (dir, h)
}

fn titles(h: &Headless) -> Vec<String> {
    let mut t: Vec<String> = h.state.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    t.sort();
    t
}

fn requests(server: &FeedServer, n: usize) -> usize {
    (0..n).map(|i| server.requests(&format!("/feed{i}.xml")).len()).sum()
}

#[test]
fn r_shows_the_feeds_done_of_the_total_then_the_summary_and_the_reloaded_list() {
    let server = FeedServer::start();
    let (_dir, mut h) = following(&server, 4, Duration::from_millis(150));
    server.set("/feed2.xml", Reply::status(500));
    h.key(KeyCode::Char('R'));
    let counted = h.wait_until(Duration::from_secs(20), |h| {
        h.state.jobs.summary().is_some_and(|s| s.starts_with("refreshing the followed feeds") && s.ends_with("/4"))
    });
    assert!(counted, "the status bar's word on the job counts feeds: {:?}", h.state.jobs.summary());
    let ended = h.wait_until(Duration::from_secs(30), |h| h.state.jobs.running.is_empty());
    assert!(ended, "{:?}", h.state.jobs);
    let job = h.state.jobs.recent.front().unwrap();
    assert_eq!((job.progress.done, job.progress.total), (4, Some(4)));
    let Some(Outcome::Done(summary)) = &job.outcome else { panic!("{:?}", job.outcome) };
    assert!(summary.starts_with("4 feed(s) refreshed: 3 new item(s), 0 updated; 1 failed (Feed 2: "), "{summary}");
    assert!(h.screen().contains("3 new item(s)"), "the status bar says it:\n{}", h.screen());
    assert_eq!(
        titles(&h),
        ["New 0", "New 1", "New 3", "Old 0", "Old 1", "Old 2", "Old 3"],
        "the list reloaded with the new items"
    );

    // R while a refresh runs starts no second one.
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Char('R'));
    assert!(h.wait_until(Duration::from_secs(5), |h| !h.state.jobs.running.is_empty()));
    assert!(h.screen().contains("being refreshed already"), "{}", h.screen());
    assert!(h.state.jobs.running.len() == 1, "{:?}", h.state.jobs.running);
    assert!(h.wait_until(Duration::from_secs(30), |h| h.state.jobs.running.is_empty()));
}

#[test]
fn the_jobs_list_cancels_a_refresh_and_the_feeds_done_stay() {
    let server = FeedServer::start();
    let n = 6;
    let (_dir, mut h) = following(&server, n, Duration::from_millis(700));
    let before = requests(&server, n);
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Char('J'));
    let one_done =
        h.wait_until(Duration::from_secs(20), |h| h.state.jobs.running.first().is_some_and(|j| j.progress.done >= 1));
    assert!(one_done, "{:?}", h.state.jobs);
    h.key(KeyCode::Char('x'));
    assert!(h.wait_until(Duration::from_secs(20), |h| h.state.jobs.running.is_empty()), "{:?}", h.state.jobs);
    let job = h.state.jobs.recent.front().unwrap();
    assert_eq!(job.outcome, Some(Outcome::Cancelled));
    let asked = requests(&server, n) - before;
    assert!(asked < n, "the feeds after the cancel were not fetched ({asked} of {n} asked)");
    let message = h.state.message.clone().unwrap_or_default();
    assert!(message.starts_with("refresh cancelled after "), "{message:?}");
    assert!(message.contains(&format!("of {n} feed(s)")), "{message:?}");
    h.key(KeyCode::Esc);
    // What was fetched before the cancel is kept, and the list shows it.
    let new = titles(&h).iter().filter(|t| t.starts_with("New")).count();
    assert!(new >= 1 && new < n, "{:?}", titles(&h));
}

#[test]
fn the_interval_refresh_runs_the_same_job_when_due_and_never_two_at_once() {
    let server = FeedServer::start();
    let (_dir, mut h) = following(&server, 2, Duration::from_millis(400));
    let fetch = FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() };
    let opened = Instant::now();
    h.set_refresh(fetch, Some(Duration::from_secs(60)));
    h.timers(opened + Duration::from_secs(30));
    assert!(h.state.jobs.running.is_empty() && h.state.jobs.recent.is_empty(), "not due yet");
    h.timers(opened + Duration::from_secs(61));
    h.timers(opened + Duration::from_secs(62));
    assert!(h.wait_until(Duration::from_secs(5), |h| !h.state.jobs.running.is_empty()), "due: it started");
    h.timers(opened + Duration::from_secs(200));
    assert_eq!(h.state.jobs.running.len(), 1, "never two at once");
    assert!(h.wait_until(Duration::from_secs(30), |h| h.state.jobs.running.is_empty()));
    assert_eq!(h.state.jobs.recent.len(), 1, "one refresh ran: {:?}", h.state.jobs.recent);
    assert_eq!(titles(&h), ["New 0", "New 1", "Old 0", "Old 1"]);
    assert_eq!(h.state.jobs.recent.front().and_then(|j| j.progress.total), Some(2));
}
