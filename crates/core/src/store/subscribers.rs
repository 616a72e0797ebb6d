//! Subscribers: sign-ups, confirmation, unsubscribes, followed tags and CSV import rules.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, StoreError, tags};
use crate::domain::{Email, Subscriber, SubscriberId, SubscriberStatus, TagName};

const COLUMNS: &str = "s.id, s.email, s.name, s.status, s.token, s.created_at, s.confirmed_at, s.unsubscribed_at,
    (SELECT json_group_array(t.name ORDER BY t.name COLLATE NOCASE)
       FROM subscriber_tag st JOIN tag t ON t.id = st.tag_id WHERE st.subscriber_id = s.id)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Subscriber> {
    let status: String = r.get(3)?;
    let tags: Option<String> = r.get(8)?;
    Ok(Subscriber {
        id: SubscriberId(r.get(0)?),
        email: r.get(1)?,
        name: r.get(2)?,
        // The CHECK constraint keeps other values out; a damaged file reads as pending, the safe side.
        status: SubscriberStatus::parse(&status).unwrap_or(SubscriberStatus::Pending),
        token: r.get(4)?,
        created_at: r.get(5)?,
        confirmed_at: r.get(6)?,
        unsubscribed_at: r.get(7)?,
        tags: tags.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default(),
    })
}

/// 128 random bits, hex: unguessable, for unsubscribe links.
fn new_token() -> Result<String> {
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf).map_err(StoreError::NoRandomness)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn get_subscriber(conn: &Connection, email: &str) -> Result<Subscriber> {
    let sql = format!("SELECT {COLUMNS} FROM subscriber s WHERE s.email = ?1");
    conn.prepare_cached(&sql)?
        .query_row([email.trim()], from_row)
        .optional()?
        .ok_or_else(|| StoreError::SubscriberNotFound(email.trim().to_string()))
}

/// Subscribers, newest sign-up first, optionally of one status.
pub fn list_subscribers(conn: &Connection, status: Option<SubscriberStatus>) -> Result<Vec<Subscriber>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM subscriber s WHERE ?1 IS NULL OR s.status = ?1 ORDER BY s.created_at DESC, s.id DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([status.map(SubscriberStatus::as_str)], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn set_tags(conn: &Connection, id: SubscriberId, tag_names: &[TagName]) -> Result<()> {
    conn.prepare_cached("DELETE FROM subscriber_tag WHERE subscriber_id = ?1")?.execute([id.0])?;
    for tag in tag_names {
        let tag_id = tags::ensure_tag(conn, tag)?;
        conn.prepare_cached("INSERT OR IGNORE INTO subscriber_tag (subscriber_id, tag_id) VALUES (?1, ?2)")?
            .execute([id.0, tag_id.0])?;
    }
    Ok(())
}

pub fn add_subscriber(
    conn: &Connection,
    email: &Email,
    name: Option<&str>,
    tag_names: &[TagName],
    status: SubscriberStatus,
    now: i64,
) -> Result<SubscriberId> {
    if get_subscriber(conn, email.as_str()).is_ok() {
        return Err(StoreError::DuplicateEmail(email.as_str().to_string()));
    }
    insert_subscriber(conn, email, name, tag_names, status, now)
}

/// `add_subscriber` for a caller that has just looked the address up and found nothing.
fn insert_subscriber(
    conn: &Connection,
    email: &Email,
    name: Option<&str>,
    tag_names: &[TagName],
    status: SubscriberStatus,
    now: i64,
) -> Result<SubscriberId> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    // The CSV import refuses these, so an export of such a name could not be imported back.
    if let Some(n) = name.filter(|n| n.chars().any(char::is_control)) {
        return Err(StoreError::NameHasControls(n.to_string()));
    }
    let confirmed = (status == SubscriberStatus::Active).then_some(now);
    let unsubscribed = (status == SubscriberStatus::Unsubscribed).then_some(now);
    conn.prepare_cached(
        "INSERT INTO subscriber (email, name, status, token, created_at, confirmed_at, unsubscribed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![email.as_str(), name, status.as_str(), new_token()?, now, confirmed, unsubscribed])?;
    let id = SubscriberId(conn.last_insert_rowid());
    set_tags(conn, id, tag_names)?;
    Ok(id)
}

pub fn remove_subscriber(conn: &Connection, email: &str) -> Result<()> {
    let sub = get_subscriber(conn, email)?;
    conn.execute("DELETE FROM subscriber WHERE id = ?1", [sub.id.0])?;
    Ok(())
}

/// Activates a pending address. Returns false if it was already active. An address that
/// unsubscribed is not re-activated behind its owner's back.
pub fn confirm_subscriber(conn: &Connection, email: &str, now: i64) -> Result<bool> {
    let sub = get_subscriber(conn, email)?;
    match sub.status {
        SubscriberStatus::Active => Ok(false),
        SubscriberStatus::Unsubscribed => Err(StoreError::ConfirmUnsubscribed(sub.email)),
        SubscriberStatus::Pending => {
            conn.execute(
                "UPDATE subscriber SET status = 'active', confirmed_at = ?2 WHERE id = ?1",
                params![sub.id.0, now],
            )?;
            Ok(true)
        }
    }
}

/// Returns false if the address had already unsubscribed.
pub fn unsubscribe_subscriber(conn: &Connection, email: &str, now: i64) -> Result<bool> {
    let sub = get_subscriber(conn, email)?;
    if sub.status == SubscriberStatus::Unsubscribed {
        return Ok(false);
    }
    conn.execute(
        "UPDATE subscriber SET status = 'unsubscribed', unsubscribed_at = ?2 WHERE id = ?1",
        params![sub.id.0, now],
    )?;
    Ok(true)
}

/// An editor's change to a subscriber. Like `confirm`, it will not re-activate an address
/// whose owner unsubscribed.
pub fn update_subscriber(
    conn: &Connection,
    email: &str,
    name: Option<&str>,
    tag_names: &[TagName],
    status: SubscriberStatus,
    now: i64,
) -> Result<()> {
    let old = get_subscriber(conn, email)?;
    if name.is_some_and(|n| n.chars().any(char::is_control)) {
        return Err(StoreError::NameHasControlsInEdit);
    }
    if old.status == SubscriberStatus::Unsubscribed && status != SubscriberStatus::Unsubscribed {
        return Err(StoreError::ResubscribeRefused(old.email));
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let confirmed = if status == SubscriberStatus::Active { old.confirmed_at.or(Some(now)) } else { old.confirmed_at };
    let unsubscribed = if status == SubscriberStatus::Unsubscribed { old.unsubscribed_at.or(Some(now)) } else { None };
    conn.execute(
        "UPDATE subscriber SET name = ?2, status = ?3, confirmed_at = ?4, unsubscribed_at = ?5 WHERE id = ?1",
        params![old.id.0, name, status.as_str(), confirmed, unsubscribed],
    )?;
    set_tags(conn, old.id, tag_names)
}

/// One valid row of an import file.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub email: Email,
    pub name: Option<String>,
    /// `None` when the column was empty: new rows become active, existing ones keep theirs.
    pub status: Option<SubscriberStatus>,
    pub tags: Vec<TagName>,
}

/// What an import did, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportOutcome {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// (line, reason) for rows that were not applied.
    pub skipped: Vec<(u64, String)>,
}

