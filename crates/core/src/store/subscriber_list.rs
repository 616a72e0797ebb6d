//! The subscribers list a window at a time: a filter by text and status, keyset pages newest
//! sign-up first, counts, and a row's place in the list.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use super::subscribers::{COLUMNS, from_row};
use crate::domain::{Subscriber, SubscriberId, SubscriberStatus};

/// Which subscribers a list shows: text found in the email or the name (any case), and a status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriberFilter {
    pub text: String,
    pub status: Option<SubscriberStatus>,
}

impl SubscriberFilter {
    /// The text test, with Unicode case folding (SQLite's `lower` folds ASCII only).
    fn matches(&self, email: &str, name: Option<&str>) -> bool {
        let needle = self.text.to_lowercase();
        needle.is_empty()
            || email.to_lowercase().contains(&needle)
            || name.is_some_and(|n| n.to_lowercase().contains(&needle))
    }
}

/// A keyset window of subscribers for `filter`, newest sign-up first: at most `limit` rows
/// older than `older`, or newer than `newer` (sort time, id), or the newest with neither.
/// The status and the keyset are in SQL; the text is tested in Rust, with the same case folding
/// the subscribers view always used, stopping as soon as the window is full.
pub fn subscriber_window(
    conn: &Connection,
    filter: &SubscriberFilter,
    older: Option<(i64, SubscriberId)>,
    newer: Option<(i64, SubscriberId)>,
    limit: usize,
) -> Result<Vec<Subscriber>> {
    // Rows newer than a key are read upwards (nearest first), then turned newest first.
    let dir = if newer.is_some() { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM subscriber s
          WHERE (?1 IS NULL OR s.status = ?1)
            AND (?2 IS NULL OR (s.created_at, s.id) < (?2, ?3))
            AND (?4 IS NULL OR (s.created_at, s.id) > (?4, ?5))
          ORDER BY s.created_at {dir}, s.id {dir}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.status.map(SubscriberStatus::as_str),
            older.map(|k| k.0),
            older.map(|k| k.1.0),
            newer.map(|k| k.0),
            newer.map(|k| k.1.0),
        ],
        from_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        let s = row?;
        if filter.matches(&s.email, s.name.as_deref()) {
            out.push(s);
            if out.len() >= limit {
                break;
            }
        }
    }
    if newer.is_some() {
        out.reverse();
    }
    Ok(out)
}

/// How many subscribers match `filter`, and how many of those sort before `key` (newer than
/// it): the list's length, and a row's index in it.
pub fn subscriber_count(
    conn: &Connection,
    filter: &SubscriberFilter,
    key: Option<(i64, SubscriberId)>,
) -> Result<usize> {
    let args = params![filter.status.map(SubscriberStatus::as_str), key.map(|k| k.0), key.map(|k| k.1.0)];
    if filter.text.is_empty() {
        // No text to fold and match: SQLite counts without handing every row to Rust (a 50,000-row
        // list took a frame's worth of time on the drawing thread).
        let sql = "SELECT count(*) FROM subscriber s
                    WHERE (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR (s.created_at, s.id) > (?2, ?3))";
        let n: i64 = conn.prepare_cached(sql)?.query_row(args, |r| r.get(0))?;
        return Ok(n as usize);
    }
    let mut stmt = conn.prepare(
        "SELECT s.email, s.name FROM subscriber s
          WHERE (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR (s.created_at, s.id) > (?2, ?3))",
    )?;
    let rows = stmt.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    let mut n = 0;
    for row in rows {
        let (email, name) = row?;
        n += usize::from(filter.matches(&email, name.as_deref()));
    }
    Ok(n)
}

