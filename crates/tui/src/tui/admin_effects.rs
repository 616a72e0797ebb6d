//! The editor's writes: posts from the compose pane, tags, subscribers, CSV files, clipboard.

use std::collections::VecDeque;
use std::io::Write;

use crate::app::Action;
use crate::app::form::FieldId;
use crate::app::keymap::{self, TableId};
use crate::app::{Msg, PostFields, Reload, WriteEffect};
use byline_core::domain::{NewPost, PostId, ValidationError};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, PostChanges, Store, StoreError};
use byline_core::transfer::subscribers_csv;

use super::effects::Runner;

/// The compose field a store error is about, so the message appears on that field.
fn field_of(e: &StoreError) -> Option<FieldId> {
    match e {
        StoreError::SlugTaken(_) | StoreError::Invalid(ValidationError::BadSlug(_)) => Some(FieldId::Slug),
        StoreError::Invalid(ValidationError::BadAuthor(_)) => Some(FieldId::Author),
        StoreError::Invalid(ValidationError::BadTag(_)) | StoreError::TagNotFound(_) => Some(FieldId::Tags),
        StoreError::Invalid(ValidationError::EmptyTitle | ValidationError::TitleTooLong(_)) => Some(FieldId::Title),
        StoreError::DuplicateEmail(_) | StoreError::Invalid(ValidationError::BadEmail(..)) => Some(FieldId::Email),
        StoreError::TagExists(_) => Some(FieldId::NewName),
        _ => None,
    }
}

fn done(message: impl Into<String>, reload: Reload) -> Msg {
    Msg::Done { message: message.into(), reload }
}

