//! Newsletter sends: who is frozen into the outbox, and how rows move so nothing goes twice.

use super::blog;
use crate::domain::{Email, PostId, PostRef, SubscriberId, SubscriberStatus, TagName, Title};
use crate::ops::OpsError;
use crate::ops::newsletter::{self, Delivery};
use crate::ops::posts::{self, PostFields, When};
use crate::ops::subscribers;
use crate::store::Store;

fn post(store: &mut Store, title: &str, tags: &[&str], publish: bool) -> PostId {
    let fields = PostFields {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(tags).unwrap(),
        summary: String::new(),
        body: "Body".into(),
    };
    let id = posts::save_post(store, None, &fields, None).unwrap().id;
    if publish {
        posts::publish_post(store, id, When::Now).unwrap();
    }
    id
}

fn subscriber(store: &mut Store, email: &str, tags: &[&str], status: SubscriberStatus) -> SubscriberId {
    let email = Email::parse(email).unwrap();
    subscribers::add_subscriber(store, &email, None, &TagName::parse_all(tags).unwrap(), status).unwrap().id
}

/// A blog with one post tagged rust and five subscribers of every kind.
fn audience() -> (tempfile::TempDir, Store, PostId) {
    let (dir, mut store) = blog();
    let id = post(&mut store, "Borrowing", &["rust", "tips"], true);
    subscriber(&mut store, "rust@example.com", &["rust"], SubscriberStatus::Active);
    subscriber(&mut store, "all@example.com", &[], SubscriberStatus::Active);
    subscriber(&mut store, "cooking@example.com", &["cooking"], SubscriberStatus::Active);
    subscriber(&mut store, "pending@example.com", &["rust"], SubscriberStatus::Pending);
    subscriber(&mut store, "gone@example.com", &[], SubscriberStatus::Unsubscribed);
    (dir, store, id)
}

/// Process ids no process has (Linux pids stay below 2^22): a "crashed" sender.
const GONE: i64 = 90_000_001;

fn emails(rows: &[crate::store::outbox::Due]) -> Vec<&str> {
    rows.iter().map(|r| r.email.as_str()).collect()
}

#[test]
fn the_list_is_active_followers_of_a_tag_or_of_everything() {
    let (_dir, mut store, id) = audience();
    let preview = newsletter::preview(&store, &PostRef::Id(id)).unwrap();
    assert_eq!((preview.recipients.total, preview.recipients.everything), (2, 1));
    assert_eq!(preview.recipients.by_tag, vec![("rust".to_string(), 1), ("tips".to_string(), 0)]);
    let start = newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
    assert!(start.frozen_now);
    assert_eq!(start.counts.queued, 2);
    let (rows, skipped) = newsletter::claim(&mut store, id, GONE, 10).unwrap();
    assert_eq!(emails(&rows), ["rust@example.com", "all@example.com"]);
    assert_eq!(skipped, 0);
}

#[test]
fn drafts_are_refused_and_the_list_stays_frozen() {
    let (_dir, mut store, id) = audience();
    let draft = post(&mut store, "Draft", &["rust"], false);
    assert!(matches!(
        newsletter::start_send(&mut store, &PostRef::Id(draft), 1, false),
        Err(OpsError::NotPublished(_))
    ));
    newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
    subscriber(&mut store, "late@example.com", &[], SubscriberStatus::Active);
    let again = newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
    assert!(!again.frozen_now);
    assert_eq!(again.counts.total(), 2, "a sign-up after the freeze is not added to this send");
}

