//! The pages that list posts (the index, each tag, each author, the archive), the 404 page and
//! the stylesheet, all from the summaries in memory: no query per tag or author. Every list is
//! paginated, so no page (and no render of one) grows with the blog. A page whose cards, head
//! and pager have the digest they had last time is neither rendered nor read.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::digest::Digest;
use super::{Published, Site, file_of};
use crate::error::Result;
use crate::pages::{self, Card, FeedLink, Head, Link, List, Pager};

/// Entries per page of a tag's, an author's and the archive's list (one line each, where the
/// index shows `PER_PAGE` cards with excerpts).
pub const LIST_PER_PAGE: usize = 100;

/// How many tag and author pages an export made.
pub(super) struct Counts {
    pub tags: usize,
    pub authors: usize,
}

/// Writes the list pages, adding each to `sitemap` with its last change.
pub(super) fn write_lists(site: &Site<'_>, list: &Published, sitemap: &mut Vec<(String, i64)>) -> Result<Counts> {
    let newest = list.posts.iter().map(|s| s.updated_at).max().unwrap_or(0);
    write_index(site, list, sitemap, newest)?;

    // A tag's and an author's posts, newest first like `list.posts`, by their key in `Links`.
    let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_author: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, post) in list.posts.iter().enumerate() {
        for tag in site.links.tags_of(post) {
            by_tag.entry(tag.name.as_str()).or_default().push(i);
        }
        if let Some(author) = list.posts[i].author.as_deref().filter(|a| site.links.authors.contains_key(*a)) {
            by_author.entry(author).or_default().push(i);
        }
    }

    // Each tag's and author's pages on whichever core is free; the sitemap gets them in order.
    let tags: Vec<(&Link, &Vec<usize>)> =
        site.links.tags.iter().filter_map(|(name, tag)| Some((tag, by_tag.get(name.as_str())?))).collect();
    let done: Vec<Vec<(String, i64)>> = tags
        .par_iter()
        .map(|&(tag, posts)| {
            let feed = pages::tag_feed(&site.blog, tag);
            let mut feeds = vec![feed.clone()];
            feeds.extend(pages::blog_feeds(&site.blog));
            let paged = Paged {
                url: &tag.url,
                title: format!("Posts tagged {}", tag.name),
                description: format!("Posts about {} on {}", tag.name, site.blog.title),
                og_type: "website",
                feeds,
                tag: Some(&tag.name),
                feed: Some(&feed),
                tags: &[],
                by_author: false,
            };
            write_paged(site, list, &paged, posts.len(), |i| posts[i])
        })
        .collect::<Result<_>>()?;
    sitemap.extend(done.into_iter().flatten());
    let tag_links: Vec<Link> = tags.iter().map(|(tag, _)| (*tag).clone()).collect();

    let authors: Vec<(&Link, &Vec<usize>)> =
        site.links.authors.iter().filter_map(|(name, a)| Some((a, by_author.get(name.as_str())?))).collect();
    let done: Vec<Vec<(String, i64)>> = authors
        .par_iter()
        .map(|&(author, posts)| {
            let paged = Paged {
                url: &author.url,
                title: format!("Posts by {}", author.name),
                description: format!("Posts by {} on {}", author.name, site.blog.title),
                og_type: "profile",
                feeds: pages::blog_feeds(&site.blog),
                tag: None,
                feed: None,
                tags: &[],
                by_author: true,
            };
            write_paged(site, list, &paged, posts.len(), |i| posts[i])
        })
        .collect::<Result<_>>()?;
    sitemap.extend(done.into_iter().flatten());

    let url = format!("{}archive/", site.blog.base_url);
    let archive = Paged {
        url: &url,
        title: "Archive".into(),
        description: format!("Every post published on {}", site.blog.title),
        og_type: "website",
        feeds: pages::blog_feeds(&site.blog),
        tag: None,
        feed: None,
        tags: &tag_links,
        by_author: false,
    };
    sitemap.extend(write_paged(site, list, &archive, list.posts.len(), |i| i)?);

    let url = format!("{}404.html", site.blog.base_url);
    let head = site.head("Page not found".into(), site.blog.description.clone(), url, "website");
    site.out.put("404.html", pages::not_found_page(&site.theme, &site.blog, &head)?.as_bytes())?;
    site.out.put("style.css", site.theme.file("style.css")?.as_bytes())?;
    Ok(Counts { tags: tag_links.len(), authors: authors.len() })
}

/// One paginated list: what its pages share.
struct Paged<'a> {
    /// The first page's URL; page N is `{url}page/N/`.
    url: &'a str,
    title: String,
    description: String,
    og_type: &'static str,
    feeds: Vec<FeedLink>,
    tag: Option<&'a str>,
    /// The list's own feed, for its "Follow" link.
    feed: Option<&'a FeedLink>,
    /// Links under the first page's posts (the archive lists the tags).
    tags: &'a [Link],
    by_author: bool,
}

