//! The pages that list posts (the index, each tag, each author, the archive), the 404 page and
//! the stylesheet. Every list is paginated, so no page (and no render of one) grows with the
//! blog. Each page's digest is taken from the digests of its posts' cards; only pages whose
//! digest changed are rendered, a few dozen at a time, with their posts' summaries read for them.

use std::collections::BTreeMap;

use byline_core::store::Store;
use rayon::prelude::*;

use super::digest::Digest;
use super::{Published, Shown, Site, file_of};
use crate::error::Result;
use crate::pages::{self, Card, FeedLink, Head, Link, List, Pager};

/// Entries per page of a tag's, an author's and the archive's list (one line each, where the
/// index shows `PER_PAGE` cards with excerpts).
pub const LIST_PER_PAGE: usize = 100;

/// Pages rendered together: their posts' summaries are read in one query and dropped after.
const RENDER_BATCH: usize = 32;

/// Pages' URLs and last changes, as the sitemap lists them.
type Urls = Vec<(String, i64)>;

/// How many tag and author pages an export made.
pub(super) struct Counts {
    pub tags: usize,
    pub authors: usize,
}

/// Writes the list pages, adding each to `sitemap` with its last change.
pub(super) fn write_lists(
    site: &Site<'_>,
    store: &Store,
    list: &Published,
    sitemap: &mut Vec<(String, i64)>,
) -> Result<Counts> {
    let newest = list.posts.iter().map(|s| s.updated_at).max().unwrap_or(0);
    let mut stale = index_pages(site, list, sitemap, newest)?;

    // A tag's and an author's posts, newest first like `list.posts`, by their key in `Links`.
    let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_author: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, post) in list.posts.iter().enumerate() {
        for &place in &post.tags {
            by_tag.entry(site.links.tag_at(place).name.as_str()).or_default().push(i);
        }
        if let Some(place) = post.author {
            by_author.entry(site.links.author_at(place).name.as_str()).or_default().push(i);
        }
    }

    // Every paginated list, in the sitemap's order: each tag's, each author's, the archive.
    let mut lists: Vec<(Paged, Vec<usize>)> = Vec::new();
    let mut tag_links: Vec<Link> = Vec::new();
    for (name, tag) in &site.links.tags {
        let Some(posts) = by_tag.remove(name.as_str()) else { continue };
        tag_links.push(tag.clone());
        let feed = pages::tag_feed(&site.blog, tag);
        let mut feeds = vec![feed.clone()];
        feeds.extend(pages::blog_feeds(&site.blog));
        let paged = Paged {
            url: tag.url.clone(),
            title: format!("Posts tagged {}", tag.name),
            description: format!("Posts about {} on {}", tag.name, site.blog.title),
            og_type: "website",
            feeds,
            tag: Some(tag.name.clone()),
            feed: Some(feed),
            tags: Vec::new(),
            by_author: false,
        };
        lists.push((paged, posts));
    }
    let mut authors = 0;
    for (name, author) in &site.links.authors {
        let Some(posts) = by_author.remove(name.as_str()) else { continue };
        authors += 1;
        let paged = Paged {
            url: author.url.clone(),
            title: format!("Posts by {}", author.name),
            description: format!("Posts by {} on {}", author.name, site.blog.title),
            og_type: "profile",
            feeds: pages::blog_feeds(&site.blog),
            tag: None,
            feed: None,
            tags: Vec::new(),
            by_author: true,
        };
        lists.push((paged, posts));
    }
    let archive = Paged {
        url: format!("{}archive/", site.blog.base_url),
        title: "Archive".into(),
        description: format!("Every post published on {}", site.blog.title),
        og_type: "website",
        feeds: pages::blog_feeds(&site.blog),
        tag: None,
        feed: None,
        tags: tag_links.clone(),
        by_author: false,
    };
    lists.push((archive, (0..list.posts.len()).collect()));

    // Each list's pages on whichever core is free; the sitemap gets them in order.
    let planned: Vec<(Urls, Vec<Stale>)> = lists
        .par_iter()
        .enumerate()
        .map(|(at, (paged, posts))| list_pages(site, list, (at, paged), posts))
        .collect::<Result<_>>()?;
    for (urls, pages) in planned {
        sitemap.extend(urls);
        stale.extend(pages);
    }
    render(site, store, list, &lists, &stale)?;

    let url = format!("{}404.html", site.blog.base_url);
    let head = site.head("Page not found".into(), site.blog.description.clone(), url, "website");
    site.out.put("404.html", pages::not_found_page(&site.theme, &site.blog, &head)?.as_bytes())?;
    site.out.put("style.css", site.theme.file("style.css")?.as_bytes())?;
    Ok(Counts { tags: tag_links.len(), authors })
}

