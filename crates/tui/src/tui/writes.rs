//! Store writes, each answered by the message `update` expects. Pure over a connection: the
//! runtime runs them on its writes lane, `Headless` inline.

use crate::app::{Effect, Msg, Reload};
use byline_core::domain::ValidationError;
use byline_core::ops::{OpsError, posts, state, subscribers, tags};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{Store, StoreError};

/// The form field an error is about, so the message appears on that field.
fn field_of(e: &OpsError) -> Option<&'static str> {
    let invalid = match e {
        OpsError::Invalid(v) => Some(v),
        _ => match e.store_error() {
            Some(StoreError::Invalid(v)) => Some(v),
            _ => None,
        },
    };
    match (e.store_error(), invalid) {
        (Some(StoreError::SlugTaken(_)), _) | (_, Some(ValidationError::BadSlug(_))) => Some("Slug"),
        (_, Some(ValidationError::BadAuthor(_))) => Some("Author"),
        (Some(StoreError::TagNotFound(_)), _) | (_, Some(ValidationError::BadTag(_))) => Some("Tags"),
        (_, Some(ValidationError::EmptyTitle | ValidationError::TitleTooLong(_))) => Some("Title"),
        (Some(StoreError::DuplicateEmail(_)), _) | (_, Some(ValidationError::BadEmail(..))) => Some("Email"),
        (Some(StoreError::TagExists(_)), _) => Some("New name"),
        _ => None,
    }
}

pub(super) fn done(message: impl Into<String>, reload: Reload) -> Msg {
    Msg::Done { message: message.into(), reload }
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
pub fn apply(store: &mut Store, effect: Effect) -> Option<Msg> {
    match try_apply(store, effect) {
        Ok(msg) => msg,
        Err(e) => Some(Msg::Error(e.to_string())),
    }
}

fn try_apply(store: &mut Store, effect: Effect) -> Result<Option<Msg>, OpsError> {
    let msg = match effect {
        Effect::SavePost { id, post, publish } => match posts::save_post(store, id, &post, publish) {
            Ok(saved) => Msg::Saved { id: saved.id, status: saved.status },
            Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
        },
        Effect::SetPublished(id, publish) => {
            let status = posts::set_published(store, id, publish)?;
            done(format!("the post is now {}", status.as_str()), Reload::Posts)
        }
        Effect::TrashPost(id) => {
            let t = posts::trash_post(store, id)?;
            done(format!("moved '{}' to the trash; U undoes", sanitize_line(&t.meta.title)), Reload::Posts)
        }
        Effect::RestoreLastTrashed => match posts::restore_post(store, None) {
            Ok(p) => done(format!("restored '{}'", sanitize_line(&p.meta.title)), Reload::Posts),
            Err(e) if matches!(e.store_error(), Some(StoreError::TrashEmpty | StoreError::NotInTrash(_))) => {
                Msg::Error(e.to_string())
            }
            Err(e) => return Err(e),
        },
        Effect::SetPostTags(id, tags) => match posts::set_tags(store, id, &tags) {
            Ok(()) => done("tags saved", Reload::Posts),
            Err(e) => Msg::FormError { field: Some("Tags"), message: e.to_string() },
        },
        Effect::Autosave(draft) => return state::save_autosave(store, &draft).map(|()| None),
        Effect::ClearAutosave => return state::clear_autosave(store).map(|()| None),
        Effect::MarkRead(id, read) => return state::mark_read(store, id, read).map(|()| None),
        Effect::SavePosition(id) => {
            let value = id.map(|i| i.0.to_string()).unwrap_or_default();
            return state::set_setting(store, "last_post", &value).map(|()| None);
        }
        Effect::SaveArticleScroll(id, scroll) => {
            return state::set_setting(store, "last_scroll", &format!("{}:{scroll}", id.0)).map(|()| None);
        }
        Effect::RenameTag(from, to) => match tags::rename_tag(store, &from, &to) {
            Ok(()) => {
                done(format!("renamed '{}' to '{}'", sanitize_line(&from), sanitize_line(to.as_str())), Reload::Tags)
            }
            Err(e) => Msg::FormError { field: Some("New name"), message: e.to_string() },
        },
        Effect::MergeTag(from, into) => match tags::merge_tags(store, &from, &into) {
            Ok(n) => done(
                format!("merged '{}' into '{}' ({n} posts)", sanitize_line(&from), sanitize_line(&into)),
                Reload::Tags,
            ),
            Err(e) => Msg::FormError { field: Some("Into"), message: e.to_string() },
        },
        Effect::DeleteTag(name) => match tags::delete_tag(store, &name, false) {
            Ok(n) => done(format!("deleted '{}' from {n} post(s)", sanitize_line(&name)), Reload::Tags),
            Err(e) if matches!(e.store_error(), Some(StoreError::TagFollowed { .. })) => {
                Msg::Error(format!("{e} (or merge it into another tag with m)"))
            }
            Err(e) => return Err(e),
        },
        Effect::AddSubscriber { email, name, tags, status } => {
            match subscribers::add_subscriber(store, &email, name.as_deref(), &tags, status) {
                Ok(_) => done(format!("added {}", email.as_str()), Reload::Subscribers),
                Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
            }
        }
        Effect::UpdateSubscriber { email, name, tags, status } => {
            match subscribers::update_subscriber(store, &email, name.as_deref(), &tags, status) {
                Ok(_) => done(format!("saved {email}"), Reload::Subscribers),
                Err(e) => Msg::FormError {
                    field: Some("Status").filter(|_| {
                        matches!(
                            e.store_error(),
                            Some(StoreError::ResubscribeRefused(_) | StoreError::NameHasControlsInEdit)
                        )
                    }),
                    message: e.to_string(),
                },
            }
        }
        Effect::UnsubscribeSubscriber(email) => {
            let changed = subscribers::unsubscribe_subscriber(store, &email)?.changed;
            let what = if changed { "is unsubscribed" } else { "had already unsubscribed" };
            done(format!("{} {what}", sanitize_line(&email)), Reload::Subscribers)
        }
        Effect::RemoveSubscriber(email) => {
            subscribers::remove_subscriber(store, &email)?;
            done(format!("removed {}", sanitize_line(&email)), Reload::Subscribers)
        }
        other => Msg::Error(format!("not a write: {other:?}")),
    };
    Ok(Some(msg))
}