/// `~/x` as the home directory's x; other paths as given (relative to where byline started).
fn expand(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

fn save_post(
    store: &mut Store,
    id: Option<PostId>,
    post: &PostFields,
    publish: Option<bool>,
) -> Result<Msg, StoreError> {
    let id = store.write(|tx, now| {
        let id = match id {
            None => store::add_post(
                tx,
                &NewPost {
                    title: post.title.clone(),
                    slug: post.slug.clone(),
                    author: post.author.clone(),
                    tags: post.tags.clone(),
                    summary: post.summary.clone(),
                    body: post.body.clone(),
                    publish_at: None,
                    created_at: None,
                },
                now,
            )?,
            Some(id) => {
                let changes = PostChanges {
                    title: Some(post.title.clone()),
                    slug: post.slug.clone(),
                    summary: Some(post.summary.clone()),
                    body: Some(post.body.clone()),
                    author: Some(post.author.clone()),
                    tags: Some(post.tags.clone()),
                };
                store::update_post(tx, id, &changes, now)?;
                id
            }
        };
        match publish {
            Some(true) => {
                store::publish_post(tx, id, None, now)?;
            }
            Some(false) => {
                store::unpublish_post(tx, id, now)?;
            }
            None => {}
        }
        // Saved for real: the autosaved copy is no longer needed, in the same transaction.
        store::clear_autosave(tx)?;
        Ok(id)
    })?;
    let status = store::get_post(store.conn(), id, store.now())?.meta.status;
    Ok(Msg::Saved { id, status })
}

/// OSC 52: most terminals (and tmux with set-clipboard) put this text on the system clipboard.
fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Runner {
    /// CSV import: a write, inline for now (the job runner will take it).
    pub(super) fn import_csv(&mut self, path: &str, queue: &mut VecDeque<Msg>) {
        self.count = None;
        queue.push_back(import(&mut self.store, path));
    }

    pub(super) fn export_csv(&self, path: &str, queue: &mut VecDeque<Msg>) {
        queue.push_back(export(&self.store, path));
    }

    pub(super) fn copy(&self, text: &str, queue: &mut VecDeque<Msg>) {
        if let Err(e) = copy_to_clipboard(text) {
            queue.push_back(Msg::Error(format!("cannot copy: {e}")));
        }
    }

    /// Runs a write; results and errors go back on the queue.
    pub fn run_write(&mut self, effect: WriteEffect, queue: &mut VecDeque<Msg>) -> Result<(), StoreError> {
        // Any write may change how many posts a filter matches.
        self.count = None;
        let store = &mut self.store;
        let msg = match effect {
            WriteEffect::SavePost { id, post, publish } => match save_post(store, id, &post, publish) {
                Ok(msg) => msg,
                Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
            },
            WriteEffect::SetPublished(id, publish) => {
                let status = store.write(|tx, now| {
                    if publish {
                        store::publish_post(tx, id, None, now)
                    } else {
                        store::unpublish_post(tx, id, now).map(|_| byline_core::domain::PostStatus::Draft)
                    }
                })?;
                done(format!("the post is now {}", status.as_str()), Reload::Posts)
            }
            WriteEffect::TrashPost(id) => {
                let t = store.write(|tx, now| store::trash_post(tx, id, now))?;
                let undo = keymap::key_for(TableId::Reader, &Action::Undo);
                done(format!("moved '{}' to the trash; {undo} undoes", sanitize_line(&t.title)), Reload::Posts)
            }
            WriteEffect::RestoreLastTrashed => match store.write(|tx, now| store::restore_post(tx, None, now)) {
                Ok(id) => {
                    let p = store::get_post(store.conn(), id, store.now())?;
                    done(format!("restored '{}'", sanitize_line(&p.meta.title)), Reload::Posts)
                }
                Err(StoreError::Refused(why)) => Msg::Error(why),
                Err(e) => return Err(e),
            },
            WriteEffect::SetPostTags(id, tags) => match store.write(|tx, _| store::set_post_tags(tx, id, &tags)) {
                Ok(()) => done("tags saved", Reload::Posts),
                Err(e) => Msg::FormError { field: Some(FieldId::Tags), message: e.to_string() },
            },
            WriteEffect::Autosave(draft) => {
                store.write(|tx, now| store::save_autosave(tx, &draft, now))?;
                return Ok(());
            }
            WriteEffect::ClearAutosave => {
                store.write(|tx, _| store::clear_autosave(tx))?;
                return Ok(());
            }
            WriteEffect::RenameTag(from, to) => match store.write(|tx, _| store::rename_tag(tx, &from, &to)) {
                Ok(()) => done(
                    format!("renamed '{}' to '{}'", sanitize_line(&from), sanitize_line(to.as_str())),
                    Reload::Tags,
                ),
                Err(e) => Msg::FormError { field: Some(FieldId::NewName), message: e.to_string() },
            },
            WriteEffect::MergeTag(from, into) => match store.write(|tx, _| store::merge_tags(tx, &from, &into)) {
                Ok(n) => done(
                    format!("merged '{}' into '{}' ({n} posts)", sanitize_line(&from), sanitize_line(&into)),
                    Reload::Tags,
                ),
                Err(e) => Msg::FormError { field: Some(FieldId::Into), message: e.to_string() },
            },
            WriteEffect::DeleteTag(name) => match store.write(|tx, _| store::delete_tag(tx, &name, false)) {
                Ok(n) => done(format!("deleted '{}' from {n} post(s)", sanitize_line(&name)), Reload::Tags),
                Err(StoreError::Refused(why)) => {
                    let merge = keymap::key_for(TableId::Tags, &Action::Merge);
                    Msg::Error(format!("{why} (or merge it into another tag with {merge})"))
                }
                Err(e) => return Err(e),
            },
            WriteEffect::AddSubscriber { email, name, tags, status } => {
                match store.write(|tx, now| store::add_subscriber(tx, &email, name.as_deref(), &tags, status, now)) {
                    Ok(_) => done(format!("added {}", email.as_str()), Reload::Subscribers),
                    Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
                }
            }
            WriteEffect::UpdateSubscriber { email, name, tags, status } => {
                match store.write(|tx, now| store::update_subscriber(tx, &email, name.as_deref(), &tags, status, now)) {
                    Ok(()) => done(format!("saved {email}"), Reload::Subscribers),
                    Err(e) => Msg::FormError {
                        field: Some(FieldId::Status).filter(|_| matches!(e, StoreError::Refused(_))),
                        message: e.to_string(),
                    },
                }
            }
            WriteEffect::UnsubscribeSubscriber(email) => {
                let changed = store.write(|tx, now| store::unsubscribe_subscriber(tx, &email, now))?;
                let what = if changed { "is unsubscribed" } else { "had already unsubscribed" };
                done(format!("{} {what}", sanitize_line(&email)), Reload::Subscribers)
            }
            WriteEffect::MarkRead(id, read) => {
                store.write(|tx, now| store::mark_read(tx, id, read, now))?;
                return Ok(());
            }
            WriteEffect::SavePosition(id) => {
                let value = id.map(|i| i.0.to_string()).unwrap_or_default();
                store.write(|tx, _| store::set_setting(tx, "last_post", &value))?;
                return Ok(());
            }
            WriteEffect::SaveArticleScroll(id, scroll) => {
                store.write(|tx, _| store::set_setting(tx, "last_scroll", &format!("{}:{scroll}", id.0)))?;
                return Ok(());
            }
            WriteEffect::RemoveSubscriber(email) => {
                store.write(|tx, _| store::remove_subscriber(tx, &email))?;
                done(format!("removed {}", sanitize_line(&email)), Reload::Subscribers)
            }
        };
        queue.push_back(msg);
        Ok(())
    }
}

fn import(store: &mut Store, path: &str) -> Msg {
    let file = match std::fs::File::open(expand(path)) {
        Ok(f) => f,
        Err(e) => return Msg::FormError { field: Some(FieldId::Path), message: format!("{path}: {e}") },
    };
    let (rows, mut bad) = match subscribers_csv::parse(file) {
        Ok(parsed) => parsed,
        Err(e) => return Msg::FormError { field: Some(FieldId::Path), message: e.to_string() },
    };
    let outcome = match store.write(|tx, now| store::import_subscribers(tx, &rows, now)) {
        Ok(o) => o,
        Err(e) => return Msg::FormError { field: Some(FieldId::Path), message: e.to_string() },
    };
    bad.extend(outcome.skipped.iter().cloned());
    bad.sort();
    let mut message = format!(
        "imported: {} added, {} updated, {} unchanged, {} skipped",
        outcome.added,
        outcome.updated,
        outcome.unchanged,
        bad.len()
    );
    let reasons: Vec<String> =
        bad.iter().take(3).map(|(line, why)| format!("line {line}: {}", sanitize_line(why))).collect();
    if !reasons.is_empty() {
        message += &format!(" ({}{})", reasons.join("; "), if bad.len() > 3 { "; …" } else { "" });
    }
    done(message, Reload::Subscribers)
}

fn export(store: &Store, path: &str) -> Msg {
    let subs = match store::list_subscribers(store.conn(), None) {
        Ok(s) => s,
        Err(e) => return Msg::Error(e.to_string()),
    };
    let target = expand(path);
    let file = if target.exists() { std::fs::File::create(&target) } else { store::create_private_file(&target) };
    let result =
        file.map_err(|e| e.to_string()).and_then(|f| subscribers_csv::write(f, &subs).map_err(|e| e.to_string()));
    match result {
        Ok(()) => done(format!("exported {} subscriber(s) to {}", subs.len(), target.display()), Reload::Subscribers),
        Err(e) => Msg::FormError { field: Some(FieldId::Path), message: format!("{path}: {e}") },
    }
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, out) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), out);
        }
    }
}
