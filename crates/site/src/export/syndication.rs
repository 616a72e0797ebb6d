//! The feeds (RSS, Atom and JSON Feed for the blog and for each tag), the sitemap and
//! robots.txt. A feed whose items did not change is not made again, so a re-export renders the
//! bodies of the feeds an edit touched only.

use std::collections::{HashMap, HashSet};

use byline_core::store::{self, Store};
use rayon::prelude::*;

use super::digest::Digest;
use super::{FEED_LEN, Published, Shown, Site};
use crate::error::{Result, SiteError};
use crate::feeds::{self, BlogMeta, FeedItem, TagFeed};
use crate::markdown;

/// What the feeds need of a post the post pages went through: its body's digest, and its HTML
/// when its page was rendered.
pub(super) struct FeedBody {
    pub digest: u64,
    pub html: Option<String>,
}

/// Which posts each feed carries: places in `Published::posts`, newest first.
pub(super) struct FeedPlan {
    blog: Vec<usize>,
    /// Each tag with a page, by its name in `Links`, and its slug.
    tags: Vec<(TagFeed, Vec<usize>)>,
    wanted: HashSet<usize>,
}

impl FeedPlan {
    pub(super) fn new(site: &Site<'_>, list: &Published) -> Self {
        let blog: Vec<usize> = (0..list.posts.len().min(FEED_LEN)).collect();
        let mut per_tag: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, post) in list.posts.iter().enumerate() {
            for &place in &post.tags {
                let items = per_tag.entry(site.links.tag_at(place).name.as_str()).or_default();
                if items.len() < FEED_LEN {
                    items.push(i);
                }
            }
        }
        let tags: Vec<(TagFeed, Vec<usize>)> = site
            .links
            .tags
            .values()
            .filter_map(|link| {
                let items = per_tag.remove(link.name.as_str())?;
                Some((TagFeed { name: link.name.clone(), slug: link.slug.clone() }, items))
            })
            .collect();
        let wanted = blog.iter().chain(tags.iter().flat_map(|(_, items)| items)).copied().collect();
        FeedPlan { blog, tags, wanted }
    }

    /// Whether a feed carries post `at`.
    pub(super) fn wants(&self, at: usize) -> bool {
        self.wanted.contains(&at)
    }
}

/// The three files of one feed, by kind.
#[derive(Clone, Copy)]
enum Kind {
    Rss,
    Atom,
    Json,
}

/// Writes the feeds, the sitemap (every post's page, then `pages`: the other pages and their last
/// change) and robots.txt.
pub(super) fn write_feeds(
    site: &Site<'_>,
    store: &Store,
    list: &Published,
    plan: &FeedPlan,
    mut bodies: HashMap<usize, FeedBody>,
    pages: &[(String, i64)],
) -> Result<()> {
    let meta = BlogMeta {
        title: site.blog.title.clone(),
        description: site.blog.description.clone(),
        base_url: site.blog.base_url.clone(),
        language: None,
        author: None,
        max_items: FEED_LEN,
    };
    // Which files of which feeds are to be made again: those whose items changed.
    let groups = std::iter::once((None, &plan.blog)).chain(plan.tags.iter().map(|(tag, items)| (Some(tag), items)));
    let mut stale_groups = Vec::new();
    for (tag, items) in groups {
        site.ctl.check()?;
        let mut digest = Digest::new(site.key);
        digest.value(&tag.map(|t| (&t.name, &t.slug)));
        for &at in items {
            let body = bodies.get(&at).map(|b| b.digest);
            digest.hash(&list.posts[at].whole).hash(&list.cards[at]).value(&body);
        }
        let digest = digest.finish();
        let dir = tag.map(|t| format!("tags/{}/", t.slug)).unwrap_or_default();
        let files =
            [(feeds::paths::RSS, Kind::Rss), (feeds::paths::ATOM, Kind::Atom), (feeds::paths::JSON, Kind::Json)];
        let mut stale = Vec::new();
        for (name, kind) in files {
            let rel = format!("{dir}{name}");
            if !site.out.keep_if_made_from(&rel, digest)? {
                stale.push((rel, kind));
            }
        }
        if !stale.is_empty() {
            stale_groups.push((tag, items, digest, stale));
        }
    }
    // The bodies those feeds carry whose pages were not rendered this time, read in one query
    // and rendered on every core.
    let mut missing: Vec<usize> = stale_groups
        .iter()
        .flat_map(|(_, items, _, _)| items.iter().copied())
        .filter(|at| bodies.get(at).is_none_or(|b| b.html.is_none()))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let ids: Vec<_> = missing.iter().map(|&at| list.posts[at].id).collect();
    let texts = store::post_bodies(store.conn(), &ids)?;
    let rendered: Vec<String> = texts.par_iter().map(|text| markdown::to_html(text)).collect();
    for (at, html) in missing.into_iter().zip(rendered) {
        let digest = bodies.get(&at).map(|b| b.digest).unwrap_or_default();
        bodies.insert(at, FeedBody { digest, html: Some(html) });
    }
    let shown = list.shown(store, stale_groups.iter().flat_map(|(_, items, _, _)| items.iter().copied()))?;
    stale_groups.par_iter().try_for_each(|(tag, items, digest, stale)| {
        site.ctl.check()?;
        let entries = feed_items(site, &shown, items, &bodies)?;
        for (rel, kind) in stale {
            let text = match (kind, tag) {
                (Kind::Rss, None) => feeds::rss(&meta, &entries),
                (Kind::Atom, None) => feeds::atom(&meta, &entries),
                (Kind::Json, None) => feeds::json_feed(&meta, &entries),
                (Kind::Rss, Some(tag)) => feeds::rss_for_tag(&meta, &entries, tag),
                (Kind::Atom, Some(tag)) => feeds::atom_for_tag(&meta, &entries, tag),
                (Kind::Json, Some(tag)) => feeds::json_feed_for_tag(&meta, &entries, tag),
            };
            site.out.put_made(rel, text.as_bytes(), Some(*digest))?;
        }
        Ok::<(), SiteError>(())
    })?;
    let posts = list.posts.len();
    let url_at = |i: usize| match i.checked_sub(posts) {
        None => (site.links.entry_url(&list.posts[i]), list.posts[i].updated_at),
        Some(page) => pages[page].clone(),
    };
    for (file, xml) in feeds::sitemaps_of(&site.blog.base_url, posts + pages.len(), url_at, feeds::SITEMAP_MAX) {
        site.out.put(&file, xml.as_bytes())?;
    }
    site.out.put("robots.txt", feeds::robots_txt(&site.blog.base_url).as_bytes())?;
    Ok(())
}

/// The items of a feed, each with its body's HTML.
fn feed_items(
    site: &Site<'_>,
    shown: &Shown,
    items: &[usize],
    bodies: &HashMap<usize, FeedBody>,
) -> Result<Vec<FeedItem>> {
    items
        .iter()
        .map(|&at| {
            let summary = shown.summary(at)?;
            let html = bodies
                .get(&at)
                .and_then(|b| b.html.clone())
                .ok_or_else(|| SiteError::Feeds(format!("the body of {} was not read", summary.title)))?;
            Ok(FeedItem::from_post(summary, site.links.post_url(summary), html))
        })
        .collect()
}
