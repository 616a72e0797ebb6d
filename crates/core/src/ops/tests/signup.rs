//! Web sign-ups: pending then confirmed by the mail's token, the resend interval, expiry, and
//! the rule that an unsubscribed address comes back only when its owner confirms.

use super::blog;
use crate::domain::{Email, SubscriberStatus, TagName};
use crate::ops::posts::{self, PostFields};
use crate::ops::signup::{self, SignupRules};
use crate::ops::{subscribers, subscribers_csv};
use crate::store::{self, SignupOutcome, Store, TokenOutcome};

const RULES: SignupRules = SignupRules { resend_after: 600, expire_after: 3600 };

fn with_tags(store: &mut Store, tags: &[&str]) {
    let fields = PostFields {
        title: crate::domain::Title::parse("Tagged").unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(tags).unwrap(),
        summary: String::new(),
        body: "x".into(),
    };
    posts::save_post(store, None, &fields, None).unwrap();
}

fn sign_up(store: &mut Store, email: &str, tags: &[&str]) -> SignupOutcome {
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    signup::subscriber_signup(store, &Email::parse(email).unwrap(), &tags, RULES).unwrap()
}

fn mailed_token(outcome: SignupOutcome) -> String {
    match outcome {
        SignupOutcome::Mail { token, .. } => token,
        other => panic!("expected a mail, got {other:?}"),
    }
}

fn status(store: &Store, email: &str) -> SubscriberStatus {
    store::get_subscriber(store.conn(), email).unwrap().status
}

#[test]
fn a_new_address_is_pending_until_its_token_is_confirmed() {
    let (_dir, mut store) = blog();
    with_tags(&mut store, &["rust", "news"]);
    let token = mailed_token(sign_up(&mut store, "Ann@Example.com", &["RUST", "no-such-tag"]));
    let sub = store::get_subscriber(store.conn(), "ann@example.com").unwrap();
    assert_eq!((sub.status, sub.tags.clone()), (SubscriberStatus::Pending, vec!["rust".to_string()]));
    assert_ne!(token, sub.token, "the confirmation token is not the unsubscribe token");
    assert!(
        store::existing_tags(store.conn(), &["no-such-tag".to_string()]).unwrap().is_empty(),
        "a visitor cannot create tags"
    );

    assert_eq!(signup::confirm(&mut store, &sub.token, RULES).unwrap(), TokenOutcome::Unknown);
    assert_eq!(status(&store, "ann@example.com"), SubscriberStatus::Pending);
    let TokenOutcome::Done(active) = signup::confirm(&mut store, &token, RULES).unwrap() else { panic!() };
    assert_eq!((active.status, active.tags), (SubscriberStatus::Active, vec!["rust".to_string()]));
    assert_eq!(signup::confirm(&mut store, &token, RULES).unwrap(), TokenOutcome::Unknown, "used up");
    assert_eq!(sign_up(&mut store, "ann@example.com", &[]), SignupOutcome::AlreadyActive);
}

#[test]
fn no_second_mail_within_the_interval_and_the_same_token_after_it() {
    let (_dir, mut store) = blog();
    let first = mailed_token(sign_up(&mut store, "bo@example.com", &[]));
    store.set_clock(Some(1_700_000_000 + 599));
    assert_eq!(sign_up(&mut store, "bo@example.com", &[]), SignupOutcome::TooSoon);
    store.set_clock(Some(1_700_000_000 + 600));
    assert_eq!(mailed_token(sign_up(&mut store, "bo@example.com", &[])), first);
    store.set_clock(Some(1_700_000_000 + 700));
    assert_eq!(sign_up(&mut store, "bo@example.com", &[]), SignupOutcome::TooSoon, "counted from the last mail");
}

#[test]
fn unconfirmed_sign_ups_expire_but_the_editors_pending_addresses_stay() {
    let (_dir, mut store) = blog();
    let token = mailed_token(sign_up(&mut store, "late@example.com", &[]));
    let editor = Email::parse("kept@example.com").unwrap();
    subscribers::add_subscriber(&mut store, &editor, None, &[], SubscriberStatus::Pending).unwrap();
    store.set_clock(Some(1_700_000_000 + 3601));
    assert_eq!(signup::confirm(&mut store, &token, RULES).unwrap(), TokenOutcome::Unknown, "too late to confirm");
    assert_eq!(signup::expire_signups(&mut store, RULES).unwrap(), 1);
    assert!(store::get_subscriber(store.conn(), "late@example.com").is_err());
    assert_eq!(status(&store, "kept@example.com"), SubscriberStatus::Pending);
}

#[test]
fn an_unsubscribed_address_stays_so_until_its_owner_signs_up_again_and_confirms() {
    let (_dir, mut store) = blog();
    with_tags(&mut store, &["rust", "news"]);
    let token = mailed_token(sign_up(&mut store, "cy@example.com", &["news"]));
    signup::confirm(&mut store, &token, RULES).unwrap();
    let sub_token = store::get_subscriber(store.conn(), "cy@example.com").unwrap().token;
    assert!(matches!(signup::unsubscribe_by_token(&mut store, &sub_token).unwrap(), TokenOutcome::Done(_)));
    assert!(matches!(signup::unsubscribe_by_token(&mut store, &sub_token).unwrap(), TokenOutcome::AlreadyDone(_)));

    let again = mailed_token(sign_up(&mut store, "cy@example.com", &["rust"]));
    let sub = store::get_subscriber(store.conn(), "cy@example.com").unwrap();
    assert_eq!((sub.status, sub.tags), (SubscriberStatus::Unsubscribed, vec!["news".to_string()]), "not yet");
    // A later import of the address does not bring it back either.
    let csv = "email,name,status,tags\ncy@example.com,,active,\n";
    subscribers_csv::import_subscribers(&mut store, csv.as_bytes(), false, &crate::jobs::JobCtl::detached()).unwrap();
    assert_eq!(status(&store, "cy@example.com"), SubscriberStatus::Unsubscribed);

    let TokenOutcome::Done(back) = signup::confirm(&mut store, &again, RULES).unwrap() else { panic!() };
    assert_eq!((back.status, back.tags, back.unsubscribed_at), (SubscriberStatus::Active, vec!["rust".into()], None));
}

#[test]
fn preferences_choose_among_existing_tags_by_the_subscriber_token() {
    let (_dir, mut store) = blog();
    with_tags(&mut store, &["rust", "news"]);
    let token = mailed_token(sign_up(&mut store, "di@example.com", &[]));
    signup::confirm(&mut store, &token, RULES).unwrap();
    let sub_token = store::get_subscriber(store.conn(), "di@example.com").unwrap().token;
    assert!(signup::preferences(&store, "0".repeat(32).as_str()).unwrap().is_none());
    let prefs = signup::preferences(&store, &sub_token).unwrap().unwrap();
    assert_eq!((prefs.all_tags, prefs.subscriber.tags), (vec!["news".to_string(), "rust".into()], vec![]));
    let asked = vec!["News".to_string(), "made-up".to_string()];
    let saved = signup::set_preferences(&mut store, &sub_token, &asked).unwrap().unwrap();
    assert_eq!((saved.subscriber.tags, saved.subscriber.status), (vec!["news".to_string()], SubscriberStatus::Active));
    assert!(store::existing_tags(store.conn(), &["made-up".to_string()]).unwrap().is_empty());
}
