//! Reading long lists a window at a time (keyset pages around a cursor): posts with which the
//! reader has read, subscribers with the counts by status. The composed reads every list face
//! needs, so none composes them itself.

use crate::domain::{PostId, PostSummary, Subscriber, SubscriberId};
use crate::store::{self, ListFilter, Store, SubscriberFilter};

use super::Result;

/// Where a window of rows should come from. Lists are ordered newest first by (sort time, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor<Id = PostId> {
    /// The newest rows.
    Top,
    /// The oldest rows (for `G`).
    Bottom,
    /// Rows just older than this (sort time, id): scrolling down.
    Older(i64, Id),
    /// Rows just newer than this: scrolling up.
    Newer(i64, Id),
    /// Rows around this row (half a window on each side), which becomes selected.
    Around(Id),
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

/// How many of the posts the filter matches are unread (the count in the reader's header).
pub fn unread_count(store: &Store, filter: &ListFilter) -> Result<usize> {
    Ok(store::unread_count(store.conn(), filter, store.now())?.max(0) as usize)
}

/// The first unread post of the filtered list below `after` (a row's sort time and id), or from
/// the top when `after` is None: where the reader's "next unread" goes when the rows loaded do
/// not hold one.
pub fn next_unread(store: &Store, filter: &ListFilter, after: Option<(i64, PostId)>) -> Result<Option<PostId>> {
    let f = ListFilter { unread_only: true, older_than: after, newer_than: None, limit: Some(1), ..filter.clone() };
    Ok(store::list_posts(store.conn(), &f, store.now())?.first().map(|p| p.id))
}

/// A window of the subscribers list.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriberWindow {
    pub rows: Vec<Subscriber>,
    /// How many subscribers the filter matches.
    pub total: usize,
    /// The index of the first row, when the cursor made it known.
    pub offset: Option<usize>,
    /// Every subscriber by status (active, pending, unsubscribed), whatever the filter.
    pub counts: (usize, usize, usize),
}

/// Up to `limit` subscribers from `cursor`, as `window` reads posts.
pub fn subscribers(
    store: &Store,
    filter: &SubscriberFilter,
    cursor: &Cursor<SubscriberId>,
    limit: usize,
) -> Result<SubscriberWindow> {
    let conn = store.conn();
    let page = |older, newer, limit| store::subscriber_window(conn, filter, older, newer, limit);
    let half = limit / 2;
    let (rows, offset) = match cursor {
        Cursor::Top => (page(None, None, limit)?, Some(0)),
        Cursor::Bottom => (page(None, Some((i64::MIN, SubscriberId(i64::MIN))), limit)?, None),
        Cursor::Older(t, id) => (page(Some((*t, *id)), None, limit)?, None),
        Cursor::Newer(t, id) => (page(None, Some((*t, *id)), limit)?, None),
        Cursor::Around(id) => match store::subscriber_key(conn, *id)? {
            Some(key) => {
                let index = store::subscriber_count(conn, filter, Some(key))?;
                let mut rows = page(None, Some(key), half)?;
                let below = page(Some((key.0, SubscriberId(key.1.0 + 1))), None, half + 1)?;
                let offset = index.saturating_sub(rows.len());
                rows.extend(below);
                (rows, Some(offset))
            }
            // Gone (removed since): the newest rows, which start at index 0.
            None => (page(None, None, limit)?, Some(0)),
        },
    };
    let total = store::subscriber_count(conn, filter, None)?;
    let counts = store::subscriber_status_counts(conn)?;
    Ok(SubscriberWindow { rows, total, offset, counts })
}
