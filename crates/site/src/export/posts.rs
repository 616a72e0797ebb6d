//! The post pages: bodies read a batch at a time, each page rendered and written on whichever
//! core is free, and skipped when what it is made from did not change.

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
        let done: Vec<Option<(usize, FeedBody)>> = texts
            .into_par_iter()
            .enumerate()
            .map(|(i, body)| {
                let at = first + i;
                let kept = write_post(site, list, similar, at, &body, feeds.wants(at))?;
                site.ctl.check()?;
                Ok(kept.map(|feed| (at, feed)))
            })
            .collect::<Result<_>>()?;
        bodies.extend(done.into_iter().flatten());
        site.ctl.advance(batch.len() as u64);
    }
    Ok(bodies)
}

/// Writes post `at`'s page unless it is made from the same inputs as last time. Returns what the
/// feeds need of it when `for_feeds`.
fn write_post(
    site: &Site<'_>,
    list: &Published,
    similar: &Similar,
    at: usize,
    body: &str,
    for_feeds: bool,
) -> Result<Option<FeedBody>> {
    let summary = &list.posts[at];
    let similar: Vec<usize> = similar.of(at).collect();
    let body_digest = Digest::new(site.key).bytes(body.as_bytes()).finish();
    // The page is made from its card, its similar posts' cards and its body; its head is made
    // from the card and the blog, which the site key covers with the program and the theme.
    let mut digest = Digest::new(site.key);
    digest.hash(&list.cards[at]).hash(&similar.len()).hash(&body_digest);
    for &i in &similar {
        digest.hash(&list.cards[i]);
    }
    let digest = digest.finish();
    let rel = site.links.post_file(summary);
    if site.out.keep_if_made_from(&rel, digest)? {
        return Ok(for_feeds.then_some(FeedBody { digest: body_digest, html: None }));
    }
    let html = markdown::to_html(body);
    let card = list.card(site, at);
    let head = site.head(card.title.clone(), describe(&summary.summary, &site.blog), card.url.clone(), "article");
    let cards: Vec<Card> = similar.iter().map(|&i| list.card(site, i)).collect();
    let page = pages::post_page(&site.theme, &site.blog, &head, &card, &html, &cards)?;
    site.out.put_made(&rel, page.as_bytes(), Some(digest))?;
    Ok(for_feeds.then_some(FeedBody { digest: body_digest, html: Some(html) }))
}
