//! Every post's similar posts, kept between exports in the site folder (`.byline-similar`):
//! ranking them for 10,000 posts costs more than all the rest of a re-export, and they change
//! only when a title, a tag, or which posts are published changes.

use std::collections::HashMap;

use byline_core::domain::PostId;
use byline_core::store::{SimilarIndex, Store};
use rayon::prelude::*;

use super::digest::Digest;
use super::{Published, SIMILAR, Site};
use crate::error::Result;

/// The bookkeeping file: the key of the inputs on its first line, then one line per published
/// post, `id` and its similar posts' ids, best first.
pub(super) const NOTE: &str = ".byline-similar";

/// No post in this place (a post with fewer than `SIMILAR` similar ones).
const NONE: u32 = u32::MAX;

/// Each published post's similar posts, as places in `Published::posts`.
pub(super) struct Similar {
    /// `SIMILAR` places per post, in `posts`' order, `NONE` filling the end.
    places: Vec<u32>,
}

impl Similar {
    /// The similar posts of every post in `list`: last export's answers when the index's inputs
    /// (and the program, in the site key) are the same, else ranked again and kept for next time.
    pub(super) fn find(site: &Site<'_>, store: &Store, now: i64, list: &Published) -> Result<Self> {
        let index = SimilarIndex::build(store.conn(), now)?;
        let key = Digest::new(site.key).hash(&index.fingerprint()).hash(&SIMILAR).finish();
        let kept = site.out.read_note(NOTE).and_then(|text| read_note(&text, key));
        let ranked: Vec<(Vec<PostId>, bool)> = list
            .posts
            .par_iter()
            .map(|s| match kept.as_ref().and_then(|k| k.get(&s.id.0)) {
                Some(ids) => (ids.iter().map(|&id| PostId(id)).collect(), false),
                None => (index.similar(s.id, SIMILAR), true),
            })
            .collect();
        drop(index);
        site.ctl.check()?;
        if kept.is_none() || ranked.iter().any(|(_, new)| *new) {
            let mut text = format!("{key}\n");
            for (s, (ids, _)) in list.posts.iter().zip(&ranked) {
                text.push_str(&s.id.0.to_string());
                for id in ids {
                    text.push_str(&format!(" {}", id.0));
                }
                text.push('\n');
            }
            site.out.write_note(NOTE, &text)?;
        }
        let at: HashMap<PostId, u32> = list.posts.iter().enumerate().map(|(i, s)| (s.id, i as u32)).collect();
        let mut places = vec![NONE; list.posts.len() * SIMILAR];
        for (i, (ids, _)) in ranked.iter().enumerate() {
            let found = ids.iter().filter_map(|id| at.get(id)).take(SIMILAR);
            for (slot, &place) in places[i * SIMILAR..].iter_mut().zip(found) {
                *slot = place;
            }
        }
        Ok(Similar { places })
    }

    /// The places of post `at`'s similar posts, best first.
    pub(super) fn of(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        self.places[at * SIMILAR..(at + 1) * SIMILAR].iter().filter(|&&p| p != NONE).map(|&p| p as usize)
    }
}

/// The answers in a note written for inputs of digest `key`; `None` for another key or a note
/// that does not read (edited by hand, cut short): then every post is ranked again.
fn read_note(text: &str, key: u64) -> Option<HashMap<i64, Vec<i64>>> {
    let mut lines = text.lines();
    if lines.next()?.parse::<u64>().ok()? != key {
        return None;
    }
    let mut kept = HashMap::new();
    for line in lines {
        let mut ids = line.split(' ').map(str::parse::<i64>);
        let id = ids.next()?.ok()?;
        let similar: Vec<i64> = ids.collect::<std::result::Result<_, _>>().ok()?;
        if similar.len() > SIMILAR {
            return None;
        }
        kept.insert(id, similar);
    }
    Some(kept)
}
