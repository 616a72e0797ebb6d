//! `export`: the published posts of the store written as a static site, as a job (progress,
//! cancel). Posts are streamed a batch at a time, so memory does not grow with their bodies.

use std::collections::HashMap;
use std::path::PathBuf;

use byline_core::domain::{PostStatus, PostSummary};
use byline_core::jobs::JobCtl;
use byline_core::store::{self, ListFilter, Store, StoreError};

use crate::error::{Result, SiteError};
use crate::markdown;
use crate::pages::{self, Blog, Card, Head, List, Pager};
use crate::theme::Theme;
use crate::write::SiteWriter;

mod links;

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

/// One published post as the feeds need it: the store's summary of it (title, author, tags,
/// dates, summary and, with the feeds' migration, its stable id), its page and its body as the
/// page shows it (already sanitized HTML): `feeds::FeedItem::from_post(&e.post, e.url, e.content_html)`.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub post: PostSummary,
    /// The post page's URL (absolute when the base URL is).
    pub url: String,
    pub content_html: String,
}

/// What the feeds module gets from an export.
#[derive(Debug, Clone, Copy)]
pub struct FeedInput<'a> {
    pub blog: &'a Blog,
    /// Newest first: the newest `FEED_LEN` posts of the blog and of each tag (not every post).
    pub posts: &'a [FeedEntry],
    /// The tags that have a page, so a feed folder `tags/<slug>/`: name and slug (`a-z0-9-`).
    pub tags: &'a [(String, String)],
    /// Every page of the site (absolute URL when the base URL is) with its last change, for the
    /// sitemap.
    pub pages: &'a [(String, i64)],
}

/// How many posts a feed carries: entries are kept (with their HTML) only for the newest this
/// many of the blog and of each tag, so the feeds' input stays small on a large blog.
pub const FEED_LEN: usize = 20;
/// Posts per page of the index.
pub const PER_PAGE: usize = 10;
/// Posts read from the store at a time.
const BATCH: usize = 200;
/// Similar-post cards under a post.
const SIMILAR: usize = 3;

/// The files the feeds module makes from an export (the feeds, the sitemap, robots.txt), as
/// paths relative to the site folder and their bytes, or why it cannot. They are written with the
/// pages, so they are checked, atomic and incremental like them. The shape of
/// `feeds::write_all` plus `feeds::sitemap` and `feeds::robots_txt`.
pub type FeedMaker<'a> = dyn Fn(&FeedInput<'_>) -> std::result::Result<Vec<(PathBuf, Vec<u8>)>, String> + 'a;

/// Exports the published posts into `opts.dir`: the pages, the stylesheet, the feeds, the
/// sitemap and robots.txt.
pub fn export(store: &Store, opts: &SiteOptions, ctl: &JobCtl) -> Result<ExportReport> {
    export_with_feeds(store, opts, ctl, &feed_files)
}

/// The files the feeds module makes for an export: the blog's and each tag's feeds (RSS, Atom,
/// JSON Feed), the sitemap and robots.txt.
fn feed_files(input: &FeedInput<'_>) -> std::result::Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use crate::feeds::{self, BlogMeta, FeedItem, TagFeed};
    let meta = BlogMeta {
        title: input.blog.title.clone(),
        description: input.blog.description.clone(),
        base_url: input.blog.base_url.clone(),
        language: None,
        author: None,
        max_items: FEED_LEN,
    };
    let items: Vec<FeedItem> =
        input.posts.iter().map(|e| FeedItem::from_post(&e.post, e.url.clone(), e.content_html.clone())).collect();
    let tags: Vec<TagFeed> =
        input.tags.iter().map(|(name, slug)| TagFeed { name: name.clone(), slug: slug.clone() }).collect();
    let mut files = feeds::write_all(&meta, &items, &tags).map_err(|e| e.to_string())?;
    files.push(("sitemap.xml".into(), feeds::sitemap(input.pages).into_bytes()));
    files.push(("robots.txt".into(), feeds::robots_txt(&input.blog.base_url).into_bytes()));
    Ok(files)
}

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

