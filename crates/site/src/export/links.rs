//! The site's links to tags, authors and posts: one plain, unique path component each, made
//! once per export, whatever names the database holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use byline_core::domain::PostSummary;
use byline_core::store::{self, Store};

use super::digest::Digest;
use super::{Entry, dates};
use crate::error::Result;
use crate::pages::{Blog, Card, Link};
use crate::write::safe_component;

/// The URLs of tags and authors, each made once from names a slug can be trusted for: a path
/// component is always a plain name, whatever the database holds.
pub(super) struct Links {
    base: String,
    /// By name as the store spells it (sorted, so the output is in a stable order).
    pub(super) tags: BTreeMap<String, Link>,
    pub(super) authors: BTreeMap<String, Link>,
    /// Lowercased tag name to its key in `tags`: posts name their tags in any case.
    tag_keys: HashMap<String, String>,
    /// The keys of `tags` and `authors` in order: an `Entry` names them by place.
    tag_order: Vec<String>,
    author_order: Vec<String>,
}

/// Only `a-z`, `0-9` and `-`: what the store makes, and what a folder of the site may be named.
fn plain_slug(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A plain, unique path component for `wanted` (already slug-like), else for `name`.
fn unique_slug(wanted: &str, name: &str, fallback: &str, used: &mut BTreeSet<String>) -> String {
    let mut base = if safe_component(wanted) && plain_slug(wanted) { wanted.to_string() } else { slug::slugify(name) };
    if base.is_empty() {
        base = fallback.to_string();
    }
    let mut slug = base.clone();
    let mut n = 2;
    while !used.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

impl Links {
    pub(super) fn read(store: &Store, blog: &Blog) -> Result<Self> {
        let base = blog.base_url.clone();
        let mut used = BTreeSet::new();
        let mut tags = BTreeMap::new();
        let mut tag_keys = HashMap::new();
        for tag in store::list_tags(store.conn())? {
            let slug = unique_slug(&tag.slug, &tag.name, "tag", &mut used);
            tag_keys.insert(tag.name.to_lowercase(), tag.name.clone());
            tags.insert(tag.name.clone(), Link { url: format!("{base}tags/{slug}/"), name: tag.name, slug });
        }
        let mut names: Vec<String> = store::list_authors(store.conn())?.into_iter().map(|a| a.name).collect();
        // Sorted by name, not by post count: a slug shared by two names must not move between them.
        names.sort();
        let mut used = BTreeSet::new();
        let mut authors = BTreeMap::new();
        for name in names {
            let slug = unique_slug("", &name, "author", &mut used);
            authors.insert(name.clone(), Link { url: format!("{base}authors/{slug}/"), name, slug });
        }
        let tag_order = tags.keys().cloned().collect();
        let author_order = authors.keys().cloned().collect();
        Ok(Links { base, tags, authors, tag_keys, tag_order, author_order })
    }

    /// The post's page folder: its slug when that is a plain name (always, for slugs the store
    /// accepts), else a name made from its id that no valid slug can take.
    pub(super) fn post_slug(s: &PostSummary) -> String {
        if safe_component(&s.slug) && plain_slug(&s.slug) { s.slug.clone() } else { format!("post_{}", s.id.0) }
    }

    pub(super) fn post_file(&self, entry: &Entry) -> String {
        format!("posts/{}/index.html", entry.slug)
    }

    /// What the export keeps of a post, and the digest of its card.
    pub(super) fn entry(&self, s: &PostSummary) -> (Entry, u64) {
        let place =
            |order: &[String], key: &str| order.binary_search_by(|k| k.as_str().cmp(key)).ok().map(|i| i as u32);
        let tags = self.tags_of(s).filter_map(|link| place(&self.tag_order, &link.name)).collect();
        let author = s.author.as_deref().and_then(|a| place(&self.author_order, a));
        let entry = Entry {
            id: s.id,
            slug: Self::post_slug(s).into_boxed_str(),
            updated_at: s.updated_at,
            tags,
            author,
            whole: Digest::new(0).value(s).finish(),
        };
        (entry, Digest::new(0).hash(&self.card(s)).finish())
    }

    /// The link of the tag at `place` (an `Entry`'s `tags`).
    pub(super) fn tag_at(&self, place: u32) -> &Link {
        &self.tags[&self.tag_order[place as usize]]
    }

    /// The link of the author at `place` (an `Entry`'s `author`).
    pub(super) fn author_at(&self, place: u32) -> &Link {
        &self.authors[&self.author_order[place as usize]]
    }

    pub(super) fn card(&self, s: &PostSummary) -> Card {
        let author = s.author.as_ref().and_then(|a| self.authors.get(a));
        let (date, date_iso) = dates(s.shown_at());
        Card {
            title: s.title.clone(),
            url: self.post_url(s),
            author: s.author.clone(),
            author_url: author.map(|a| a.url.clone()),
            date,
            date_iso,
            summary: s.summary.clone(),
            tags: self.tags_of(s).cloned().collect(),
        }
    }

    /// The post's page URL, as its card has it.
    pub(super) fn post_url(&self, s: &PostSummary) -> String {
        format!("{}posts/{}/", self.base, Self::post_slug(s))
    }

    /// The same, for a post known by its entry.
    pub(super) fn entry_url(&self, entry: &Entry) -> String {
        format!("{}posts/{}/", self.base, entry.slug)
    }

    /// The links of the post's tags, in its order (the store's names in any case).
    pub(super) fn tags_of<'a>(&'a self, s: &'a PostSummary) -> impl Iterator<Item = &'a Link> + 'a {
        s.tags.iter().filter_map(|t| self.tag_keys.get(&t.to_lowercase()).and_then(|k| self.tags.get(k)))
    }
}
