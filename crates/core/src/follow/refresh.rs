//! Following a feed and refreshing the followed ones: fetches in parallel on a few threads (one
//! host's feeds one after another), each feed's result written in one transaction.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde::Serialize;

use super::FollowError;
use super::discover::{feed_links, looks_like_html};
use super::fetch::{FetchError, Fetched, Fetcher, check_url};
use crate::jobs::JobCtl;
use crate::store::feeds::{self, Feed, FeedId, FeedItem, FetchRecord, ItemCounts, NewFeed};
use crate::store::{Store, StoreError};
use crate::transfer::import::feed::{FeedMeta, parse_feed_with_meta};

/// How one feed's refresh went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshStatus {
    /// Fetched and read: the counts say what changed.
    Fetched,
    /// A 304: the feed has not changed since the last fetch.
    NotModified,
    /// The fetch failed; the feed's items are as they were.
    Error,
    /// Not fetched: the server asked (429/503 `Retry-After`) not to before a time.
    Waiting,
}

/// One line of a refresh's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedReport {
    pub id: FeedId,
    pub url: String,
    pub title: String,
    pub status: RefreshStatus,
    #[serde(flatten)]
    pub counts: ItemCounts,
    pub error: Option<String>,
    /// The feed's new address, when a permanent redirect moved it during this refresh.
    pub moved_to: Option<String>,
    /// Full articles fetched from items' links (feeds set to fetch them), and how many failed
    /// (those items keep the feed's summary and are tried again next time).
    pub full_articles: usize,
    pub full_article_errors: usize,
}

/// A feed as fetched and parsed, ready to store.
struct Fresh {
    fetched: Fetched,
    meta: FeedMeta,
    items: Vec<FeedItem>,
    /// Full articles fetched and failed.
    full: (usize, usize),
}

/// Full articles fetched per feed and refresh at most, newest items first: the first refresh of
/// a long feed does not fetch a hundred pages from one site at once; the rest follow next time.
pub const FULL_ARTICLES_PER_REFRESH: usize = 10;

/// Replaces the bodies of the newest items not in `known` (up to `FULL_ARTICLES_PER_REFRESH`)
/// with the full article from their links. Answers how many were fetched and how many failed.
fn fill_full_articles(
    fetcher: &Fetcher,
    items: &mut [FeedItem],
    known: &std::collections::HashSet<String>,
    cancel: &crate::jobs::CancelToken,
) -> (usize, usize) {
    let mut wanted: Vec<usize> =
        (0..items.len()).filter(|&i| items[i].link.is_some() && !known.contains(&items[i].key)).collect();
    wanted.sort_by_key(|&i| std::cmp::Reverse(items[i].published_at));
    let (mut fetched, mut failed) = (0, 0);
    for i in wanted.into_iter().take(FULL_ARTICLES_PER_REFRESH) {
        if cancel.is_cancelled() {
            break;
        }
        let Some(link) = items[i].link.clone() else { continue };
        match super::article::readable_text(fetcher, &link) {
            Ok(body) => {
                items[i].body = body;
                items[i].full = true;
                fetched += 1;
            }
            Err(_) => failed += 1,
        }
    }
    (fetched, failed)
}

/// Fetches and reads a feed. A page instead of a feed is an error naming the feed it announces.
fn fetch_feed(fetcher: &Fetcher, url: &str, etag: Option<&str>, modified: Option<&str>) -> Result<Fresh, FetchError> {
    let fetched = fetcher.fetch(url, etag, modified)?;
    let Some(body) = &fetched.body else {
        return Ok(Fresh { fetched, meta: FeedMeta::default(), items: Vec::new(), full: (0, 0) });
    };
    if looks_like_html(fetched.content_type.as_deref(), body) {
        let hint = match feed_links(&fetched.final_url, body).first() {
            Some(link) => format!("; it announces the feed {link}"),
            None => String::new(),
        };
        return Err(FetchError { message: format!("an HTML page, not a feed{hint}"), retry_until: None });
    }
    let (meta, parsed) = parse_feed_with_meta(url, body)
        .map_err(|p| FetchError { message: format!("not a feed: {}", p.reason), retry_until: None })?;
    let items = parsed.items.into_iter().map(feed_item).collect();
    Ok(Fresh { fetched, meta, items, full: (0, 0) })
}

fn feed_item(item: crate::transfer::import::ImportItem) -> FeedItem {
    let link = item.aliases.first().cloned();
    let key = item.source_id.clone().or_else(|| link.clone()).unwrap_or_else(|| item.title.clone());
    FeedItem {
        key,
        title: item.title,
        author: item.authors.into_iter().next(),
        summary: item.summary.unwrap_or_default(),
        body: item.body,
        link,
        published_at: item.published_at,
        updated_at: item.updated_at,
        full: false,
    }
}

/// What `follow` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Followed {
    pub feed: Feed,
    /// False: it was followed already, and nothing was fetched.
    pub added: bool,
    #[serde(flatten)]
    pub counts: ItemCounts,
}

