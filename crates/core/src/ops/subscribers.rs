//! Subscribers: add, edit, confirm, unsubscribe, remove. CSV import and export are in `subscribers_csv`.

use super::{Changed, Result};
use crate::domain::{Email, Subscriber, SubscriberStatus, TagName};
use crate::store::{self, Store};

/// Adds an address; returns it as stored. A known address is refused (`DuplicateEmail`).
pub fn add_subscriber(
    store: &mut Store,
    email: &Email,
    name: Option<&str>,
    tags: &[TagName],
    status: SubscriberStatus,
) -> Result<Subscriber> {
    Ok(store.write(|tx, now| {
        store::add_subscriber(tx, email, name, tags, status, now)?;
        store::get_subscriber(tx, email.as_str())
    })?)
}

/// An editor's change of name, followed tags and status. An address whose owner unsubscribed is
/// not re-activated (`ResubscribeRefused`).
pub fn update_subscriber(
    store: &mut Store,
    email: &str,
    name: Option<&str>,
    tags: &[TagName],
    status: SubscriberStatus,
) -> Result<Subscriber> {
    Ok(store.write(|tx, now| {
        store::update_subscriber(tx, email, name, tags, status, now)?;
        store::get_subscriber(tx, email)
    })?)
}

/// What an edit changes; `None` keeps the field as it is.
#[derive(Debug, Clone, Default)]
pub struct SubscriberChange {
    /// A corrected address.
    pub email: Option<Email>,
    /// A new name; an empty one clears it.
    pub name: Option<String>,
    /// The tags to follow instead (empty: every post).
    pub tags: Option<Vec<TagName>>,
    pub status: Option<SubscriberStatus>,
}

/// Changes some of a subscriber's fields in one transaction, the others kept as they are (the
/// CLI's `subscriber edit`). The rules of `update_subscriber` hold, and a corrected address
/// must not be another subscriber's.
pub fn edit_subscriber(store: &mut Store, email: &str, change: &SubscriberChange) -> Result<Subscriber> {
    Ok(store.write(|tx, now| {
        let old = store::get_subscriber(tx, email)?;
        let name = change.name.as_deref().or(old.name.as_deref());
        let tags = match &change.tags {
            Some(tags) => tags.clone(),
            None => TagName::parse_all(&old.tags)?,
        };
        let status = change.status.unwrap_or(old.status);
        store::update_subscriber(tx, &old.email, name, &tags, status, now)?;
        match &change.email {
            Some(new) => {
                store::change_subscriber_email(tx, &old.email, new)?;
                store::get_subscriber(tx, new.as_str())
            }
            None => store::get_subscriber(tx, &old.email),
        }
    })?)
}

/// Activates a pending address; `changed` is false when it already was active.
pub fn confirm_subscriber(store: &mut Store, email: &str) -> Result<Changed<Subscriber>> {
    Ok(store.write(|tx, now| {
        let changed = store::confirm_subscriber(tx, email, now)?;
        Ok(Changed { changed, item: store::get_subscriber(tx, email)? })
    })?)
}

/// Marks an address unsubscribed; `changed` is false when it already was.
pub fn unsubscribe_subscriber(store: &mut Store, email: &str) -> Result<Changed<Subscriber>> {
    Ok(store.write(|tx, now| {
        let changed = store::unsubscribe_subscriber(tx, email, now)?;
        Ok(Changed { changed, item: store::get_subscriber(tx, email)? })
    })?)
}

/// Deletes an address entirely; returns it as it was.
pub fn remove_subscriber(store: &mut Store, email: &str) -> Result<Subscriber> {
    Ok(store.write(|tx, _| {
        let sub = store::get_subscriber(tx, email)?;
        store::remove_subscriber(tx, email)?;
        Ok(sub)
    })?)
}
