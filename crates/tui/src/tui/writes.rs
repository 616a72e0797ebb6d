//! Store writes, each answered by the message `update` expects. Pure over a connection: the
//! runtime runs them on its writes lane, `Headless` inline.

use crate::app::form::FieldId;
use crate::app::keymap::{self, TableId};
use crate::app::{Action, Msg, Reload, WriteEffect};
use byline_core::domain::{PostStatus, ValidationError, time};
use byline_core::ops::{OpsError, posts, state, subscribers, tags};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{Store, StoreError};

/// The form field an error is about, so the message appears on that field.
fn field_of(e: &OpsError) -> Option<FieldId> {
    let invalid = match e {
        OpsError::Invalid(v) => Some(v),
        _ => match e.store_error() {
            Some(StoreError::Invalid(v)) => Some(v),
            _ => None,
        },
    };
    match (e.store_error(), invalid) {
        (Some(StoreError::SlugTaken(_)), _) | (_, Some(ValidationError::BadSlug(_))) => Some(FieldId::Slug),
        (_, Some(ValidationError::BadAuthor(_))) => Some(FieldId::Author),
        (Some(StoreError::TagNotFound(_)), _) | (_, Some(ValidationError::BadTag(_))) => Some(FieldId::Tags),
        (_, Some(ValidationError::EmptyTitle | ValidationError::TitleTooLong(_))) => Some(FieldId::Title),
        (Some(StoreError::DuplicateEmail(_)), _) | (_, Some(ValidationError::BadEmail(..))) => Some(FieldId::Email),
        (Some(StoreError::TagExists(_)), _) => Some(FieldId::NewName),
        _ => None,
    }
}

/// How long a compose save (or autosave) waits for another program's write lock: a moment, so
/// Ctrl-S answers while the person waits and the text stays in the pane. Other writes wait the
/// lock out on their lane (the status bar says they wait).
const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The lock wait a write needs instead of the lane's own, if any.
pub(super) fn lock_wait(effect: &WriteEffect) -> Option<std::time::Duration> {
    matches!(effect, WriteEffect::SavePost { .. } | WriteEffect::Autosave(_)).then_some(SAVE_WAIT)
}

/// What "mark all read" did.
fn marked(n: usize) -> String {
    match n {
        0 => "nothing to mark: all were read already".to_string(),
        1 => "marked 1 post read".to_string(),
        n => format!("marked {n} posts read"),
    }
}

pub(super) fn done(message: impl Into<String>, reload: Reload) -> Msg {
    Msg::Done { message: message.into(), reload }
}

/// A post's title quoted for a message, so the editor sees which post a key acted on.
fn title_of(store: &Store, id: byline_core::domain::PostId) -> String {
    match byline_core::store::get_post(store.conn(), id, store.now()) {
        Ok(p) => format!("'{}'", sanitize_line(&p.meta.title)),
        Err(_) => format!("post {}", id.0),
    }
}

