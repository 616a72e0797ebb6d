//! Reading the posts list a window at a time (keyset pages around a cursor), with which rows the
//! reader has read: the composed read every list face needs, so none composes it itself.

use crate::domain::{PostId, PostSummary};
use crate::store::{self, ListFilter, Store};

use super::Result;

/// Where a window of rows should come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// The newest rows.
    Top,
    /// The oldest rows.
    Bottom,
    /// Rows just older than this (sort time, id): scrolling down.
    Older(i64, PostId),
    /// Rows just newer than this: scrolling up.
    Newer(i64, PostId),
    /// Rows around this post (`half` on each side), which the reader wants selected.
    Around(PostId),
}

/// A window of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub rows: Vec<PostSummary>,
    /// Which of `rows` the reader has read.
    pub read: Vec<PostId>,
    /// The index of the first row in the whole list, when the cursor made it known (`Around`,
    /// or a post that is gone, which falls back to the top).
    pub offset: Option<usize>,
}

/// Up to `limit` rows from `cursor` (`limit / 2` on each side for `Around`).
pub fn window(store: &Store, filter: &ListFilter, cursor: &Cursor, limit: usize) -> Result<Window> {
    let (conn, now) = (store.conn(), store.now());
    let page = |older: Option<(i64, PostId)>, newer: Option<(i64, PostId)>, limit: usize| {
        let f = ListFilter { older_than: older, newer_than: newer, limit: Some(limit), ..filter.clone() };
        store::list_posts(conn, &f, now)
    };
    let mut offset = None;
    let rows = match cursor {
        Cursor::Top => page(None, None, limit)?,
        Cursor::Bottom => page(None, Some((i64::MIN, PostId(i64::MIN))), limit)?,
        Cursor::Older(t, id) => page(Some((*t, *id)), None, limit)?,
        Cursor::Newer(t, id) => page(None, Some((*t, *id)), limit)?,
        Cursor::Around(id) => {
            let half = limit / 2;
            let key = store::get_post(conn, *id, now).ok().map(|p| (p.meta.shown_at(), p.meta.id));
            match key {
                Some(key) => {
                    let index = store::post_position(conn, filter, key, now)?;
                    let mut rows = page(None, Some(key), half)?;
                    let below = page(Some((key.0, PostId(key.1.0 + 1))), None, half + 1)?;
                    offset = Some(index - rows.len());
                    rows.extend(below);
                    rows
                }
                // The post is gone (deleted since): the newest rows, which start at index 0.
                None => {
                    offset = Some(0);
                    page(None, None, limit)?
                }
            }
        }
    };
    let ids: Vec<PostId> = rows.iter().map(|r| r.id).collect();
    let read = store::read_ids(conn, &ids)?.into_iter().collect();
    Ok(Window { rows, read, offset })
}

/// How many posts the filter matches.
pub fn count(store: &Store, filter: &ListFilter) -> Result<usize> {
    Ok(store::post_count(store.conn(), filter, store.now())? as usize)
}