/// Exports, handing the feeds module what it needs for the feed files.
pub fn export_with_feeds(
    store: &Store,
    opts: &SiteOptions,
    ctl: &JobCtl,
    feeds: &FeedMaker<'_>,
) -> Result<ExportReport> {
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
    let mut out = SiteWriter::new(&opts.dir)?;
    let links = Links::read(store, &blog)?;
    let published = ListFilter { status: Some(PostStatus::Published), ..ListFilter::default() };
    let total = store::post_count(conn, &published, now)? as usize;
    ctl.set_total((total + links.tags.len() + links.authors.len() + 3) as u64);
    ctl.note("posts");

    let pages_count = total.div_ceil(PER_PAGE).max(1);
    let mut index: Vec<Card> = Vec::with_capacity(PER_PAGE);
    let mut page_number = 1;
    let mut feed_entries: Vec<FeedEntry> = Vec::new();
    let mut per_tag: HashMap<String, usize> = HashMap::new();
    let mut sitemap: Vec<(String, i64)> = Vec::new();
    let mut newest = 0;
    let mut seen = 0;
    let mut cursor = None;
    loop {
        let batch =
            store::list_posts(conn, &ListFilter { older_than: cursor, limit: Some(BATCH), ..published.clone() }, now)?;
        let Some(last) = batch.last() else { break };
        cursor = Some((last.shown_at(), last.id));
        for summary in batch {
            ctl.check()?;
            let card = links.card(&summary);
            let body = store::get_post(conn, summary.id, now)?.body;
            let html = markdown::to_html(&body);
            drop(body);
            let similar: Vec<Card> =
                store::related_posts(conn, summary.id, SIMILAR, now)?.iter().map(|s| links.card(s)).collect();
            let head = Head {
                title: card.title.clone(),
                description: describe(&summary.summary, &blog),
                url: card.url.clone(),
                og_type: "article",
                feeds: pages::blog_feeds(&blog),
                tag: None,
            };
            let page = pages::post_page(&theme, &blog, &head, &card, &html, &similar)?;
            out.put(&links.post_file(&summary), page.as_bytes())?;
            newest = newest.max(summary.updated_at);
            sitemap.push((card.url.clone(), summary.updated_at));
            // Kept for the feeds only when it is among the newest of the blog or of a tag.
            let mut wanted = seen < FEED_LEN;
            for tag in &summary.tags {
                let n = per_tag.entry(tag.to_lowercase()).or_default();
                wanted |= *n < FEED_LEN;
                *n += 1;
            }
            seen += 1;
            if wanted {
                feed_entries.push(FeedEntry { post: summary, url: card.url.clone(), content_html: html });
            }
            index.push(card);
            if index.len() == PER_PAGE {
                write_index(&mut out, &theme, &blog, &index, page_number, pages_count, &mut sitemap, newest)?;
                index.clear();
                page_number += 1;
            }
            ctl.advance(1);
        }
    }
    if !index.is_empty() || page_number == 1 {
        write_index(&mut out, &theme, &blog, &index, page_number, pages_count, &mut sitemap, newest)?;
    }

    ctl.note("tags and authors");
    let mut tags_done = 0;
    let mut tag_links = Vec::new();
    for (name, tag) in &links.tags {
        ctl.check()?;
        let filter = ListFilter { tag: Some(name.clone()), ..published.clone() };
        let listed = store::list_posts(conn, &filter, now)?;
        let updated = listed.iter().map(|s| s.updated_at).max();
        let posts: Vec<Card> = listed.iter().map(|s| links.card(s)).collect();
        if let Some(updated) = updated {
            let feed = pages::tag_feed(&blog, tag);
            let mut feeds = vec![feed.clone()];
            feeds.extend(pages::blog_feeds(&blog));
            let head = Head {
                title: format!("Posts tagged {}", tag.name),
                description: format!("Posts about {} on {}", tag.name, blog.title),
                url: tag.url.clone(),
                og_type: "website",
                feeds,
                tag: Some(tag.name.clone()),
            };
            let page = pages::list_page(
                &theme,
                &blog,
                &head,
                &List { heading: &head.title, posts: &posts, feed: Some(&feed.href), tags: &[], by_author: false },
            )?;
            out.put(&file_of(&blog, &tag.url), page.as_bytes())?;
            sitemap.push((tag.url.clone(), updated));
            tag_links.push(tag.clone());
            tags_done += 1;
        }
        ctl.advance(1);
    }
    let mut authors_done = 0;
    for (name, author) in &links.authors {
        ctl.check()?;
        let filter = ListFilter { author: Some(name.clone()), ..published.clone() };
        let listed = store::list_posts(conn, &filter, now)?;
        let updated = listed.iter().map(|s| s.updated_at).max();
        let posts: Vec<Card> = listed.iter().map(|s| links.card(s)).collect();
        if let Some(updated) = updated {
            let head = Head {
                title: format!("Posts by {}", author.name),
                description: format!("Posts by {} on {}", author.name, blog.title),
                url: author.url.clone(),
                og_type: "profile",
                feeds: pages::blog_feeds(&blog),
                tag: None,
            };
            let page = pages::list_page(
                &theme,
                &blog,
                &head,
                &List { heading: &head.title, posts: &posts, feed: None, tags: &[], by_author: true },
            )?;
            out.put(&file_of(&blog, &author.url), page.as_bytes())?;
            sitemap.push((author.url.clone(), updated));
            authors_done += 1;
        }
        ctl.advance(1);
    }

    ctl.note("archive");
    let archive: Vec<Card> = store::list_posts(conn, &published, now)?.iter().map(|s| links.card(s)).collect();
    let url = format!("{}archive/", blog.base_url);
    let head = Head {
        title: "Archive".into(),
        description: format!("Every post published on {}", blog.title),
        url: url.clone(),
        og_type: "website",
        feeds: pages::blog_feeds(&blog),
        tag: None,
    };
    let page = pages::list_page(
        &theme,
        &blog,
        &head,
        &List { heading: "Archive", posts: &archive, feed: None, tags: &tag_links, by_author: false },
    )?;
    drop(archive);
    out.put("archive/index.html", page.as_bytes())?;
    sitemap.push((url, newest));
    ctl.advance(1);

    let head = Head {
        title: "Page not found".into(),
        description: blog.description.clone(),
        url: format!("{}404.html", blog.base_url),
        og_type: "website",
        feeds: pages::blog_feeds(&blog),
        tag: None,
    };
    out.put("404.html", pages::not_found_page(&theme, &blog, &head)?.as_bytes())?;
    out.put("style.css", theme.file("style.css")?.as_bytes())?;
    ctl.advance(1);

    ctl.note("feeds");
    let tag_slugs: Vec<(String, String)> = tag_links.iter().map(|t| (t.name.clone(), t.slug.clone())).collect();
    let input = FeedInput { blog: &blog, posts: &feed_entries, tags: &tag_slugs, pages: &sitemap };
    for (path, bytes) in feeds(&input).map_err(SiteError::Feeds)? {
        let rel: Option<Vec<&str>> = path.components().map(|c| c.as_os_str().to_str()).collect();
        let rel = rel.map(|parts| parts.join("/")).ok_or_else(|| SiteError::UnsafePath(path.display().to_string()))?;
        out.put(&rel, &bytes)?;
    }
    let (written, unchanged) = (out.written, out.unchanged);
    let removed = out.finish()?;
    ctl.advance(1);
    Ok(ExportReport {
        dir: opts.dir.clone(),
        posts: total,
        tags: tags_done,
        authors: authors_done,
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

/// Page `number` of the index, with links to its neighbours.
#[allow(clippy::too_many_arguments)]
fn write_index(
    out: &mut SiteWriter,
    theme: &Theme,
    blog: &Blog,
    posts: &[Card],
    number: usize,
    count: usize,
    sitemap: &mut Vec<(String, i64)>,
    newest: i64,
) -> Result<()> {
    let url_of = |n: usize| if n == 1 { blog.base_url.clone() } else { format!("{}page/{n}/", blog.base_url) };
    let pager = Pager {
        number,
        count,
        newer: (number > 1).then(|| url_of(number - 1)),
        older: (number < count).then(|| url_of(number + 1)),
    };
    let head = Head {
        title: if number == 1 { blog.title.clone() } else { format!("{} (page {number})", blog.title) },
        description: blog.description.clone(),
        url: url_of(number),
        og_type: "website",
        feeds: pages::blog_feeds(blog),
        tag: None,
    };
    let page = pages::index_page(theme, blog, &head, posts, &pager)?;
    let file = if number == 1 { "index.html".to_string() } else { format!("page/{number}/index.html") };
    out.put(&file, page.as_bytes())?;
    sitemap.push((head.url, newest));
    Ok(())
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