/// Follows a feed, or the feed a page announces; its items are stored at once. Nothing is
/// stored when the address gives no readable feed.
pub fn follow(
    store: &mut Store,
    url: &str,
    category: Option<&str>,
    full_articles: bool,
    fetcher: &Fetcher,
) -> Result<Followed, FollowError> {
    let cannot = |e: FetchError| FollowError::CannotFollow { url: url.to_string(), reason: e.message };
    let url = check_url(url).map_err(cannot)?.to_string();
    if let Some(id) = feeds::feed_by_url(store.conn(), &url)? {
        return Ok(Followed { feed: feeds::get_feed(store.conn(), id)?, added: false, counts: ItemCounts::default() });
    }
    let page = fetcher.fetch(&url, None, None).map_err(cannot)?;
    let body = page.body.as_deref().unwrap_or_default();
    let (feed_url, fresh) = if looks_like_html(page.content_type.as_deref(), body) {
        let Some(link) = feed_links(&page.final_url, body).into_iter().next() else {
            return Err(cannot(FetchError {
                message:
                    "an HTML page that announces no feed (no <link rel=\"alternate\" type=\"application/rss+xml\">)"
                        .into(),
                retry_until: None,
            }));
        };
        let fresh = fetch_feed(fetcher, &link, None, None)
            .map_err(|e| FollowError::CannotFollow { url: link.clone(), reason: e.message })?;
        (link, fresh)
    } else {
        let (meta, parsed) = parse_feed_with_meta(&url, body)
            .map_err(|p| cannot(FetchError { message: format!("not a feed: {}", p.reason), retry_until: None }))?;
        let items = parsed.items.into_iter().map(feed_item).collect();
        (url.clone(), Fresh { fetched: page, meta, items, full: (0, 0) })
    };
    let mut fresh = fresh;
    let feed_url = fresh.fetched.moved_to.clone().unwrap_or(feed_url);
    if let Some(id) = feeds::feed_by_url(store.conn(), &feed_url)? {
        return Ok(Followed { feed: feeds::get_feed(store.conn(), id)?, added: false, counts: ItemCounts::default() });
    }
    let new = NewFeed {
        url: feed_url.clone(),
        title: fresh.meta.title.clone().unwrap_or_else(|| feed_url.clone()),
        site_url: fresh.meta.site_url.clone(),
        category: category.map(str::trim).filter(|c| !c.is_empty()).map(String::from),
    };
    if full_articles {
        let none = std::collections::HashSet::new();
        fresh.full = fill_full_articles(fetcher, &mut fresh.items, &none, &crate::jobs::CancelToken::default());
    }
    let (feed, counts) = store.write(|tx, now| {
        let (id, _) = feeds::add_feed(tx, &new, now)?;
        feeds::set_full_articles(tx, id, full_articles)?;
        let counts = feeds::store_items(tx, id, &fresh.items, now)?;
        feeds::record_success(tx, id, Some(&record(&fresh)), now)?;
        Ok((feeds::get_feed(tx, id)?, counts))
    })?;
    Ok(Followed { feed, added: true, counts })
}

fn record(fresh: &Fresh) -> FetchRecord {
    FetchRecord {
        etag: fresh.fetched.etag.clone(),
        last_modified: fresh.fetched.last_modified.clone(),
        title: fresh.meta.title.clone(),
        site_url: fresh.meta.site_url.clone(),
    }
}

/// A feed's turn in a refresh.
struct Job {
    feed: Feed,
    /// For a feed set to fetch full articles: the items that have theirs already.
    full_known: Option<std::collections::HashSet<String>>,
}

/// How often the refresh looks at its cancel token while no fetch has finished.
const CANCEL_CHECK: Duration = Duration::from_millis(50);

