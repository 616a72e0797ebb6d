//! Sign-ups from the web: a pending confirmation per subscriber (its own token, the tags asked
//! for, when it was asked and last mailed), confirming it, and the subscriber's own links
//! (unsubscribe, preferences) found by the subscriber's token.

use rusqlite::{Connection, OptionalExtension, params};

use super::subscribers::{COLUMNS, from_row, insert_subscriber, new_token, set_tags};
use super::{Result, get_subscriber, tags};
use crate::domain::{Email, Subscriber, SubscriberStatus, TagName};

/// A confirmation waiting for its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignup {
    pub subscriber: Subscriber,
    pub token: String,
    /// The tags asked for (empty: every post).
    pub tags: Vec<String>,
    pub requested_at: i64,
    pub mailed_at: Option<i64>,
}

/// What a sign-up led to. The web page says the same whatever it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupOutcome {
    /// A confirmation mail is due: send `token` to `email`.
    Mail { email: String, token: String },
    /// The last confirmation mail to this address is too recent to send another.
    TooSoon,
    /// The address is already active: nothing to confirm.
    AlreadyActive,
}

/// What a link with a token did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOutcome {
    Done(Subscriber),
    /// It had been done before (confirmed twice, unsubscribed twice).
    AlreadyDone(Subscriber),
    /// No such token, or its time ran out.
    Unknown,
}

/// Names of existing tags matching `asked` (case-insensitive), in their stored spelling: a
/// visitor can follow tags, never create them.
pub fn existing_tags(conn: &Connection, asked: &[String]) -> Result<Vec<TagName>> {
    let mut found: Vec<TagName> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT name FROM tag WHERE name = ?1")?;
    for name in asked {
        let stored: Option<String> = stmt.query_row([name.trim()], |r| r.get(0)).optional()?;
        if let Some(tag) = stored.and_then(|s| TagName::parse(&s).ok()) {
            if !found.iter().any(|t| t.as_str().eq_ignore_ascii_case(tag.as_str())) {
                found.push(tag);
            }
        }
    }
    Ok(found)
}