/// `~/x` as the home directory's x; other paths as given (relative to where byline started).
pub(super) fn expand(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// Carries out one write; the message to send back, if the write has one. Failures come back as
/// messages too (on the form field at fault where there is one).
pub fn apply(store: &mut Store, effect: WriteEffect) -> Option<Msg> {
    match try_apply(store, effect) {
        Ok(msg) => msg,
        Err(e) => Some(Msg::Error(super::advice::message(&e))),
    }
}

fn try_apply(store: &mut Store, effect: WriteEffect) -> Result<Option<Msg>, OpsError> {
    let msg = match effect {
        WriteEffect::SavePost { id, post, publish } => match posts::save_post(store, id, &post, publish) {
            Ok(saved) => Msg::Saved { id: saved.id, status: saved.status },
            Err(e) => {
                // A field's own error is shown on it; any other (a lock, a read-only file, a full
                // disk) is shown on the pane, which keeps the text.
                let field = field_of(&e);
                let advice = super::advice::message(&e);
                let message = if field.is_some() { advice } else { format!("not saved: {advice}") };
                Msg::FormError { field, message }
            }
        },
        WriteEffect::Publish(id, when) => done(published(&posts::publish_post(store, id, when)?), Reload::Posts),
        WriteEffect::Unpublish(id) => {
            let byline_core::ops::Changed { changed, item } = posts::unpublish_post(store, id)?;
            let title = sanitize_line(&item.meta.title);
            let message =
                if changed { format!("'{title}' is now a draft") } else { format!("'{title}' was already a draft") };
            done(message, Reload::Posts)
        }
        WriteEffect::SetBlog { title, description } => {
            state::set_blog(store, Some(&title), Some(&description))?;
            Msg::BlogSaved { title: title.trim().to_string() }
        }
        WriteEffect::TrashPost(id) => {
            let t = posts::trash_post(store, id)?;
            let undo = keymap::key_for(TableId::Reader, &Action::Undo);
            done(format!("moved '{}' to the trash; {undo} undoes", sanitize_line(&t.meta.title)), Reload::Posts)
        }
        WriteEffect::RestoreLastTrashed => match posts::restore_post(store, None) {
            Ok(p) => done(format!("restored '{}'", sanitize_line(&p.meta.title)), Reload::Posts),
            Err(e) if matches!(e.store_error(), Some(StoreError::TrashEmpty | StoreError::NotInTrash(_))) => {
                Msg::Error(super::advice::message(&e))
            }
            Err(e) => return Err(e),
        },
        WriteEffect::SetPostTags(id, tags) => match posts::set_tags(store, id, &tags) {
            Ok(()) => done(format!("saved the tags of {}", title_of(store, id)), Reload::Posts),
            Err(e) => Msg::FormError { field: Some(FieldId::Tags), message: super::advice::message(&e) },
        },
        WriteEffect::Autosave(draft) => match state::save_autosave(store, &draft) {
            Ok(()) => return Ok(None),
            Err(e) => Msg::Error(format!("not autosaved: {e}")),
        },
        WriteEffect::ClearAutosave => return state::clear_autosave(store).map(|()| None),
        WriteEffect::MarkRead(id, read) => return state::mark_read(store, id, read).map(|()| None),
        WriteEffect::MarkAllRead(filter) => {
            return state::mark_all_read(store, &filter).map(|n| Some(done(marked(n), Reload::Posts)));
        }
        WriteEffect::MarkPostsRead(ids) => {
            return state::mark_posts_read(store, &ids).map(|n| Some(done(marked(n), Reload::Posts)));
        }
        WriteEffect::SavePosition(id) => {
            let value = id.map(|i| i.0.to_string()).unwrap_or_default();
            return state::set_setting(store, "last_post", &value).map(|()| None);
        }
        WriteEffect::SaveArticleScroll(id, scroll) => {
            return state::set_setting(store, "last_scroll", &format!("{}:{scroll}", id.0)).map(|()| None);
        }
        WriteEffect::RenameTag(from, to) => match tags::rename_tag(store, &from, &to) {
            Ok(()) => {
                done(format!("renamed '{}' to '{}'", sanitize_line(&from), sanitize_line(to.as_str())), Reload::Tags)
            }
            Err(e) => Msg::FormError { field: Some(FieldId::NewName), message: super::advice::message(&e) },
        },
        WriteEffect::MergeTag(from, into) => match tags::merge_tags(store, &from, &into) {
            Ok(n) => done(
                format!("merged '{}' into '{}' ({n} posts)", sanitize_line(&from), sanitize_line(&into)),
                Reload::Tags,
            ),
            Err(e) => Msg::FormError { field: Some(FieldId::Into), message: super::advice::message(&e) },
        },
        WriteEffect::DeleteTag(name) => match tags::delete_tag(store, &name, false) {
            Ok(n) => done(format!("deleted '{}' from {n} post(s)", sanitize_line(&name)), Reload::Tags),
            Err(e) if matches!(e.store_error(), Some(StoreError::TagFollowed { .. })) => {
                let merge = keymap::key_for(TableId::Tags, &Action::Merge);
                Msg::Error(format!("{e} (or merge it into another tag with {merge})"))
            }
            Err(e) => return Err(e),
        },
        WriteEffect::AddSubscriber { email, name, tags, status } => {
            match subscribers::add_subscriber(store, &email, name.as_deref(), &tags, status) {
                Ok(_) => done(format!("added {}", email.as_str()), Reload::Subscribers),
                Err(e) => Msg::FormError { field: field_of(&e), message: super::advice::message(&e) },
            }
        }
        WriteEffect::UpdateSubscriber { email, name, tags, status } => {
            match subscribers::update_subscriber(store, &email, name.as_deref(), &tags, status) {
                Ok(_) => done(format!("saved {email}"), Reload::Subscribers),
                Err(e) => Msg::FormError {
                    field: Some(FieldId::Status).filter(|_| {
                        matches!(
                            e.store_error(),
                            Some(StoreError::ResubscribeRefused(_) | StoreError::NameHasControlsInEdit)
                        )
                    }),
                    message: super::advice::message(&e),
                },
            }
        }
        WriteEffect::UnsubscribeSubscriber(email) => {
            let changed = subscribers::unsubscribe_subscriber(store, &email)?.changed;
            let what = if changed { "is unsubscribed" } else { "had already unsubscribed" };
            done(format!("{} {what}", sanitize_line(&email)), Reload::Subscribers)
        }
        WriteEffect::RemoveSubscriber(email) => {
            subscribers::remove_subscriber(store, &email)?;
            done(format!("removed {}", sanitize_line(&email)), Reload::Subscribers)
        }
    };
    Ok(Some(msg))
}

/// What a publish did, naming the post.
fn published(p: &posts::Published) -> String {
    let title = sanitize_line(&p.post.meta.title);
    match (p.changed, p.post.meta.status) {
        (false, PostStatus::Scheduled) => {
            format!("'{title}' is already scheduled for {}; nothing changed", time::shown(p.post.meta.shown_at()))
        }
        (false, _) => format!("'{title}' is already published; nothing changed"),
        (true, PostStatus::Scheduled) => format!("scheduled '{title}' for {}", time::shown(p.post.meta.shown_at())),
        (true, _) if p.was_scheduled_for.is_some() => format!("published '{title}' now, ahead of its schedule"),
        (true, _) if p.first_date_restored => format!("published '{title}' again with its first date"),
        (true, _) => format!("published '{title}'"),
    }
}