/// Refreshes one feed, or every followed feed, and reports on each (in the order of
/// `feeds::list_feeds`). A feed's failure is in its report; Err only when the store fails.
///
/// `ctl` hears the feeds done of the total (a feed that waits on `Retry-After` counts as done).
/// A cancel stops at once: the feeds already written stay (each is its own transaction), the
/// reports say which they were, and fetches still in flight end on their own threads, their
/// answers dropped, so a slow server never holds the cancel up for its timeout.
pub fn refresh(
    store: &mut Store,
    which: Option<FeedId>,
    fetcher: &Fetcher,
    ctl: &JobCtl,
) -> Result<Vec<FeedReport>, StoreError> {
    let feeds = match which {
        Some(id) => vec![feeds::get_feed(store.conn(), id)?],
        None => feeds::list_feeds(store.conn())?,
    };
    ctl.set_total(feeds.len() as u64);
    let order: Vec<FeedId> = feeds.iter().map(|f| f.id).collect();
    let now = store.now();
    let mut reports: Vec<FeedReport> = Vec::new();
    let mut by_host: BTreeMap<String, Vec<Job>> = BTreeMap::new();
    for feed in feeds {
        if let Some(until) = feed.retry_after_until.filter(|&u| u > now) {
            let error = format!("waiting until {}, as the server asked", crate::domain::time::shown(until));
            reports.push(report(&feed, RefreshStatus::Waiting, ItemCounts::default(), Some(error), None));
            ctl.advance(1);
            continue;
        }
        let host = url::Url::parse(&feed.url).ok().and_then(|u| u.host_str().map(String::from)).unwrap_or_default();
        let full_known = match feed.full_articles {
            true => Some(feeds::items_with_full_article(store.conn(), feed.id)?),
            false => None,
        };
        by_host.entry(host).or_default().push(Job { feed, full_known });
    }
    let threads = fetcher.options().threads.clamp(1, by_host.len().max(1));
    let queue: Arc<Mutex<VecDeque<Vec<Job>>>> = Arc::new(Mutex::new(by_host.into_values().collect()));
    let (tx, rx) = mpsc::channel::<(Job, Result<Fresh, FetchError>)>();
    for _ in 0..threads {
        let (tx, queue, fetcher, cancel) = (tx.clone(), Arc::clone(&queue), fetcher.clone(), ctl.token().clone());
        // Not scoped: a cancelled refresh returns without waiting for a fetch in flight.
        std::thread::spawn(move || {
            // One host's feeds on one thread, one after another: never two requests at once to a host.
            while let Some(group) = queue.lock().ok().and_then(|mut q| q.pop_front()) {
                for job in group {
                    if cancel.is_cancelled() {
                        return;
                    }
                    let f = &job.feed;
                    let mut result = fetch_feed(&fetcher, &f.url, f.etag.as_deref(), f.last_modified.as_deref());
                    if let (Ok(fresh), Some(known)) = (&mut result, &job.full_known) {
                        fresh.full = fill_full_articles(&fetcher, &mut fresh.items, known, &cancel);
                    }
                    if tx.send((job, result)).is_err() {
                        return;
                    }
                }
            }
        });
    }
    drop(tx);
    let stop = || {
        if let Ok(mut q) = queue.lock() {
            q.clear();
        }
    };
    loop {
        if ctl.is_cancelled() {
            stop();
            break;
        }
        let (job, result) = match rx.recv_timeout(CANCEL_CHECK) {
            Ok(answer) => answer,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        match apply(store, &job.feed, result) {
            Ok(r) => {
                reports.push(r);
                ctl.advance(1);
            }
            Err(e) => {
                // The workers stop at their next send, once the receiver is gone.
                stop();
                return Err(e);
            }
        }
    }
    reports.sort_by_key(|r| order.iter().position(|id| *id == r.id));
    Ok(reports)
}

/// Writes one feed's result in one transaction.
fn apply(store: &mut Store, feed: &Feed, result: Result<Fresh, FetchError>) -> Result<FeedReport, StoreError> {
    let fresh = match result {
        Ok(fresh) => fresh,
        Err(e) => {
            store.write(|tx, now| feeds::record_failure(tx, feed.id, &e.message, e.retry_until, now))?;
            return Ok(report(feed, RefreshStatus::Error, ItemCounts::default(), Some(e.message), None));
        }
    };
    let moved_to = fresh.fetched.moved_to.clone();
    let outcome = store.write(|tx, now| {
        if let Some(new_url) = &moved_to {
            if let Err(e @ StoreError::FeedMovedOntoAnother { .. }) = feeds::record_move(tx, feed.id, new_url) {
                feeds::record_failure(tx, feed.id, &e.to_string(), None, now)?;
                return Ok(Err(e.to_string()));
            }
        }
        if fresh.fetched.body.is_none() {
            feeds::record_success(tx, feed.id, None, now)?;
            return Ok(Ok(None));
        }
        let counts = feeds::store_items(tx, feed.id, &fresh.items, now)?;
        feeds::record_success(tx, feed.id, Some(&record(&fresh)), now)?;
        Ok(Ok(Some(counts)))
    })?;
    let title = fresh.meta.title.clone().unwrap_or_else(|| feed.title.clone());
    let feed = Feed { title, ..feed.clone() };
    Ok(match outcome {
        Err(message) => report(&feed, RefreshStatus::Error, ItemCounts::default(), Some(message), None),
        Ok(None) => report(&feed, RefreshStatus::NotModified, ItemCounts::default(), None, moved_to),
        Ok(Some(counts)) => FeedReport {
            full_articles: fresh.full.0,
            full_article_errors: fresh.full.1,
            ..report(&feed, RefreshStatus::Fetched, counts, None, moved_to)
        },
    })
}

fn report(
    feed: &Feed,
    status: RefreshStatus,
    counts: ItemCounts,
    error: Option<String>,
    moved_to: Option<String>,
) -> FeedReport {
    FeedReport {
        id: feed.id,
        url: moved_to.clone().unwrap_or_else(|| feed.url.clone()),
        title: feed.title.clone(),
        status,
        counts,
        error,
        moved_to,
        full_articles: 0,
        full_article_errors: 0,
    }
}
