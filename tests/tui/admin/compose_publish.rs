//! Ctrl-O in compose means publish: a live post stays live, a scheduled one keeps its schedule
//! unless the publish field changes it, and that field is validated as it is typed.

use super::*;

/// Moves the compose focus to the publish field (after the body; BackTab from the title wraps).
fn to_publish_field(h: &mut Headless) {
    for _ in 0..10 {
        if focused_label(compose(h)) == "Publish" {
            return;
        }
        h.key(KeyCode::BackTab);
    }
    panic!("no publish field");
}

#[test]
fn ctrl_o_on_a_scheduled_post_keeps_its_schedule_and_shows_it() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Caches All the Way Down: A Field Guide to CDNs";
    let before = post_titled(h.store(), title).expect("sample post").meta;
    assert_eq!(before.status, PostStatus::Scheduled);
    let at = before.published_at.expect("scheduled time");
    let shown = byline::domain::time::shown_in(at, &jiff::tz::TimeZone::UTC);
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    assert_eq!(compose_field(&h, "Publish"), shown.trim_end_matches(" UTC"), "the schedule is in the field");
    assert!(h.screen().contains("scheduled · Ctrl-O schedules it for"), "the status is shown:\n{}", h.screen());

    h.type_text("Edited. ");
    h.ctrl('o');
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Scheduled, Some(at)), "still scheduled, same time");
    assert!(p.body.starts_with("Edited. "));
    assert_eq!(message(&h), format!("saved (scheduled for {shown})"));
}

#[test]
fn the_publish_field_is_validated_as_typed_and_schedules_or_reschedules() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Timed post");
    assert!(h.screen().contains("draft · Ctrl-O publishes now"), "{}", h.screen());
    to_publish_field(&mut h);
    h.type_text("2026-02-30");
    let err = compose_error(&h, "Publish").expect("Feb 30 is refused as typed");
    assert!(err.contains("is not a possible date"), "{err}");
    h.ctrl('o');
    assert_eq!(message(&h), "not saved: fix the marked field");
    assert!(post_titled(h.store(), "Timed post").is_none());

    clear_field(&mut h);
    assert_eq!(compose_error(&h, "Publish"), None);
    h.type_text("2026-12-01T09:30[America/New_York]");
    assert_eq!(compose_error(&h, "Publish"), None);
    assert!(h.screen().contains("Ctrl-O schedules it for 2026-12-01 14:30 UTC"), "{}", h.screen());
    h.ctrl('o');
    let p = post_titled(h.store(), "Timed post").expect("saved");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Scheduled, Some(1_796_135_400)));

    // Changing the field changes the schedule; Ctrl-S alone does too, for a scheduled post.
    clear_field(&mut h);
    h.type_text("2026-12-02 08:00");
    h.ctrl('s');
    let p = post_titled(h.store(), "Timed post").expect("saved");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Scheduled, Some(1_796_198_400)));

    // Emptied and published: now.
    clear_field(&mut h);
    h.ctrl('o');
    let p = post_titled(h.store(), "Timed post").expect("saved");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, Some(T)));
    assert_eq!(message(&h), "saved (published)");
}

#[test]
fn a_live_post_cannot_be_re_dated_from_compose() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Load Testing Without Fooling Yourself";
    let before = post_titled(h.store(), title).expect("post").meta;
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    assert!(h.screen().contains("published 2026-03-14 09:30 UTC · stays live"), "{}", h.screen());
    to_publish_field(&mut h);
    h.type_text("2026-12-01");
    h.ctrl('o');
    let err = compose_error(&h, "Publish").expect("refused on the field");
    assert!(err.contains("the post is live"), "{err}");
    assert_eq!(post_titled(h.store(), title).expect("post").meta.published_at, before.published_at);
}

#[test]
fn a_typed_schedule_survives_a_crash_and_ctrl_o_then_schedules() {
    let blog = Blog::seeded();
    {
        let mut h = blog.tui(130, 32);
        h.key(KeyCode::Char('n'));
        h.type_text("Planned");
        to_publish_field(&mut h);
        h.type_text("2026-12-01 09:30");
        h.send(Msg::Tick(T + 3));
    }
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('y'));
    assert_eq!(compose_field(&h, "Publish"), "2026-12-01 09:30", "the autosave keeps the publish field");
    h.ctrl('o');
    let p = post_titled(h.store(), "Planned").expect("saved");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Scheduled, Some(1_796_117_400)));
}

#[test]
fn ctrl_s_on_a_draft_with_a_typed_date_says_it_is_not_scheduled_yet() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Later post");
    to_publish_field(&mut h);
    h.type_text("2027-03-01 08:00");
    h.ctrl('s');
    let p = post_titled(h.store(), "Later post").expect("saved");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Draft, None), "Ctrl-S keeps a draft a draft");
    assert_eq!(message(&h), "saved (draft): not scheduled yet; Ctrl-O schedules it for 2027-03-01 08:00 UTC");
    assert_eq!(compose_field(&h, "Publish"), "2027-03-01 08:00", "the typed date stays in the field");
    h.ctrl('o');
    let p = post_titled(h.store(), "Later post").expect("saved");
    assert_eq!(p.meta.status, PostStatus::Scheduled, "the publish key then schedules it");
}
