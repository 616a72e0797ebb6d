//! `p` in the posts view: publishing is idempotent, taking down and publishing early ask first
//! and name the post, and republishing offers the first date back.

use super::*;

/// 2026-03-14T09:30:00Z, when the sample's "Load Testing" post went live.
const PI_DAY: i64 = 1_773_480_600;

#[test]
fn p_on_a_draft_publishes_it_and_names_it() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "The Machine Learning Behind Similar Posts";
    assert_eq!(post_titled(h.store(), title).expect("sample draft").meta.status, PostStatus::Draft);
    select_post(&mut h, title);
    let id = h.state.posts.list.selected_id();

    h.key(KeyCode::Char('p'));
    assert!(h.state.overlay.is_none(), "a never-published draft is published without a question");
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(T)));
    assert_eq!(message(&h), format!("published '{title}'"));
    assert_eq!(h.state.posts.list.selected_id(), id, "the selection follows the post");
}

#[test]
fn p_twice_on_a_live_post_asks_and_never_re_dates_it() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Load Testing Without Fooling Yourself";
    select_post(&mut h, title);

    h.key(KeyCode::Char('p'));
    assert_eq!(
        confirm_question(&h),
        "Take 'Load Testing Without Fooling Yourself' down (it becomes a draft)? y unpublishes, n keeps it live"
    );
    h.key(KeyCode::Char('n'));
    assert_eq!(message(&h), format!("'{title}' stays published"));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Esc);
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(PI_DAY)), "untouched");

    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Draft, None));
    assert_eq!(message(&h), format!("'{title}' is now a draft"));
}

#[test]
fn republishing_offers_the_first_date_back_or_today_and_esc_cancels() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Load Testing Without Fooling Yourself";
    select_post(&mut h, title);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));

    h.key(KeyCode::Char('p'));
    assert_eq!(
        confirm_question(&h),
        "Publish 'Load Testing Without Fooling Yourself' with its first date 2026-03-14 (y) or as new today (n)? \
         Esc cancels"
    );
    h.key(KeyCode::Esc);
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), format!("'{title}' stays a draft"));
    assert_eq!(post_titled(h.store(), title).expect("post").meta.status, PostStatus::Draft, "Esc cancels");

    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(PI_DAY)));
    assert_eq!(message(&h), format!("published '{title}' again with its first date"));

    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('n'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(T)), "as new today");
    assert_eq!(p.meta.first_published_at, Some(PI_DAY), "the first date is kept for next time");
}

#[test]
fn p_on_a_scheduled_post_asks_before_publishing_it_early() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Caches All the Way Down: A Field Guide to CDNs";
    let scheduled = post_titled(h.store(), title).expect("sample post").meta;
    assert_eq!(scheduled.status, PostStatus::Scheduled);
    select_post(&mut h, title);

    h.key(KeyCode::Char('p'));
    let when = byline::domain::time::shown_in(scheduled.shown_at(), &jiff::tz::TimeZone::UTC);
    assert_eq!(
        confirm_question(&h),
        format!(
            "Publish '{}' now instead of {when}? y publishes now, n keeps the schedule",
            byline::text::fit(title, 40)
        )
    );
    h.key(KeyCode::Char('n'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Scheduled, scheduled.published_at));
    assert_eq!(message(&h), format!("'{}' keeps its schedule", byline::text::fit(title, 40)));

    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('y'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(T)));
    assert_eq!(message(&h), format!("published '{title}' now, ahead of its schedule"));
}