/// Applies rows one at a time, so a caller can report progress and stop between rows. Two rules
/// protect people: an unsubscribed address is never re-activated by an import, and a repeated
/// address in the same file is skipped (the first row wins).
#[derive(Debug, Default)]
pub struct Importer {
    seen: std::collections::HashMap<String, u64>,
    outcome: ImportOutcome,
}

impl Importer {
    /// Adds a new address or updates a known one; a row that breaks a rule is recorded as skipped.
    pub fn apply(&mut self, conn: &Connection, row: &ImportRow, now: i64) -> Result<()> {
        let out = &mut self.outcome;
        let key = row.email.as_str().to_lowercase();
        if let Some(first) = self.seen.get(&key) {
            out.skipped.push((row.line, format!("{} repeats line {first}", row.email.as_str())));
            return Ok(());
        }
        self.seen.insert(key, row.line);
        let existing = get_subscriber(conn, row.email.as_str()).ok();
        let Some(old) = existing else {
            let status = row.status.unwrap_or(SubscriberStatus::Active);
            insert_subscriber(conn, &row.email, row.name.as_deref(), &row.tags, status, now)?;
            out.added += 1;
            return Ok(());
        };
        let status = row.status.unwrap_or(old.status);
        if old.status == SubscriberStatus::Unsubscribed && status != SubscriberStatus::Unsubscribed {
            out.skipped.push((row.line, format!("{} unsubscribed; an import does not re-subscribe it", old.email)));
            return Ok(());
        }
        let name = row.name.clone().or(old.name.clone());
        let mut new_tags: Vec<String> = row.tags.iter().map(|t| t.as_str().to_lowercase()).collect();
        let mut old_tags: Vec<String> = old.tags.iter().map(|t| t.to_lowercase()).collect();
        new_tags.sort();
        old_tags.sort();
        if name == old.name && status == old.status && new_tags == old_tags {
            out.unchanged += 1;
            return Ok(());
        }
        let confirmed =
            if status == SubscriberStatus::Active { old.confirmed_at.or(Some(now)) } else { old.confirmed_at };
        let unsubscribed =
            if status == SubscriberStatus::Unsubscribed { old.unsubscribed_at.or(Some(now)) } else { None };
        conn.prepare_cached(
            "UPDATE subscriber SET name = ?2, status = ?3, confirmed_at = ?4, unsubscribed_at = ?5 WHERE id = ?1",
        )?
        .execute(params![old.id.0, name, status.as_str(), confirmed, unsubscribed])?;
        set_tags(conn, old.id, &row.tags)?;
        out.updated += 1;
        Ok(())
    }

    /// What the rows applied so far did.
    pub fn finish(self) -> ImportOutcome {
        self.outcome
    }
}

/// Applies all rows (see `Importer`).
pub fn import_subscribers(conn: &Connection, rows: &[ImportRow], now: i64) -> Result<ImportOutcome> {
    let mut importer = Importer::default();
    for row in rows {
        importer.apply(conn, row, now)?;
    }
    Ok(importer.finish())
}

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
    let mut stmt = conn.prepare(
        "SELECT s.email, s.name FROM subscriber s
          WHERE (?1 IS NULL OR s.status = ?1) AND (?2 IS NULL OR (s.created_at, s.id) > (?2, ?3))",
    )?;
    let rows = stmt
        .query_map(params![filter.status.map(SubscriberStatus::as_str), key.map(|k| k.0), key.map(|k| k.1.0)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
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
    use crate::store::Store;

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
