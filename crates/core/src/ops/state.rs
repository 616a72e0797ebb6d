//! The reader's own state: read marks, settings (last position, blog title), the compose autosave.

use super::Result;
use crate::domain::PostId;
use crate::store::{self, Draft, Store};

/// Marks a post read or unread.
pub fn mark_read(store: &mut Store, id: PostId, read: bool) -> Result<()> {
    Ok(store.write(|tx, now| store::mark_read(tx, id, read, now))?)
}

/// Marks every post the list filter shows read, in one transaction (the reader's "mark all
/// read": a tag's posts, an author's, or the whole blog). Returns how many were unread.
pub fn mark_all_read(store: &mut Store, filter: &store::ListFilter) -> Result<usize> {
    Ok(store.write(|tx, now| store::mark_filter_read(tx, filter, now))?)
}

/// Marks these posts read in one transaction (the search results on screen). Returns how many
/// were unread.
pub fn mark_posts_read(store: &mut Store, ids: &[PostId]) -> Result<usize> {
    Ok(store.write(|tx, now| store::mark_ids_read(tx, ids, now))?)
}

/// Sets a setting (e.g. `last_post`, `blog_title`); reads stay `store::get_setting`.
pub fn set_setting(store: &mut Store, key: &str, value: &str) -> Result<()> {
    Ok(store.write(|tx, _| store::set_setting(tx, key, value))?)
}

/// The blog's title, shown in the reader's header.
pub fn set_blog_title(store: &mut Store, title: &str) -> Result<()> {
    set_setting(store, "blog_title", title.trim())
}

/// The blog's title and description, either or both, in one transaction (the CLI's `byline
/// blog` and the TUI's blog form).
pub fn set_blog(store: &mut Store, title: Option<&str>, description: Option<&str>) -> Result<()> {
    Ok(store.write(|tx, _| {
        if let Some(t) = title {
            store::set_setting(tx, "blog_title", t.trim())?;
        }
        if let Some(d) = description {
            store::set_setting(tx, "blog_description", d.trim())?;
        }
        Ok(())
    })?)
}

/// Keeps what the compose pane holds, valid or not, so a crash loses nothing.
pub fn save_autosave(store: &mut Store, draft: &Draft) -> Result<()> {
    Ok(store.write(|tx, now| store::save_autosave(tx, draft, now))?)
}

/// The autosaved draft and when it was saved, if one is waiting.
pub fn load_autosave(store: &Store) -> Result<Option<(Draft, i64)>> {
    Ok(store::load_autosave(store.conn())?)
}

/// Forgets the autosaved draft (the person discarded it).
pub fn clear_autosave(store: &mut Store) -> Result<()> {
    Ok(store.write(|tx, _| store::clear_autosave(tx))?)
}
