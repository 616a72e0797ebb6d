//! Followed feeds and their items, written as a refresh would store them: a reader who has
//! followed a few hundred blogs for years (most old items read, the recent ones not).

use std::collections::BTreeMap;

use byline::store::feeds::{self, FeedItem, NewFeed};
use byline::store::{Store, StoreError};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use crate::blog::{AUTHORS, Blog};
use crate::vocab::Zipf;

/// Items stored per transaction.
const BATCH: usize = 2000;
const DAY: i64 = 86_400;

const CATEGORIES: &[&str] =
    &["Rust", "Databases", "Friends", "Security", "Web", "Ops", "Design", "Long reads", "Research", "News"];

/// What to follow.
#[derive(Debug, Clone)]
pub struct Options {
    pub feeds: usize,
    pub items: usize,
    pub seed: u64,
    pub now: i64,
    /// Items are spread over this many years before `now`.
    pub years: i64,
}

/// Adds `opts.feeds` feeds (a quarter without a category) and `opts.items` items spread over
/// them by a skewed popularity: a few feeds post daily, most now and then. About 40 % of the
/// items carry the whole post; the rest only a summary, as many real feeds do. Items older than
/// a month are read. Calls `progress` with the running total after each batch.
pub fn generate(store: &mut Store, opts: &Options, mut progress: impl FnMut(usize)) -> Result<(), StoreError> {
    let blog = Blog::new(opts.seed);
    let mut rng = StdRng::seed_from_u64(opts.seed ^ 0x00f0_11a0);
    let known: i64 = store.conn().query_row("SELECT count(*) FROM feed", [], |r| r.get(0))?;
    let ids = store.write(|tx, now| {
        (0..opts.feeds)
            .map(|i| {
                let n = known as usize + i + 1;
                let category = (n % 4 != 0).then(|| CATEGORIES[n % CATEGORIES.len()].to_string());
                let feed = NewFeed {
                    url: format!("http://127.0.0.1:9/blog{n}/feed.xml"),
                    title: format!("{} {n}", AUTHORS[n % AUTHORS.len()]),
                    site_url: Some(format!("http://127.0.0.1:9/blog{n}/")),
                    category,
                };
                feeds::add_feed(tx, &feed, now).map(|(id, _)| id)
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    if ids.is_empty() {
        return Ok(());
    }
    let popularity = Zipf::new(ids.len(), 0.8, 2.0);
    let start = opts.now - opts.years * 365 * DAY;
    let mut times: Vec<i64> = (0..opts.items).map(|_| rng.random_range(start..opts.now)).collect();
    times.sort_unstable();
    let mut written = 0;
    for (b, chunk) in times.chunks(BATCH).enumerate() {
        // One refresh's worth per feed: the batch's items grouped by the feed that published them.
        let mut by_feed: BTreeMap<usize, Vec<FeedItem>> = BTreeMap::new();
        for (i, &at) in chunk.iter().enumerate() {
            let feed = popularity.sample(&mut rng);
            let post = blog.post(&mut rng, at, opts.now);
            let full = rng.random_bool(0.4);
            let n = b * BATCH + i;
            by_feed.entry(feed).or_default().push(FeedItem {
                key: format!("urn:item:{n}"),
                link: Some(format!("http://127.0.0.1:9/blog{}/posts/{n}", feed + 1)),
                title: post.title.as_str().to_string(),
                author: rng.random_bool(0.7).then(|| post.author.clone()).flatten(),
                body: if full { post.body } else { post.summary.clone() },
                summary: post.summary,
                published_at: Some(at),
                updated_at: None,
                full: false,
            });
        }
        store.write(|tx, _| {
            for (feed, items) in &by_feed {
                feeds::store_items(tx, ids[*feed], items, opts.now)?;
            }
            Ok(())
        })?;
        written += chunk.len();
        progress(written);
    }
    // A reader keeps up: everything older than a month has been read.
    store.write(|tx, _| {
        tx.execute(
            "INSERT OR IGNORE INTO read_state (post_id, read_at)
             SELECT id, published_at FROM post WHERE feed_id IS NOT NULL AND published_at < ?1",
            [opts.now - 30 * DAY],
        )?;
        Ok(())
    })
}
