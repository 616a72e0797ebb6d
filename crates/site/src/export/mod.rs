//! `export`: the published posts of the store written as a static site, as a job (progress,
//! cancel). Bodies are streamed a batch at a time and rendered on every core; a page whose
//! inputs did not change since the last export is neither rendered nor written.

use std::collections::HashMap;
use std::path::PathBuf;

use byline_core::domain::{PostId, PostStatus, PostSummary};
use byline_core::jobs::JobCtl;
use byline_core::store::{self, ListFilter, Store, StoreError};
use rayon::prelude::*;

use crate::error::Result;
use crate::pages::{self, Blog, Card, Head};
use crate::theme::Theme;
use crate::write::SiteWriter;

mod digest;
mod links;
mod lists;
mod posts;
mod similar;
mod syndication;

use links::Links;

/// What to export and how the site presents itself. Values the CLI took from flags, the config
/// and the blog's settings, in that order.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    pub dir: PathBuf,
    /// Where the site is served from (`https://example.org/blog/`); `/` when not known.
    pub base_url: String,
    /// The blog's title and description; `None` takes the ones set in the blog's settings.
    pub title: Option<String>,
    pub description: Option<String>,
    /// Where the sign-up form posts; no form without one.
    pub signup_url: Option<String>,
    /// A folder whose templates replace the built-in ones.
    pub theme_dir: Option<PathBuf>,
    /// Also write a `.gz` and a `.br` file beside each file that compresses (see `SiteWriter`).
    pub precompress: bool,
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub posts: usize,
    pub tags: usize,
    pub authors: usize,
    /// Files whose bytes changed (or are new), and files left as they were.
    pub written: usize,
    pub unchanged: usize,
    /// Files of the previous export no longer part of the site (a post unpublished or deleted).
    pub removed: usize,
}

/// How many posts a feed carries: the newest this many of the blog and of each tag.
pub const FEED_LEN: usize = 20;
/// Posts per page of the index.
pub const PER_PAGE: usize = 10;
/// Posts whose bodies are read from the store at a time (and rendered together).
const BATCH: usize = 256;
/// Similar-post cards under a post.
const SIMILAR: usize = 3;

/// Holds a read transaction for its life, so the whole export sees one state of the store even
/// while another process saves a post.
struct Snapshot<'a>(&'a Store);

impl<'a> Snapshot<'a> {
    fn begin(store: &'a Store) -> Result<Self> {
        store.conn().execute_batch("BEGIN").map_err(StoreError::from)?;
        Ok(Snapshot(store))
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        // Nothing was written in it: ending it cannot lose anything.
        let _ = self.0.conn().execute_batch("COMMIT");
    }
}

/// What every part of an export shares: the blog, its theme and links, the output folder.
struct Site<'a> {
    blog: Blog,
    theme: Theme,
    links: Links,
    out: SiteWriter,
    /// The digest of everything all pages depend on (see `digest::site_key`).
    key: u64,
    ctl: &'a JobCtl,
}

impl Site<'_> {
    /// The head of a page of the blog: its blog feeds, no tag.
    fn head(&self, title: String, description: String, url: String, og_type: &'static str) -> Head {
        Head { title, description, url, og_type, feeds: pages::blog_feeds(&self.blog), tag: None }
    }
}

/// What the export keeps of each published post for its whole run: enough to order, group and
/// link it. Titles and summaries are read again for the pages being rendered (`Published::shown`),
/// so the export holds about 150 bytes a post, not the whole blog's text.
struct Entry {
    id: PostId,
    /// Its page's folder name (`Links::post_slug`).
    slug: Box<str>,
    updated_at: i64,
    /// Its tags' places in `Links` (`Links::tag_at`), in the post's order.
    tags: Box<[u32]>,
    /// Its author's place in `Links`, when the author has a page.
    author: Option<u32>,
    /// The digest of its whole summary (the GUID and dates a feed item shows, too).
    whole: u64,
}

/// The published posts, newest first, as the lists show them, and the digest of each post's
/// `Card` (what a page showing the card is known unchanged by). Cards are made only for the
/// pages being rendered, from summaries read for them.
struct Published {
    posts: Vec<Entry>,
    /// The digest of each post's card (`Links::card`), in `posts`' order.
    cards: Vec<u64>,
    now: i64,
}

/// Posts read at a time while the entries are made (their digests on every core).
const LOAD_BATCH: usize = 1024;

impl Published {
    /// Reads the published posts once, keeping an `Entry` and a card digest of each.
    fn load(site: &Site<'_>, store: &Store, now: i64) -> Result<Self> {
        let published = ListFilter { status: Some(PostStatus::Published), ..ListFilter::default() };
        let mut list = Published { posts: Vec::new(), cards: Vec::new(), now };
        let mut batch: Vec<PostSummary> = Vec::with_capacity(LOAD_BATCH);
        let keep = |batch: &mut Vec<PostSummary>, list: &mut Published| {
            let done: Vec<(Entry, u64)> = batch.par_iter().map(|s| site.links.entry(s)).collect();
            for (entry, card) in done {
                list.posts.push(entry);
                list.cards.push(card);
            }
            batch.clear();
        };
        store::each_post(store.conn(), &published, now, |summary| {
            batch.push(summary);
            if batch.len() == LOAD_BATCH {
                keep(&mut batch, &mut list);
            }
            Ok(())
        })?;
        keep(&mut batch, &mut list);
        // Kept for the whole export: not the room its collections grew into.
        list.posts.shrink_to_fit();
        list.cards.shrink_to_fit();
        Ok(list)
    }