/// One paginated list: what its pages share.
struct Paged {
    /// The first page's URL; page N is `{url}page/N/`.
    url: String,
    title: String,
    description: String,
    og_type: &'static str,
    feeds: Vec<FeedLink>,
    tag: Option<String>,
    /// The list's own feed, for its "Follow" link.
    feed: Option<FeedLink>,
    /// Links under the first page's posts (the archive lists the tags).
    tags: Vec<Link>,
    by_author: bool,
}

/// A page whose inputs changed since the last export: which page it is (its content is made
/// again when it is rendered, a batch at a time, so the first export of a big blog does not
/// hold every list page's head and posts at once).
struct Stale {
    /// Its list's place in `write_lists`' lists; None for a page of the index.
    list: Option<usize>,
    number: usize,
    digest: u64,
}

/// What one page of a list shows besides its posts' cards.
struct Page {
    head: Head,
    pager: Pager,
    /// Its posts, as places in `Published::posts`.
    entries: Vec<usize>,
    file: String,
}

/// The URL of page `number` of a list whose first page is at `first`.
fn page_url(first: &str, number: usize) -> String {
    if number == 1 { first.to_string() } else { format!("{first}page/{number}/") }
}

/// Page `number` of the list `paged` of `posts` (places in `list.posts`), `LIST_PER_PAGE` a
/// page, linking its neighbours.
fn list_page(site: &Site<'_>, paged: &Paged, posts: &[usize], number: usize) -> Page {
    let count = posts.len().div_ceil(LIST_PER_PAGE).max(1);
    let range = ((number - 1) * LIST_PER_PAGE).min(posts.len())..(number * LIST_PER_PAGE).min(posts.len());
    let url = page_url(&paged.url, number);
    let title = if number == 1 { paged.title.clone() } else { format!("{} (page {number})", paged.title) };
    let head = Head {
        title,
        description: paged.description.clone(),
        url: url.clone(),
        og_type: paged.og_type,
        feeds: paged.feeds.clone(),
        tag: paged.tag.clone(),
    };
    let pager = Pager {
        number,
        count,
        newer: (number > 1).then(|| page_url(&paged.url, number - 1)),
        older: (number < count).then(|| page_url(&paged.url, number + 1)),
    };
    Page { head, pager, entries: posts[range].to_vec(), file: file_of(&site.blog, &url) }
}

/// Page `number` of the index of `len` posts, `PER_PAGE` a page, linking its neighbours.
fn index_page(site: &Site<'_>, len: usize, number: usize) -> Page {
    let blog = &site.blog;
    let count = len.div_ceil(super::PER_PAGE).max(1);
    let url_of = |n: usize| page_url(&blog.base_url, n);
    let from = ((number - 1) * super::PER_PAGE).min(len);
    let pager = Pager {
        number,
        count,
        newer: (number > 1).then(|| url_of(number - 1)),
        older: (number < count).then(|| url_of(number + 1)),
    };
    let title = if number == 1 { blog.title.clone() } else { format!("{} (page {number})", blog.title) };
    let head = site.head(title, blog.description.clone(), url_of(number), "website");
    let file = if number == 1 { "index.html".to_string() } else { format!("page/{number}/index.html") };
    Page { head, pager, entries: (from..(from + super::PER_PAGE).min(len)).collect(), file }
}