#[test]
fn sent_rows_are_never_claimed_again_and_sending_rows_become_unknown() {
    let (_dir, mut store, id) = audience();
    newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
    let (rows, _) = newsletter::claim(&mut store, id, GONE, 1).unwrap();
    newsletter::record(&mut store, id, &[(rows[0].subscriber_id, Delivery::Sent)], 3).unwrap();
    let (in_flight, _) = newsletter::claim(&mut store, id, GONE, 10).unwrap();
    assert_eq!(in_flight.len(), 1);
    // The process dies here, with one row handed over and not recorded. The next run:
    let resumed = newsletter::start_send(&mut store, &PostRef::Id(id), GONE + 1, false).unwrap();
    assert_eq!((resumed.found_unknown, resumed.counts.sent, resumed.counts.unknown), (1, 1, 1));
    assert!(newsletter::claim(&mut store, id, GONE + 1, 10).unwrap().0.is_empty(), "nothing is sent twice");
    let retried = newsletter::start_send(&mut store, &PostRef::Id(id), GONE + 2, true).unwrap();
    assert_eq!(retried.requeued_unknown, 1);
    let (again, _) = newsletter::claim(&mut store, id, GONE + 2, 10).unwrap();
    assert_eq!(emails(&again), ["all@example.com"]);
}

#[test]
fn a_second_live_sender_is_refused() {
    let (_dir, mut store, id) = audience();
    let me = i64::from(std::process::id());
    newsletter::start_send(&mut store, &PostRef::Id(id), me, false).unwrap();
    let err = newsletter::start_send(&mut store, &PostRef::Id(id), me + 1, false).unwrap_err();
    assert!(matches!(err, OpsError::SendRunning { .. }), "{err:?}");
    newsletter::finish_send(&mut store, id).unwrap();
    newsletter::start_send(&mut store, &PostRef::Id(id), me + 1, false).unwrap();
}

#[test]
fn permanent_failures_count_bounces_and_stop_mail_at_the_limit() {
    let (_dir, mut store, first) = audience();
    let mut last = first;
    for round in 0..2 {
        let id = if round == 0 { first } else { post(&mut store, "Lifetimes", &["rust"], true) };
        last = id;
        newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
        let (rows, _) = newsletter::claim(&mut store, id, GONE, 10).unwrap();
        let outcomes: Vec<_> = rows
            .iter()
            .map(|r| {
                let d = if r.email == "rust@example.com" {
                    Delivery::Failed("550 no such user".into())
                } else {
                    Delivery::Sent
                };
                (r.subscriber_id, d)
            })
            .collect();
        newsletter::record(&mut store, id, &outcomes, 2).unwrap();
    }
    let status = newsletter::status(&store, Some(&PostRef::Id(last))).unwrap();
    assert_eq!(status[0].counts.failed, 1);
    assert_eq!(status[0].problems[0].error.as_deref(), Some("550 no such user"));
    let third = post(&mut store, "Traits", &["rust"], true);
    let preview = newsletter::preview(&store, &PostRef::Id(third)).unwrap();
    assert_eq!((preview.recipients.total, preview.recipients.bouncing), (1, 1), "two bounces in a row: bouncing");
}

#[test]
fn temporary_failures_are_retried_later_and_unsubscribes_after_the_freeze_are_skipped() {
    let (_dir, mut store, id) = audience();
    newsletter::start_send(&mut store, &PostRef::Id(id), GONE, false).unwrap();
    subscribers::unsubscribe_subscriber(&mut store, "all@example.com").unwrap();
    let (rows, skipped) = newsletter::claim(&mut store, id, GONE, 10).unwrap();
    assert_eq!((emails(&rows), skipped), (vec!["rust@example.com"], 1));
    let later = store.now() + 5;
    let deferred = Delivery::Deferred { error: "421 busy".into(), retry_at: later };
    newsletter::record(&mut store, id, &[(rows[0].subscriber_id, deferred)], 3).unwrap();
    assert!(newsletter::claim(&mut store, id, GONE, 10).unwrap().0.is_empty(), "not before its time");
    assert_eq!(newsletter::next_due_at(&store, id).unwrap(), Some(later));
    store.set_clock(Some(later));
    assert_eq!(newsletter::claim(&mut store, id, GONE, 10).unwrap().0.len(), 1);
}