    /// The summaries of the posts at `places` (any order, repeats allowed), read in one query
    /// within the export's snapshot, to make cards and feed items of.
    fn shown(&self, store: &Store, places: impl IntoIterator<Item = usize>) -> Result<Shown> {
        let mut places: Vec<usize> = places.into_iter().collect();
        places.sort_unstable();
        places.dedup();
        if places.is_empty() {
            return Ok(Shown(HashMap::new()));
        }
        let ids: Vec<PostId> = places.iter().map(|&at| self.posts[at].id).collect();
        let summaries = store::post_summaries(store.conn(), &ids, self.now)?;
        let mut by_id: HashMap<PostId, PostSummary> = summaries.into_iter().map(|s| (s.id, s)).collect();
        let mut shown = HashMap::with_capacity(places.len());
        for (at, id) in places.into_iter().zip(ids) {
            // In the export's snapshot every listed post is still there.
            let summary = by_id.remove(&id).ok_or_else(|| StoreError::PostNotFound(id.to_string()))?;
            shown.insert(at, summary);
        }
        Ok(Shown(shown))
    }
}

/// Summaries read for the pages being rendered, by place in `Published::posts`.
struct Shown(HashMap<usize, PostSummary>);

impl Shown {
    /// The summary of post `at`, which must be among the places `shown` read.
    fn summary(&self, at: usize) -> Result<&PostSummary> {
        self.0.get(&at).ok_or_else(|| StoreError::PostNotFound(format!("#{at} of the export's list")).into())
    }

    /// The card of post `at`, as the pages show it.
    fn card(&self, site: &Site<'_>, at: usize) -> Result<Card> {
        Ok(site.links.card(self.summary(at)?))
    }
}

/// Exports the published posts into `opts.dir`: the pages, the stylesheet, the feeds, the
/// sitemap and robots.txt.
pub fn export(store: &Store, opts: &SiteOptions, ctl: &JobCtl) -> Result<ExportReport> {
    let now = store.now();
    let _snapshot = Snapshot::begin(store)?;
    let conn = store.conn();
    let get = |key| store::get_setting(conn, key).map(Option::unwrap_or_default);
    let blog = Blog {
        title: opts.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or(get("blog_title")?),
        description: opts.description.clone().unwrap_or(get("blog_description")?),
        base_url: base_url(&opts.base_url),
        signup_url: opts.signup_url.clone().filter(|u| !u.trim().is_empty()),
    };
    let blog = Blog { title: if blog.title.trim().is_empty() { "byline".into() } else { blog.title }, ..blog };
    let theme = Theme::new(opts.theme_dir.as_deref());
    let key = digest::site_key(&theme.sources()?, &blog);
    let links = Links::read(store, &blog)?;
    let out = SiteWriter::new(&opts.dir)?.precompressed(opts.precompress);
    let site = Site { out, blog, theme, links, key, ctl };

    let list = Published::load(&site, store, now)?;
    ctl.set_total((list.posts.len() + 3) as u64);

    ctl.note("posts");
    let similar = similar::Similar::find(&site, store, now, &list)?;
    let feeds = syndication::FeedPlan::new(&site, &list);
    let bodies = posts::write_posts(&site, store, &list, &similar, &feeds)?;
    drop(similar);

    ctl.note("lists");
    // The sitemap lists the post pages first, made from `list` when it is written, then these.
    let mut sitemap: Vec<(String, i64)> = Vec::new();
    let counts = lists::write_lists(&site, store, &list, &mut sitemap)?;
    ctl.advance(1);

    ctl.note("feeds");
    syndication::write_feeds(&site, store, &list, &feeds, bodies, &sitemap)?;
    ctl.advance(1);

    let (written, unchanged) = site.out.counts();
    let removed = site.out.finish()?;
    ctl.advance(1);
    Ok(ExportReport {
        dir: opts.dir.clone(),
        posts: list.posts.len(),
        tags: counts.tags,
        authors: counts.authors,
        written,
        unchanged,
        removed,
    })
}

/// The base URL with one trailing slash, so every link is `base + path`.
fn base_url(given: &str) -> String {
    let trimmed = given.trim().trim_end_matches('/');
    format!("{trimmed}/")
}

/// A page's meta description: its summary, else the blog's description.
fn describe(summary: &str, blog: &Blog) -> String {
    if summary.trim().is_empty() { blog.description.clone() } else { summary.trim().to_string() }
}

/// The file behind a directory URL of the site (`{base}tags/x/` is `tags/x/index.html`).
fn file_of(blog: &Blog, url: &str) -> String {
    let rel = url.strip_prefix(&blog.base_url).unwrap_or(url);
    format!("{rel}index.html")
}

/// Dates as the pages show them, in UTC so the output does not depend on where it is made.
fn dates(at: i64) -> (String, String) {
    match jiff::Timestamp::from_second(at) {
        Ok(t) => (t.strftime("%Y-%m-%d").to_string(), t.to_string()),
        Err(_) => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests;
