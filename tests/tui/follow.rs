//! Followed feeds in the reader: `F` switches the list between the blog's own posts, the
//! followed items and both; `R` refreshes the feeds as a background job (a real HTTP server).

use byline::app::{Effect, JobEffect};
use byline::follow::{FetchOptions, Fetcher};
use byline::store::PostSource;

use crate::common::app::{SAMPLE_TITLE, SampleBlog, drive, key, start, state};
use crate::common::http::{FeedServer, Reply, rss};

fn titles(s: &byline::app::AppState) -> Vec<String> {
    let mut t: Vec<String> = s.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    t.sort();
    t
}

#[test]
fn capital_f_cycles_own_followed_and_all_and_shift_r_refreshes_in_the_background() {
    let server = FeedServer::start();
    server.set("/feed.xml", Reply::rss(rss("Other blog", &[("g1", "Followed one", "words")])));
    let mut blog = SampleBlog::open();
    let fetcher = Fetcher::new(FetchOptions::default());
    byline::follow::follow(&mut blog.runner.store, &server.url("/feed.xml"), None, &fetcher).unwrap();

    let mut s = state(SAMPLE_TITLE, 100, 30);
    start(&mut s, &mut blog, None);
    let own = s.posts.list.total;
    assert!(!titles(&s).contains(&"Followed one".to_string()), "own posts only at first");

    drive(&mut s, &mut blog, key('F'));
    assert_eq!(s.posts.filter.source, PostSource::Followed);
    assert_eq!(titles(&s), ["Followed one"]);

    server.set(
        "/feed.xml",
        Reply::rss(rss("Other blog", &[("g1", "Followed one", "words"), ("g2", "Followed two", "more")])),
    );
    let effects = drive(&mut s, &mut blog, key('R'));
    assert!(effects.contains(&Effect::Job(JobEffect::RefreshFeeds)), "{effects:?}");
    assert_eq!(titles(&s), ["Followed one", "Followed two"], "the list reloads when the job is done");

    drive(&mut s, &mut blog, key('F'));
    assert_eq!(s.posts.filter.source, PostSource::All);
    assert_eq!(s.posts.list.total, own + 2);
    drive(&mut s, &mut blog, key('F'));
    assert_eq!(s.posts.filter.source, PostSource::Own);
    assert_eq!(s.posts.list.total, own);
}
