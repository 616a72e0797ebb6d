//! The pages that list posts (the index, each tag, each author, the archive), the 404 page and
//! the stylesheet, all from the summaries in memory: no query per tag or author.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{Published, Site, file_of};
use crate::error::Result;
use crate::pages::{self, Card, Head, Link, List, Pager};

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
    for (i, card) in list.cards.iter().enumerate() {
        for tag in &card.tags {
            by_tag.entry(tag.name.as_str()).or_default().push(i);
        }
        if let Some(author) = list.posts[i].author.as_deref().filter(|a| site.links.authors.contains_key(*a)) {
            by_author.entry(author).or_default().push(i);
        }
    }
    let updated = |posts: &[usize]| posts.iter().map(|&i| list.posts[i].updated_at).max().unwrap_or(0);
    let cards = |posts: &[usize]| posts.iter().map(|&i| list.cards[i].clone()).collect::<Vec<Card>>();

    // Each tag's and author's page on whichever core is free; the sitemap gets them in order.
    let tags: Vec<(&Link, &Vec<usize>)> =
        site.links.tags.iter().filter_map(|(name, tag)| Some((tag, by_tag.get(name.as_str())?))).collect();
    let done: Vec<(String, i64)> = tags
        .par_iter()
        .map(|&(tag, posts)| {
            site.ctl.check()?;
            let feed = pages::tag_feed(&site.blog, tag);
            let mut feeds = vec![feed.clone()];
            feeds.extend(pages::blog_feeds(&site.blog));
            let head = Head {
                title: format!("Posts tagged {}", tag.name),
                description: format!("Posts about {} on {}", tag.name, site.blog.title),
                url: tag.url.clone(),
                og_type: "website",
                feeds,
                tag: Some(tag.name.clone()),
            };
            let posts_shown = cards(posts);
            let shown =
                List { heading: &head.title, posts: &posts_shown, feed: Some(&feed.href), tags: &[], by_author: false };
            let page = pages::list_page(&site.theme, &site.blog, &head, &shown)?;
            site.out.put(&file_of(&site.blog, &tag.url), page.as_bytes())?;
            Ok((tag.url.clone(), updated(posts)))
        })
        .collect::<Result<_>>()?;
    sitemap.extend(done);
    let tag_links: Vec<Link> = tags.iter().map(|(tag, _)| (*tag).clone()).collect();

    let authors: Vec<(&Link, &Vec<usize>)> =
        site.links.authors.iter().filter_map(|(name, a)| Some((a, by_author.get(name.as_str())?))).collect();
    let done: Vec<(String, i64)> = authors
        .par_iter()
        .map(|&(author, posts)| {
            site.ctl.check()?;
            let head = site.head(
                format!("Posts by {}", author.name),
                format!("Posts by {} on {}", author.name, site.blog.title),
                author.url.clone(),
                "profile",
            );
            let posts_shown = cards(posts);
            let shown = List { heading: &head.title, posts: &posts_shown, feed: None, tags: &[], by_author: true };
            let page = pages::list_page(&site.theme, &site.blog, &head, &shown)?;
            site.out.put(&file_of(&site.blog, &author.url), page.as_bytes())?;
            Ok((author.url.clone(), updated(posts)))
        })
        .collect::<Result<_>>()?;
    sitemap.extend(done);

    let url = format!("{}archive/", site.blog.base_url);
    let head =
        site.head("Archive".into(), format!("Every post published on {}", site.blog.title), url.clone(), "website");
    let shown = List { heading: "Archive", posts: &list.cards, feed: None, tags: &tag_links, by_author: false };
    site.out.put("archive/index.html", pages::list_page(&site.theme, &site.blog, &head, &shown)?.as_bytes())?;
    sitemap.push((url, newest));

    let url = format!("{}404.html", site.blog.base_url);
    let head = site.head("Page not found".into(), site.blog.description.clone(), url, "website");
    site.out.put("404.html", pages::not_found_page(&site.theme, &site.blog, &head)?.as_bytes())?;
    site.out.put("style.css", site.theme.file("style.css")?.as_bytes())?;
    Ok(Counts { tags: tag_links.len(), authors: authors.len() })
}

/// The index, `PER_PAGE` posts a page, each page linking its neighbours.
fn write_index(site: &Site<'_>, list: &Published, sitemap: &mut Vec<(String, i64)>, newest: i64) -> Result<()> {
    let blog = &site.blog;
    let count = list.cards.len().div_ceil(super::PER_PAGE).max(1);
    let url_of = |n: usize| if n == 1 { blog.base_url.clone() } else { format!("{}page/{n}/", blog.base_url) };
    let pages: Vec<String> = (1..=count)
        .into_par_iter()
        .map(|number| {
            site.ctl.check()?;
            let from = ((number - 1) * super::PER_PAGE).min(list.cards.len());
            let posts = &list.cards[from..(from + super::PER_PAGE).min(list.cards.len())];
            let pager = Pager {
                number,
                count,
                newer: (number > 1).then(|| url_of(number - 1)),
                older: (number < count).then(|| url_of(number + 1)),
            };
            let title = if number == 1 { blog.title.clone() } else { format!("{} (page {number})", blog.title) };
            let head = site.head(title, blog.description.clone(), url_of(number), "website");
            let page = pages::index_page(&site.theme, blog, &head, posts, &pager)?;
            let file = if number == 1 { "index.html".to_string() } else { format!("page/{number}/index.html") };
            site.out.put(&file, page.as_bytes())?;
            Ok(head.url)
        })
        .collect::<Result<_>>()?;
    sitemap.extend(pages.into_iter().map(|url| (url, newest)));
    Ok(())
}
