//! Subscribers: sign-ups, confirmation, unsubscribes, followed tags and CSV import rules.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, StoreError, tags};
use crate::domain::{Email, Subscriber, SubscriberId, SubscriberStatus, TagName};

pub(super) const COLUMNS: &str =
    "s.id, s.email, s.name, s.status, s.token, s.created_at, s.confirmed_at, s.unsubscribed_at,
    (SELECT json_group_array(t.name ORDER BY t.name COLLATE NOCASE)
       FROM subscriber_tag st JOIN tag t ON t.id = st.tag_id WHERE st.subscriber_id = s.id)";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Subscriber> {
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
pub(super) fn new_token() -> Result<String> {
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

pub(super) fn set_tags(conn: &Connection, id: SubscriberId, tag_names: &[TagName]) -> Result<()> {
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
/// Refuses a name longer than `MAX_NAME_CHARS` characters.
fn check_name_length(name: Option<&str>) -> Result<()> {
    let max = crate::domain::MAX_NAME_CHARS;
    match name.map(|n| n.chars().count()) {
        Some(chars) if chars > max => Err(StoreError::NameTooLong { chars, max }),
        _ => Ok(()),
    }
}

pub(super) fn insert_subscriber(
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
    check_name_length(name)?;
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
    check_name_length(name.map(str::trim))?;
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

/// Corrects an address (a typo): the same subscriber keeps its id, token, tags, status and
/// dates. An address another subscriber has is refused; a change of case only is allowed.
pub fn change_subscriber_email(conn: &Connection, email: &str, new: &Email) -> Result<()> {
    let old = get_subscriber(conn, email)?;
    if get_subscriber(conn, new.as_str()).is_ok_and(|other| other.id != old.id) {
        return Err(StoreError::DuplicateEmail(new.as_str().to_string()));
    }
    conn.execute("UPDATE subscriber SET email = ?2 WHERE id = ?1", params![old.id.0, new.as_str()])?;
    Ok(())
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
