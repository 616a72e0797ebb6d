//! Posts, tags and the compose save.

use super::blog;
use crate::domain::{PostStatus, Slug, TagName, Title};
use crate::ops::posts::{self, PostFields, When};
use crate::ops::{OpsError, state, tags};
use crate::store::{self, Draft, StoreError};

fn fields(title: &str) -> PostFields {
    PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: Some("Ann".into()),
        tags: TagName::parse_all(&["rust"]).unwrap(),
        summary: "A summary".into(),
        body: "Body text".into(),
    }
}

fn draft(title: &str) -> Draft {
    Draft { title: title.into(), body: "half-typed".into(), ..Default::default() }
}

fn post_count(store: &crate::store::Store) -> i64 {
    store::post_count(store.conn(), &Default::default(), store.now()).unwrap()
}

#[test]
fn saving_a_new_post_creates_publishes_and_clears_the_autosave() {
    let (_dir, mut store) = blog();
    state::save_autosave(&mut store, &draft("Hello")).unwrap();
    let saved = posts::save_post(&mut store, None, &fields("Hello"), Some(When::Now)).unwrap();
    assert_eq!(saved.status, PostStatus::Published);
    let post = store::get_post(store.conn(), saved.id, store.now()).unwrap();
    assert_eq!(post.meta.title, "Hello");
    assert_eq!(post.meta.tags, ["rust"]);
    assert_eq!(state::load_autosave(&store).unwrap(), None, "the autosave is cleared by the save");
}

#[test]
fn saving_an_existing_post_replaces_its_fields_and_never_unpublishes() {
    let (_dir, mut store) = blog();
    let first = posts::save_post(&mut store, None, &fields("First"), Some(When::Now)).unwrap();
    state::save_autosave(&mut store, &draft("First, edited")).unwrap();
    let mut edited = fields("First, edited");
    edited.tags = vec![];
    let saved = posts::save_post(&mut store, Some(first.id), &edited, None).unwrap();
    assert_eq!(saved, posts::Saved { id: first.id, status: PostStatus::Published });
    let post = store::get_post(store.conn(), first.id, store.now()).unwrap();
    assert_eq!(post.meta.title, "First, edited");
    assert!(post.meta.tags.is_empty());
    assert_eq!(post_count(&store), 1, "an edit does not add a post");
    assert_eq!(state::load_autosave(&store).unwrap(), None);
}

#[test]
fn a_failing_last_step_undoes_the_created_post() {
    let (_dir, mut store) = blog();
    state::save_autosave(&mut store, &draft("Kept")).unwrap();
    // Make the last step of the save (clearing the autosave) fail, after the insert and publish ran.
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER keep_autosave BEFORE DELETE ON compose_autosave BEGIN SELECT RAISE(ABORT, 'no'); END;",
        )
        .unwrap();
    let err = posts::save_post(&mut store, None, &fields("Doomed"), Some(When::Now)).unwrap_err();
    assert!(matches!(err, OpsError::Store(StoreError::Sqlite(_))), "{err:?}");
    assert_eq!(post_count(&store), 0, "the post created before the failure was rolled back");
    assert!(store::list_tags(store.conn()).unwrap().is_empty(), "so were its new tags");
    assert_eq!(state::load_autosave(&store).unwrap().map(|d| d.0.title), Some("Kept".into()));
}

#[test]
fn a_refused_edit_changes_neither_the_post_nor_the_autosave() {
    let (_dir, mut store) = blog();
    let a = posts::save_post(&mut store, None, &fields("Alpha"), None).unwrap();
    let b = posts::save_post(&mut store, None, &fields("Beta"), None).unwrap();
    state::save_autosave(&mut store, &draft("Beta, renamed")).unwrap();
    let taken = store::get_post(store.conn(), a.id, store.now()).unwrap().meta.slug;
    let mut edit = fields("Beta, renamed");
    edit.slug = Some(Slug::parse(&taken).unwrap());
    let err = posts::save_post(&mut store, Some(b.id), &edit, Some(When::Now)).unwrap_err();
    assert!(matches!(err.store_error(), Some(StoreError::SlugTaken(_))), "{err:?}");
    let post = store::get_post(store.conn(), b.id, store.now()).unwrap();
    assert_eq!((post.meta.title.as_str(), post.meta.status), ("Beta", PostStatus::Draft));
    assert!(state::load_autosave(&store).unwrap().is_some(), "the typed text is still autosaved");
}

#[test]
fn publish_schedules_a_future_time_and_unpublish_reports_no_change_twice() {
    let (_dir, mut store) = blog();
    let id = posts::save_post(&mut store, None, &fields("Later"), None).unwrap().id;
    let later = store.now() + 3_600;
    let post = posts::publish_post(&mut store, id, When::At(later)).unwrap().post;
    assert_eq!(post.meta.status, PostStatus::Scheduled);
    assert!(posts::unpublish_post(&mut store, id).unwrap().changed);
    assert!(!posts::unpublish_post(&mut store, id).unwrap().changed, "already a draft");
}

#[test]
fn trash_and_restore_round_trip_and_an_empty_trash_is_a_typed_refusal() {
    let (_dir, mut store) = blog();
    let id = posts::save_post(&mut store, None, &fields("Gone"), None).unwrap().id;
    assert_eq!(posts::trash_post(&mut store, id).unwrap().meta.title, "Gone");
    assert_eq!(post_count(&store), 0);
    assert_eq!(posts::restore_post(&mut store, None).unwrap().meta.title, "Gone");
    let err = posts::restore_post(&mut store, None).unwrap_err();
    assert!(matches!(err.store_error(), Some(StoreError::TrashEmpty)), "{err:?}");
    assert_eq!(err.to_string(), "the trash is empty");
}

#[test]
fn removing_a_tag_the_post_lacks_removes_nothing() {
    let (_dir, mut store) = blog();
    let id = posts::save_post(&mut store, None, &fields("Tagged"), None).unwrap().id;
    let (added, _) = posts::add_tags(&mut store, id, &TagName::parse_all(&["web"]).unwrap()).unwrap();
    assert_eq!(added, 1);
    let err = posts::remove_tags(&mut store, id, &TagName::parse_all(&["web", "rust", "nope"]).unwrap()).unwrap_err();
    assert!(matches!(err.store_error(), Some(StoreError::TagNotFound(_))), "{err:?}");
    let tags = store::get_post(store.conn(), id, store.now()).unwrap().meta.tags;
    assert_eq!(tags, ["rust", "web"], "the tags before the bad one were not removed either");
}

#[test]
fn a_followed_tag_is_deleted_only_with_force() {
    let (_dir, mut store) = blog();
    posts::save_post(&mut store, None, &fields("Tagged"), None).unwrap();
    let email = crate::domain::Email::parse("ann@example.com").unwrap();
    let rust = TagName::parse_all(&["rust"]).unwrap();
    let status = crate::domain::SubscriberStatus::Active;
    crate::ops::subscribers::add_subscriber(&mut store, &email, None, &rust, status).unwrap();
    let err = tags::delete_tag(&mut store, "rust", false).unwrap_err();
    assert!(
        matches!(err.store_error(), Some(StoreError::TagFollowed { subscribers: 1, tag }) if tag == "rust"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "1 subscriber(s) follow 'rust'; deleting it would change what they receive");
    assert_eq!(tags::delete_tag(&mut store, "rust", true).unwrap(), 1);
}