/// Subscribers of each status: (active, pending, unsubscribed).
pub fn subscriber_status_counts(conn: &Connection) -> Result<(usize, usize, usize)> {
    let mut counts = (0, 0, 0);
    let mut stmt = conn.prepare("SELECT status, COUNT(*) FROM subscriber GROUP BY status")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (status, n) = row?;
        let n = usize::try_from(n).unwrap_or(0);
        match SubscriberStatus::parse(&status) {
            Ok(SubscriberStatus::Active) => counts.0 += n,
            Ok(SubscriberStatus::Unsubscribed) => counts.2 += n,
            // As `from_row` reads an unknown status: pending, the safe side.
            Ok(SubscriberStatus::Pending) | Err(_) => counts.1 += n,
        }
    }
    Ok(counts)
}

/// A subscriber's place in the lists (sign-up time, id), if it still exists.
pub fn subscriber_key(conn: &Connection, id: SubscriberId) -> Result<Option<(i64, SubscriberId)>> {
    let at = conn.query_row("SELECT created_at FROM subscriber WHERE id = ?1", [id.0], |r| r.get(0)).optional()?;
    Ok(at.map(|at: i64| (at, id)))
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::domain::Email;
    use crate::store::Store;
    use crate::store::subscribers::add_subscriber;

    /// 30 subscribers a second apart (s1 oldest); every third pending, "Émile" in the names of 5 and 25.
    fn list() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        for i in 1..=30i64 {
            let email = Email::parse(&format!("s{i}@example.com")).unwrap();
            let name = if i % 20 == 5 { format!("Émile {i}") } else { format!("Reader {i}") };
            let status = if i % 3 == 0 { SubscriberStatus::Pending } else { SubscriberStatus::Active };
            store.write(|tx, _| add_subscriber(tx, &email, Some(&name), &[], status, 1_000 + i)).unwrap();
        }
        (dir, store)
    }

    fn emails(rows: &[Subscriber]) -> Vec<String> {
        rows.iter().map(|s| s.email.clone()).collect()
    }

    #[test]
    fn windows_page_newest_first_by_keyset() {
        let (_dir, store) = list();
        let all = SubscriberFilter::default();
        let top = subscriber_window(store.conn(), &all, None, None, 4).unwrap();
        assert_eq!(emails(&top), ["s30@example.com", "s29@example.com", "s28@example.com", "s27@example.com"]);
        let last = top.last().map(|s| (s.created_at, s.id)).unwrap();
        let next = subscriber_window(store.conn(), &all, Some(last), None, 2).unwrap();
        assert_eq!(emails(&next), ["s26@example.com", "s25@example.com"]);
        let back = subscriber_window(store.conn(), &all, None, Some((next[0].created_at, next[0].id)), 2).unwrap();
        assert_eq!(emails(&back), ["s28@example.com", "s27@example.com"], "newer rows, still newest first");
        assert_eq!(subscriber_count(store.conn(), &all, None).unwrap(), 30);
        assert_eq!(subscriber_count(store.conn(), &all, Some((next[0].created_at, next[0].id))).unwrap(), 4);
        assert_eq!(subscriber_key(store.conn(), next[0].id).unwrap(), Some((next[0].created_at, next[0].id)));
        assert_eq!(subscriber_key(store.conn(), SubscriberId(999)).unwrap(), None);
    }

    #[test]
    fn the_filter_matches_text_in_any_case_and_a_status() {
        let (_dir, store) = list();
        let text = SubscriberFilter { text: "émile".into(), status: None };
        assert_eq!(
            emails(&subscriber_window(store.conn(), &text, None, None, 10).unwrap()),
            ["s25@example.com", "s5@example.com"]
        );
        let email = SubscriberFilter { text: "S1".into(), status: Some(SubscriberStatus::Pending) };
        assert_eq!(
            emails(&subscriber_window(store.conn(), &email, None, None, 10).unwrap()),
            ["s18@example.com", "s15@example.com", "s12@example.com"]
        );
        assert_eq!(subscriber_count(store.conn(), &email, None).unwrap(), 3);
        assert_eq!(subscriber_status_counts(store.conn()).unwrap(), (20, 10, 0));
    }
}
