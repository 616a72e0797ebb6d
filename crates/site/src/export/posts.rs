//! The post pages: bodies read a batch at a time, each page's digest taken on whichever core is
//! free, and only the pages whose inputs changed rendered (with the summaries of their posts and
//! similar posts read for them) and written.

use std::collections::HashMap;

use byline_core::store::{self, Store};
use rayon::prelude::*;

use super::digest::Digest;
use super::similar::Similar;
use super::syndication::{FeedBody, FeedPlan};
use super::{BATCH, Published, Site, describe};
use crate::error::Result;
use crate::markdown;
use crate::pages::{self, Card};

/// Writes every post's page. Returns, for the posts a feed may carry, their body's digest and,
/// when the page was rendered, the body's HTML (so the feeds do not render it again).
pub(super) fn write_posts(
    site: &Site<'_>,
    store: &Store,
    list: &Published,
    similar: &Similar,
    feeds: &FeedPlan,
) -> Result<HashMap<usize, FeedBody>> {
    let mut bodies = HashMap::new();
    for (n, batch) in list.posts.chunks(BATCH).enumerate() {
        site.ctl.check()?;
        let ids: Vec<_> = batch.iter().map(|s| s.id).collect();
        let texts = store::post_bodies(store.conn(), &ids)?;
        let first = n * BATCH;
        // Which pages are made from what they were made from last time: those are kept.
        let checked: Vec<(usize, u64, u64, bool)> = texts
            .par_iter()
            .enumerate()
            .map(|(i, body)| {
                let at = first + i;
                let (digest, body_digest) = page_digest(site, list, similar, at, body);
                let kept = site.out.keep_if_made_from(&site.links.post_file(&list.posts[at]), digest)?;
                Ok((at, digest, body_digest, kept))
            })
            .collect::<Result<_>>()?;
        let stale = checked.iter().filter(|c| !c.3).map(|c| c.0);
        let shown = list.shown(store, stale.clone().flat_map(|at| std::iter::once(at).chain(similar.of(at))))?;
        let done: Vec<Option<(usize, FeedBody)>> = checked
            .into_par_iter()
            .zip(texts)
            .map(|((at, digest, body_digest, kept), body)| {
                let html = if kept {
                    None
                } else {
                    let rel = site.links.post_file(&list.posts[at]);
                    Some(write_post(site, &shown, similar, (at, &rel), &body, digest)?)
                };
                site.ctl.check()?;
                Ok(feeds.wants(at).then_some((at, FeedBody { digest: body_digest, html })))
            })
            .collect::<Result<_>>()?;
        bodies.extend(done.into_iter().flatten());
        site.ctl.advance(batch.len() as u64);
    }
    Ok(bodies)
}

/// The digest of what post `at`'s page is made from (its card, its similar posts' cards and its
/// body; its head is made from the card and the blog, which the site key covers with the
/// program and the theme), and its body's own digest.
fn page_digest(site: &Site<'_>, list: &Published, similar: &Similar, at: usize, body: &str) -> (u64, u64) {
    let body_digest = Digest::new(site.key).bytes(body.as_bytes()).finish();
    let mut digest = Digest::new(site.key);
    let cards: Vec<usize> = similar.of(at).collect();
    digest.hash(&list.cards[at]).hash(&cards.len()).hash(&body_digest);
    for &i in &cards {
        digest.hash(&list.cards[i]);
    }
    (digest.finish(), body_digest)
}

/// Renders post `at`'s page and writes it to `rel`; gives the body's HTML for the feeds.
fn write_post(
    site: &Site<'_>,
    shown: &super::Shown,
    similar: &Similar,
    (at, rel): (usize, &str),
    body: &str,
    digest: u64,
) -> Result<String> {
    let summary = shown.summary(at)?;
    let html = markdown::to_html(body);
    let card = site.links.card(summary);
    let head = site.head(card.title.clone(), describe(&summary.summary, &site.blog), card.url.clone(), "article");
    let cards: Vec<Card> = similar.of(at).map(|i| shown.card(site, i)).collect::<Result<_>>()?;
    let page = pages::post_page(&site.theme, &site.blog, &head, &card, &html, &cards)?;
    site.out.put_made(rel, page.as_bytes(), Some(digest))?;
    Ok(html)
}
