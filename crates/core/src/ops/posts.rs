//! Posts: add, edit, save from the compose pane, publish or schedule, unpublish, trash, restore, tag, read marks.

use super::{Changed, Result};
use crate::domain::{NewPost, Post, PostId, PostStatus, PostSummary, Slug, TagName, Title};
use crate::store::{self, PostChanges, Store};

/// A post's editable fields, validated (the compose pane's form, once it parses).
#[derive(Debug, Clone, PartialEq)]
pub struct PostFields {
    pub title: Title,
    /// None: keep the slug (or derive one for a new post).
    pub slug: Option<Slug>,
    pub author: Option<String>,
    pub tags: Vec<TagName>,
    pub summary: String,
    pub body: String,
}

/// What saving from the compose pane produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub id: PostId,
    pub status: PostStatus,
}

/// Adds a post: a draft, or published when `publish` (at `at` when given: a future time schedules).
pub fn add_post(store: &mut Store, new: &NewPost, publish: bool, at: Option<i64>) -> Result<Post> {
    Ok(store.write(|tx, now| {
        let id = store::add_post(tx, new, now)?;
        if publish {
            store::publish_post(tx, id, at, now)?;
        }
        store::get_post(tx, id, now)
    })?)
}

/// Applies field edits; `changed` is false when nothing differed.
pub fn update_post(store: &mut Store, id: PostId, changes: &PostChanges) -> Result<Changed<Post>> {
    Ok(store.write(|tx, now| {
        store::feeds::ensure_own_post(tx, id)?;
        let changed = store::update_post(tx, id, changes, now)?;
        Ok(Changed { changed, item: store::get_post(tx, id, now)? })
    })?)
}

/// Saves the compose pane: creates the post (`id` None) or replaces its fields, then publishes it
/// when `publish` says when (a live post stays live with its date; a scheduled one takes the
/// new time), and clears the autosave. Saving never unpublishes. All in one transaction: if any
/// step fails, the post, its status and the autosave are as they were.
pub fn save_post(store: &mut Store, id: Option<PostId>, fields: &PostFields, publish: Option<When>) -> Result<Saved> {
    Ok(store.write(|tx, now| {
        let id = match id {
            None => store::add_post(tx, &new_post(fields), now)?,
            Some(id) => {
                store::feeds::ensure_own_post(tx, id)?;
                store::update_post(tx, id, &changes(fields), now)?;
                id
            }
        };
        if let Some(when) = publish {
            let at = match when {
                When::Now => now,
                When::At(at) => at,
                When::FirstDate => store::get_post(tx, id, now)?.meta.first_published_at.unwrap_or(now),
            };
            store::publish_post(tx, id, Some(at), now)?;
        }
        // Saved for real: the autosaved copy is no longer needed.
        store::clear_autosave(tx)?;
        let status = store::get_post(tx, id, now)?.meta.status;
        Ok(Saved { id, status })
    })?)
}

fn new_post(fields: &PostFields) -> NewPost {
    NewPost {
        title: fields.title.clone(),
        slug: fields.slug.clone(),
        author: fields.author.clone(),
        tags: fields.tags.clone(),
        summary: fields.summary.clone(),
        body: fields.body.clone(),
        publish_at: None,
        created_at: None,
    }
}

/// Every field replaced; a `None` slug keeps the stored one.
fn changes(fields: &PostFields) -> PostChanges {
    PostChanges {
        title: Some(fields.title.clone()),
        slug: fields.slug.clone(),
        summary: Some(fields.summary.clone()),
        body: Some(fields.body.clone()),
        author: Some(fields.author.clone()),
        tags: Some(fields.tags.clone()),
    }
}

/// When `publish_post` dates a post that is not live yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Now.
    Now,
    /// At this time; a future one schedules.
    At(i64),
    /// The date it first went live, for a post published before; now for one never published.
    FirstDate,
}

/// What `publish_post` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The post afterwards: its status says published or scheduled.
    pub post: Post,
    /// False when it was already live and stayed as it was.
    pub changed: bool,
    /// It was scheduled for this time, and now is published (or scheduled) otherwise.
    pub was_scheduled_for: Option<i64>,
    /// It went live again with the date it first had.
    pub first_date_restored: bool,
}

/// Publishes a post that is not live: now, at a time (a future one schedules), or at its first
/// date. Idempotent: a live post stays as it is, with its date.
pub fn publish_post(store: &mut Store, id: PostId, when: When) -> Result<Published> {
    Ok(store.write(|tx, now| {
        store::feeds::ensure_own_post(tx, id)?;
        let before = store::get_post(tx, id, now)?.meta;
        let (at, first_date_restored) = match (when, before.first_published_at) {
            (When::Now, _) | (When::FirstDate, None) => (now, false),
            (When::At(at), _) => (at, false),
            (When::FirstDate, Some(first)) => (first, true),
        };
        let changed = store::publish_post(tx, id, Some(at), now)?;
        let post = store::get_post(tx, id, now)?;
        let was_scheduled_for = (before.status == PostStatus::Scheduled && changed).then_some(before.shown_at());
        Ok(Published { post, changed, was_scheduled_for, first_date_restored: changed && first_date_restored })
    })?)
}

/// Turns a post back into a draft; `changed` is false when it already was one. Its first
/// publication date is kept, for `When::FirstDate`.
pub fn unpublish_post(store: &mut Store, id: PostId) -> Result<Changed<Post>> {
    Ok(store.write(|tx, now| {
        store::feeds::ensure_own_post(tx, id)?;
        let changed = store::unpublish_post(tx, id, now)?;
        Ok(Changed { changed, item: store::get_post(tx, id, now)? })
    })?)
}

/// Moves a post to the trash (restorable for `store::TRASH_DAYS`); returns it as it was.
pub fn trash_post(store: &mut Store, id: PostId) -> Result<Post> {
    Ok(store.write(|tx, now| {
        store::feeds::ensure_own_post(tx, id)?;
        let post = store::get_post(tx, id, now)?;
        store::trash_post(tx, id, now)?;
        Ok(post)
    })?)
}

/// Restores the most recently trashed post, or the one named by its old id or slug.
pub fn restore_post(store: &mut Store, which: Option<&str>) -> Result<Post> {
    Ok(store.write(|tx, now| {
        let id = store::restore_post(tx, which, now)?;
        store::get_post(tx, id, now)
    })?)
}

/// Replaces a post's tags (new tags are created).
pub fn set_tags(store: &mut Store, id: PostId, tags: &[TagName]) -> Result<()> {
    Ok(store.write(|tx, _| store::set_post_tags(tx, id, tags))?)
}

/// Adds tags (new tags are created); returns how many the post did not have, and the post.
pub fn add_tags(store: &mut Store, id: PostId, tags: &[TagName]) -> Result<(usize, Post)> {
    Ok(store.write(|tx, now| {
        let added = store::tag_post(tx, id, tags)?;
        Ok((added, store::get_post(tx, id, now)?))
    })?)
}

/// Removes tags; every one must be on the post, or nothing is removed.
pub fn remove_tags(store: &mut Store, id: PostId, tags: &[TagName]) -> Result<Post> {
    Ok(store.write(|tx, now| {
        store::untag_post(tx, id, tags)?;
        store::get_post(tx, id, now)
    })?)
}

/// A post with up to `related` similar posts, read at one moment.
pub fn show_post(store: &Store, id: PostId, related: usize) -> Result<(Post, Vec<PostSummary>)> {
    let now = store.now();
    let post = store::get_post(store.conn(), id, now)?;
    let similar = store::related_posts(store.conn(), id, related, now)?;
    Ok((post, similar))
}