fn pending_for(conn: &Connection, sub: Subscriber) -> Result<Option<PendingSignup>> {
    let row = conn
        .prepare_cached("SELECT token, tags, requested_at, mailed_at FROM signup WHERE subscriber_id = ?1")?
        .query_row([sub.id.0], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    Ok(row.map(|(token, tags, requested_at, mailed_at)| PendingSignup {
        subscriber: sub,
        token,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        requested_at,
        mailed_at,
    }))
}

/// A sign-up for `email`: a new address becomes pending; a pending or unsubscribed one gets
/// (or keeps) a confirmation waiting, with the tags now asked for. A confirmation mail is due
/// unless one went to this address less than `resend_after` seconds ago.
pub fn request_signup(
    conn: &Connection,
    email: &Email,
    tags: &[TagName],
    resend_after: i64,
    now: i64,
) -> Result<SignupOutcome> {
    let sub = match get_subscriber(conn, email.as_str()) {
        Ok(sub) => sub,
        Err(super::StoreError::SubscriberNotFound(_)) => {
            let id = insert_subscriber(conn, email, None, tags, SubscriberStatus::Pending, now)?;
            let sql = format!("SELECT {COLUMNS} FROM subscriber s WHERE s.id = ?1");
            conn.prepare_cached(&sql)?.query_row([id.0], from_row)?
        }
        Err(e) => return Err(e),
    };
    if sub.status == SubscriberStatus::Active {
        return Ok(SignupOutcome::AlreadyActive);
    }
    // A pending address follows what it last asked for; an unsubscribed one keeps its old
    // choice until it confirms.
    if sub.status == SubscriberStatus::Pending {
        set_tags(conn, sub.id, tags)?;
    }
    let names: Vec<&str> = tags.iter().map(TagName::as_str).collect();
    let tags_json = serde_json::to_string(&names).unwrap_or_else(|_| "[]".into());
    let email = sub.email.clone();
    let (token, mail_due) = match pending_for(conn, sub.clone())? {
        Some(p) => (p.token, p.mailed_at.is_none_or(|at| now - at >= resend_after)),
        None => (new_token()?, true),
    };
    conn.prepare_cached(
        "INSERT INTO signup (subscriber_id, token, tags, requested_at, mailed_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (subscriber_id) DO UPDATE SET tags = excluded.tags, requested_at = excluded.requested_at,
             mailed_at = coalesce(excluded.mailed_at, signup.mailed_at)",
    )?
    .execute(params![sub.id.0, token, tags_json, now, mail_due.then_some(now)])?;
    Ok(if mail_due { SignupOutcome::Mail { email, token } } else { SignupOutcome::TooSoon })
}

/// Confirms the sign-up whose token this is, unless it was asked for before `not_before`: the
/// address becomes active with the tags asked for, also one that had unsubscribed (its owner
/// has just asked again and confirmed).
pub fn confirm_signup(conn: &Connection, token: &str, not_before: i64, now: i64) -> Result<TokenOutcome> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT subscriber_id FROM signup WHERE token = ?1 AND requested_at >= ?2")?
        .query_row(params![token, not_before], |r| r.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(TokenOutcome::Unknown) };
    let sql = format!("SELECT {COLUMNS} FROM subscriber s WHERE s.id = ?1");
    let sub = conn.prepare_cached(&sql)?.query_row([id], from_row)?;
    let Some(pending) = pending_for(conn, sub)? else { return Ok(TokenOutcome::Unknown) };
    conn.prepare_cached("DELETE FROM signup WHERE subscriber_id = ?1")?.execute([id])?;
    let sub = pending.subscriber;
    if sub.status == SubscriberStatus::Active {
        return Ok(TokenOutcome::AlreadyDone(sub));
    }
    conn.prepare_cached(
        "UPDATE subscriber SET status = 'active', confirmed_at = ?2, unsubscribed_at = NULL WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    set_tags(conn, sub.id, &existing_tags(conn, &pending.tags)?)?;
    Ok(TokenOutcome::Done(get_subscriber(conn, &sub.email)?))
}

/// The subscriber whose (unsubscribe and preferences) token this is.
pub fn subscriber_by_token(conn: &Connection, token: &str) -> Result<Option<Subscriber>> {
    let sql = format!("SELECT {COLUMNS} FROM subscriber s WHERE s.token = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([token], from_row).optional()?)
}

/// Unsubscribes the owner of `token` at once; a confirmation still waiting is dropped with it.
pub fn unsubscribe_by_token(conn: &Connection, token: &str, now: i64) -> Result<TokenOutcome> {
    let Some(sub) = subscriber_by_token(conn, token)? else { return Ok(TokenOutcome::Unknown) };
    conn.prepare_cached("DELETE FROM signup WHERE subscriber_id = ?1")?.execute([sub.id.0])?;
    if sub.status == SubscriberStatus::Unsubscribed {
        return Ok(TokenOutcome::AlreadyDone(sub));
    }
    conn.prepare_cached("UPDATE subscriber SET status = 'unsubscribed', unsubscribed_at = ?2 WHERE id = ?1")?
        .execute(params![sub.id.0, now])?;
    Ok(TokenOutcome::Done(get_subscriber(conn, &sub.email)?))
}

/// Sets the tags the owner of `token` follows (existing tags only; none: every post). The
/// status is left alone: choosing tags never subscribes anyone.
pub fn set_tags_by_token(conn: &Connection, token: &str, asked: &[String]) -> Result<Option<Subscriber>> {
    let Some(sub) = subscriber_by_token(conn, token)? else { return Ok(None) };
    set_tags(conn, sub.id, &existing_tags(conn, asked)?)?;
    Ok(Some(get_subscriber(conn, &sub.email)?))
}

/// Forgets sign-ups asked for before `cutoff` and never confirmed: a pending address that came
/// from the web is removed (the editor's own pending addresses have no sign-up row and stay);
/// an unsubscribed one just loses the waiting confirmation. Returns how many addresses went.
pub fn expire_signups(conn: &Connection, cutoff: i64) -> Result<usize> {
    let removed = conn
        .prepare_cached(
            "DELETE FROM subscriber WHERE status = 'pending' AND confirmed_at IS NULL AND id IN
                 (SELECT subscriber_id FROM signup WHERE requested_at < ?1)",
        )?
        .execute([cutoff])?;
    conn.prepare_cached("DELETE FROM signup WHERE requested_at < ?1")?.execute([cutoff])?;
    Ok(removed)
}

/// The sign-up waiting for `email`, if any (for the CLI and tests).
pub fn pending_signup(conn: &Connection, email: &str) -> Result<Option<PendingSignup>> {
    match get_subscriber(conn, email) {
        Ok(sub) => pending_for(conn, sub),
        Err(super::StoreError::SubscriberNotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every tag's name, for the preferences page.
pub fn tag_names(conn: &Connection) -> Result<Vec<String>> {
    Ok(tags::list_tags(conn)?.into_iter().map(|t| t.name).collect())
}
