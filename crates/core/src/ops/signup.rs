//! Signing up on the web and the links in emails: sign up, confirm (a POST, never the link
//! itself), unsubscribe in one click, choose the tags followed, and expire what was never confirmed.

use super::Result;
use crate::domain::{Email, Subscriber};
use crate::store::{self, SignupOutcome, Store, TokenOutcome};

/// The rules of sign-ups, from the config's `[signup]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignupRules {
    /// No second confirmation mail to one address sooner than this, in seconds.
    pub resend_after: i64,
    /// An unconfirmed sign-up is forgotten after this, in seconds.
    pub expire_after: i64,
}

impl Default for SignupRules {
    fn default() -> Self {
        SignupRules { resend_after: 10 * 60, expire_after: 72 * 3600 }
    }
}

/// What the preferences page shows: the subscriber and every tag there is to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    pub subscriber: Subscriber,
    pub all_tags: Vec<String>,
}

/// A sign-up from the web form; unknown tags are ignored (visitors cannot create tags). The
/// outcome says whether a confirmation mail is due; the visitor is told the same in every case.
pub fn subscriber_signup(
    store: &mut Store,
    email: &Email,
    tags: &[String],
    rules: SignupRules,
) -> Result<SignupOutcome> {
    Ok(store.write(|tx, now| {
        let tags = store::existing_tags(tx, tags)?;
        store::request_signup(tx, email, &tags, rules.resend_after, now)
    })?)
}

/// Confirms a sign-up by its token (from the confirmation mail), unless it has expired.
pub fn confirm(store: &mut Store, token: &str, rules: SignupRules) -> Result<TokenOutcome> {
    Ok(store.write(|tx, now| store::confirm_signup(tx, token, now - rules.expire_after, now))?)
}

/// Unsubscribes the owner of a subscriber token at once (RFC 8058 one-click, or the page's button).
pub fn unsubscribe_by_token(store: &mut Store, token: &str) -> Result<TokenOutcome> {
    Ok(store.write(|tx, now| store::unsubscribe_by_token(tx, token, now))?)
}

/// The preferences of the owner of a subscriber token, or None for an unknown token.
pub fn preferences(store: &Store, token: &str) -> Result<Option<Preferences>> {
    let Some(subscriber) = store::subscriber_by_token(store.conn(), token)? else { return Ok(None) };
    Ok(Some(Preferences { subscriber, all_tags: store::tag_names(store.conn())? }))
}

/// Saves the tags the owner of a token follows (none: every post); returns the page afresh.
pub fn set_preferences(store: &mut Store, token: &str, tags: &[String]) -> Result<Option<Preferences>> {
    Ok(store.write(|tx, _| {
        let Some(subscriber) = store::set_tags_by_token(tx, token, tags)? else { return Ok(None) };
        Ok(Some(Preferences { subscriber, all_tags: store::tag_names(tx)? }))
    })?)
}

/// Forgets sign-ups older than the rules allow; returns how many pending addresses went.
pub fn expire_signups(store: &mut Store, rules: SignupRules) -> Result<usize> {
    Ok(store.write(|tx, now| store::expire_signups(tx, now - rules.expire_after))?)
}