/// The pages of the list `paged` (the `at`th of `write_lists`' lists) of `posts`: their URLs
/// and last changes, and the ones to render again.
fn list_pages(
    site: &Site<'_>,
    list: &Published,
    (at, paged): (usize, &Paged),
    posts: &[usize],
) -> Result<(Urls, Vec<Stale>)> {
    let count = posts.len().div_ceil(LIST_PER_PAGE).max(1);
    let mut urls = Vec::with_capacity(count);
    let mut stale = Vec::new();
    for number in 1..=count {
        site.ctl.check()?;
        let page = list_page(site, paged, posts, number);
        let updated = page.entries.iter().map(|&i| list.posts[i].updated_at).max().unwrap_or(0);
        let tags: &[Link] = if number == 1 { &paged.tags } else { &[] };
        let feed = paged.feed.as_ref().map(|f| f.href.as_str());
        let mut digest = Digest::new(site.key);
        digest.hash(&page.head).hash(&page.pager).hash(&paged.title).hash(&feed).hash(&tags).hash(&paged.by_author);
        let digest = cards_digest(&mut digest, list, &page.entries);
        if !site.out.keep_if_made_from(&page.file, digest)? {
            stale.push(Stale { list: Some(at), number, digest });
        }
        urls.push((page.head.url, updated));
    }
    Ok((urls, stale))
}

/// The index's pages: adds them to `sitemap` and gives the ones to render again.
fn index_pages(site: &Site<'_>, list: &Published, sitemap: &mut Vec<(String, i64)>, newest: i64) -> Result<Vec<Stale>> {
    let count = list.posts.len().div_ceil(super::PER_PAGE).max(1);
    let planned: Vec<(String, Option<Stale>)> = (1..=count)
        .into_par_iter()
        .map(|number| {
            site.ctl.check()?;
            let page = index_page(site, list.posts.len(), number);
            let digest = cards_digest(Digest::new(site.key).hash(&page.head).hash(&page.pager), list, &page.entries);
            let kept = site.out.keep_if_made_from(&page.file, digest)?;
            Ok((page.head.url, (!kept).then_some(Stale { list: None, number, digest })))
        })
        .collect::<Result<_>>()?;
    let mut stale = Vec::new();
    for (url, page) in planned {
        sitemap.push((url, newest));
        stale.extend(page);
    }
    Ok(stale)
}

/// Renders and writes the stale pages, `RENDER_BATCH` at a time: their posts' summaries read in
/// one query (on this thread, which owns the store's connection), the pages on every core.
fn render(
    site: &Site<'_>,
    store: &Store,
    list: &Published,
    lists: &[(Paged, Vec<usize>)],
    stale: &[Stale],
) -> Result<()> {
    for batch in stale.chunks(RENDER_BATCH) {
        site.ctl.check()?;
        let pages: Vec<(Option<&Paged>, Page, u64)> = batch
            .iter()
            .map(|s| match s.list {
                None => (None, index_page(site, list.posts.len(), s.number), s.digest),
                Some(at) => {
                    let (paged, posts) = &lists[at];
                    (Some(paged), list_page(site, paged, posts, s.number), s.digest)
                }
            })
            .collect();
        let shown = list.shown(store, pages.iter().flat_map(|(_, page, _)| page.entries.iter().copied()))?;
        pages.par_iter().try_for_each(|(paged, page, digest)| render_page(site, &shown, *paged, page, *digest))?;
    }
    Ok(())
}

fn render_page(site: &Site<'_>, shown: &Shown, paged: Option<&Paged>, page: &Page, digest: u64) -> Result<()> {
    let cards: Vec<Card> = page.entries.iter().map(|&i| shown.card(site, i)).collect::<Result<_>>()?;
    let html = match paged {
        None => pages::index_page(&site.theme, &site.blog, &page.head, &cards, &page.pager)?,
        Some(paged) => {
            let posts: Vec<&Card> = cards.iter().collect();
            let shown = List {
                heading: &paged.title,
                posts: &posts,
                feed: paged.feed.as_ref().map(|f| f.href.as_str()),
                tags: if page.pager.number == 1 { &paged.tags } else { &[] },
                by_author: paged.by_author,
                pager: &page.pager,
            };
            pages::list_page(&site.theme, &site.blog, &page.head, &shown)?
        }
    };
    site.out.put_made(&page.file, html.as_bytes(), Some(digest))
}

/// `digest` (of what a list page shows besides its posts) with its posts' cards, in order.
fn cards_digest(digest: &mut Digest, list: &Published, entries: &[usize]) -> u64 {
    digest.hash(&entries.len());
    for &i in entries {
        digest.hash(&list.cards[i]);
    }
    digest.finish()
}
