//! Store writes, each answered by the message `update` expects. Pure over a connection: the
//! runtime runs them on its writes lane, `Headless` inline.

use crate::app::{Effect, Msg, PostFields, Reload};
use byline_core::domain::{NewPost, PostId, ValidationError};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, PostChanges, Store, StoreError};

/// The compose field a store error is about, so the message appears on that field.
fn field_of(e: &StoreError) -> Option<&'static str> {
    match e {
        StoreError::SlugTaken(_) | StoreError::Invalid(ValidationError::BadSlug(_)) => Some("Slug"),
        StoreError::Invalid(ValidationError::BadAuthor(_)) => Some("Author"),
        StoreError::Invalid(ValidationError::BadTag(_)) | StoreError::TagNotFound(_) => Some("Tags"),
        StoreError::Invalid(ValidationError::EmptyTitle | ValidationError::TitleTooLong(_)) => Some("Title"),
        StoreError::DuplicateEmail(_) | StoreError::Invalid(ValidationError::BadEmail(..)) => Some("Email"),
        StoreError::TagExists(_) => Some("New name"),
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

/// Carries out one write; the message to send back, if the write has one. Failures come back as
/// messages too (on the form field at fault where there is one).
pub fn apply(store: &mut Store, effect: Effect) -> Option<Msg> {
    match try_apply(store, effect) {
        Ok(msg) => msg,
        Err(e) => Some(Msg::Error(e.to_string())),
    }
}

fn try_apply(store: &mut Store, effect: Effect) -> Result<Option<Msg>, StoreError> {
    let msg = match effect {
        Effect::SavePost { id, post, publish } => match save_post(store, id, &post, publish) {
            Ok(msg) => msg,
            Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
        },
        Effect::SetPublished(id, publish) => {
            let status = store.write(|tx, now| {
                if publish {
                    store::publish_post(tx, id, None, now)
                } else {
                    store::unpublish_post(tx, id, now).map(|_| byline_core::domain::PostStatus::Draft)
                }
            })?;
            done(format!("the post is now {}", status.as_str()), Reload::Posts)
        }
        Effect::TrashPost(id) => {
            let t = store.write(|tx, now| store::trash_post(tx, id, now))?;
            done(format!("moved '{}' to the trash; U undoes", sanitize_line(&t.title)), Reload::Posts)
        }
        Effect::RestoreLastTrashed => match store.write(|tx, now| store::restore_post(tx, None, now)) {
            Ok(id) => {
                let p = store::get_post(store.conn(), id, store.now())?;
                done(format!("restored '{}'", sanitize_line(&p.meta.title)), Reload::Posts)
            }
            Err(e @ (StoreError::TrashEmpty | StoreError::NotInTrash(_))) => Msg::Error(e.to_string()),
            Err(e) => return Err(e),
        },
        Effect::SetPostTags(id, tags) => match store.write(|tx, _| store::set_post_tags(tx, id, &tags)) {
            Ok(()) => done("tags saved", Reload::Posts),
            Err(e) => Msg::FormError { field: Some("Tags"), message: e.to_string() },
        },
        Effect::Autosave(draft) => {
            store.write(|tx, now| store::save_autosave(tx, &draft, now))?;
            return Ok(None);
        }
        Effect::ClearAutosave => {
            store.write(|tx, _| store::clear_autosave(tx))?;
            return Ok(None);
        }
        Effect::MarkRead(id, read) => {
            store.write(|tx, now| store::mark_read(tx, id, read, now))?;
            return Ok(None);
        }
        Effect::SavePosition(id) => {
            let value = id.map(|i| i.0.to_string()).unwrap_or_default();
            store.write(|tx, _| store::set_setting(tx, "last_post", &value))?;
            return Ok(None);
        }
        Effect::SaveArticleScroll(id, scroll) => {
            store.write(|tx, _| store::set_setting(tx, "last_scroll", &format!("{}:{scroll}", id.0)))?;
            return Ok(None);
        }
        Effect::RenameTag(from, to) => match store.write(|tx, _| store::rename_tag(tx, &from, &to)) {
            Ok(()) => {
                done(format!("renamed '{}' to '{}'", sanitize_line(&from), sanitize_line(to.as_str())), Reload::Tags)
            }
            Err(e) => Msg::FormError { field: Some("New name"), message: e.to_string() },
        },
        Effect::MergeTag(from, into) => match store.write(|tx, _| store::merge_tags(tx, &from, &into)) {
            Ok(n) => done(
                format!("merged '{}' into '{}' ({n} posts)", sanitize_line(&from), sanitize_line(&into)),
                Reload::Tags,
            ),
            Err(e) => Msg::FormError { field: Some("Into"), message: e.to_string() },
        },
        Effect::DeleteTag(name) => match store.write(|tx, _| store::delete_tag(tx, &name, false)) {
            Ok(n) => done(format!("deleted '{}' from {n} post(s)", sanitize_line(&name)), Reload::Tags),
            Err(e @ StoreError::TagFollowed { .. }) => Msg::Error(format!("{e} (or merge it into another tag with m)")),
            Err(e) => return Err(e),
        },
        Effect::AddSubscriber { email, name, tags, status } => {
            match store.write(|tx, now| store::add_subscriber(tx, &email, name.as_deref(), &tags, status, now)) {
                Ok(_) => done(format!("added {}", email.as_str()), Reload::Subscribers),
                Err(e) => Msg::FormError { field: field_of(&e), message: e.to_string() },
            }
        }
        Effect::UpdateSubscriber { email, name, tags, status } => {
            match store.write(|tx, now| store::update_subscriber(tx, &email, name.as_deref(), &tags, status, now)) {
                Ok(()) => done(format!("saved {email}"), Reload::Subscribers),
                Err(e) => Msg::FormError {
                    field: Some("Status")
                        .filter(|_| matches!(e, StoreError::ResubscribeRefused(_) | StoreError::NameHasControlsInEdit)),
                    message: e.to_string(),
                },
            }
        }
        Effect::UnsubscribeSubscriber(email) => {
            let changed = store.write(|tx, now| store::unsubscribe_subscriber(tx, &email, now))?;
            let what = if changed { "is unsubscribed" } else { "had already unsubscribed" };
            done(format!("{} {what}", sanitize_line(&email)), Reload::Subscribers)
        }
        Effect::RemoveSubscriber(email) => {
            store.write(|tx, _| store::remove_subscriber(tx, &email))?;
            done(format!("removed {}", sanitize_line(&email)), Reload::Subscribers)
        }
        other => Msg::Error(format!("not a write: {other:?}")),
    };
    Ok(Some(msg))
}