/// The URL of page `number` of a list whose first page is at `first`.
fn page_url(first: &str, number: usize) -> String {
    if number == 1 { first.to_string() } else { format!("{first}page/{number}/") }
}

/// Writes the pages of a list of `len` posts (the `k`th being `list.posts[nth(k)]`),
/// `LIST_PER_PAGE` a page, each linking its neighbours; gives their URLs and last changes.
fn write_paged(
    site: &Site<'_>,
    list: &Published,
    paged: &Paged<'_>,
    len: usize,
    nth: impl Fn(usize) -> usize + Sync,
) -> Result<Vec<(String, i64)>> {
    let count = len.div_ceil(LIST_PER_PAGE).max(1);
    (1..=count)
        .into_par_iter()
        .map(|number| {
            site.ctl.check()?;
            let range = ((number - 1) * LIST_PER_PAGE).min(len)..(number * LIST_PER_PAGE).min(len);
            let entries: Vec<usize> = range.map(&nth).collect();
            let updated = entries.iter().map(|&i| list.posts[i].updated_at).max().unwrap_or(0);
            let url = page_url(paged.url, number);
            let title = if number == 1 { paged.title.clone() } else { format!("{} (page {number})", paged.title) };
            let head = Head {
                title,
                description: paged.description.clone(),
                url: url.clone(),
                og_type: paged.og_type,
                feeds: paged.feeds.clone(),
                tag: paged.tag.map(str::to_string),
            };
            let pager = Pager {
                number,
                count,
                newer: (number > 1).then(|| page_url(paged.url, number - 1)),
                older: (number < count).then(|| page_url(paged.url, number + 1)),
            };
            let tags = if number == 1 { paged.tags } else { &[] };
            let feed = paged.feed.map(|f| f.href.as_str());
            let mut digest = Digest::new(site.key);
            digest.hash(&head).hash(&pager).hash(&paged.title).hash(&feed).hash(&tags).hash(&paged.by_author);
            let digest = cards_digest(&mut digest, list, &entries);
            let file = file_of(&site.blog, &url);
            if !site.out.keep_if_made_from(&file, digest)? {
                let cards: Vec<Card> = entries.iter().map(|&i| list.card(site, i)).collect();
                let posts: Vec<&Card> = cards.iter().collect();
                let shown = List {
                    heading: &paged.title,
                    posts: &posts,
                    feed,
                    tags,
                    by_author: paged.by_author,
                    pager: &pager,
                };
                let page = pages::list_page(&site.theme, &site.blog, &head, &shown)?;
                site.out.put_made(&file, page.as_bytes(), Some(digest))?;
            }
            Ok((url, updated))
        })
        .collect()
}

/// The index, `PER_PAGE` posts a page, each page linking its neighbours.
fn write_index(site: &Site<'_>, list: &Published, sitemap: &mut Vec<(String, i64)>, newest: i64) -> Result<()> {
    let blog = &site.blog;
    let count = list.posts.len().div_ceil(super::PER_PAGE).max(1);
    let url_of = |n: usize| page_url(&blog.base_url, n);
    let pages: Vec<String> = (1..=count)
        .into_par_iter()
        .map(|number| {
            site.ctl.check()?;
            let from = ((number - 1) * super::PER_PAGE).min(list.posts.len());
            let entries: Vec<usize> = (from..(from + super::PER_PAGE).min(list.posts.len())).collect();
            let pager = Pager {
                number,
                count,
                newer: (number > 1).then(|| url_of(number - 1)),
                older: (number < count).then(|| url_of(number + 1)),
            };
            let title = if number == 1 { blog.title.clone() } else { format!("{} (page {number})", blog.title) };
            let head = site.head(title, blog.description.clone(), url_of(number), "website");
            let digest = cards_digest(Digest::new(site.key).hash(&head).hash(&pager), list, &entries);
            let file = if number == 1 { "index.html".to_string() } else { format!("page/{number}/index.html") };
            if !site.out.keep_if_made_from(&file, digest)? {
                let posts: Vec<Card> = entries.iter().map(|&i| list.card(site, i)).collect();
                let page = pages::index_page(&site.theme, blog, &head, &posts, &pager)?;
                site.out.put_made(&file, page.as_bytes(), Some(digest))?;
            }
            Ok(head.url)
        })
        .collect::<Result<_>>()?;
    sitemap.extend(pages.into_iter().map(|url| (url, newest)));
    Ok(())
}

/// `digest` (of what a list page shows besides its posts) with its posts' cards, in order.
fn cards_digest(digest: &mut Digest, list: &Published, entries: &[usize]) -> u64 {
    digest.hash(&entries.len());
    for &i in entries {
        digest.hash(&list.cards[i]);
    }
    digest.finish()
}
