//! Newsletters from the TUI against a real SMTP server on loopback (aiosmtpd): `M` on a post
//! counts its recipients by tag, asks, and sends as a job (progress in the status bar); the
//! outbox view lists sends with their failures and sends again; the subscribers view shows each
//! one's last mail and bounces.

use std::time::Duration;

use byline::cli::newsletter_sender::MailSender;
use byline::config::{Config, SiteConfig, SmtpConfig, SmtpUrl};

use super::*;
use crate::common::smtp::SmtpServer;

const SLOW_QUERY: &str = "Why One Slow Query Can Sink a Whole Site";

/// Settings for `server`, links on a loopback address (nothing needs to answer there).
fn config(server: &SmtpServer, bounce_limit: u32) -> Config {
    Config {
        smtp: SmtpConfig {
            url: Some(SmtpUrl::new(server.url())),
            from: Some("Behind the Page <news@behindthepage.example>".into()),
            bounce_limit: Some(bounce_limit),
            ..Default::default()
        },
        site: SiteConfig { base_url: Some("http://127.0.0.1:9/".into()), ..Default::default() },
        ..Default::default()
    }
}

fn with_sender(h: &mut Headless, server: &SmtpServer, bounce_limit: u32) {
    h.set_sender(MailSender::from_config(&config(server, bounce_limit)).expect("mail settings"));
}

fn outbox_row(store: &Store, email: &str) -> String {
    store
        .conn()
        .query_row(
            "SELECT o.status FROM outbox o JOIN subscriber s ON s.id = o.subscriber_id WHERE s.email = ?1",
            [email],
            |r| r.get(0),
        )
        .expect("an outbox row")
}

#[test]
fn capital_m_counts_the_recipients_by_tag_asks_then_mails_them() {
    let blog = Blog::seeded();
    let server = SmtpServer::start(&[]);
    let mut h = blog.tui(130, 32);
    with_sender(&mut h, &server, 3);
    select_post(&mut h, SLOW_QUERY);

    // Ada follows everything, Chidi databases and performance; pending and unsubscribed
    // subscribers are not counted.
    h.key(KeyCode::Char('M'));
    let q = confirm_question(&h);
    assert!(q.starts_with(&format!("Mail '{SLOW_QUERY}' to 2 subscriber(s)")), "{q}");
    assert!(q.contains("1 following everything; by tag: databases 1, performance 1)"), "{q}");
    assert!(h.screen().contains("by tag: databases 1"), "the whole question is on screen:\n{}", h.screen());
    h.key(KeyCode::Char('n'));
    assert!(server.messages().is_empty(), "n sends nothing");
    assert!(byline::ops::newsletter::status(h.store(), None).unwrap().is_empty(), "and records nothing");

    h.key(KeyCode::Char('M'));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), format!("mailed '{SLOW_QUERY}': 2 sent, 0 failed, 0 skipped"));
    assert_eq!(server.recipients(), ["ada.fenwick@example.com", "chidi.okonkwo@example.org"]);

    // Again: nothing is left to send, and the key says so instead of asking.
    h.key(KeyCode::Char('M'));
    assert!(h.state.overlay.is_none());
    assert!(
        message(&h).starts_with(&format!("'{SLOW_QUERY}' was mailed: 2 sent, 0 failed, 0 unknown")),
        "{}",
        message(&h)
    );
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn only_a_published_post_is_mailed_and_missing_settings_are_named() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    select_post(&mut h, "The Machine Learning Behind Similar Posts");
    h.key(KeyCode::Char('M'));
    assert!(h.state.overlay.is_none());
    assert!(message(&h).starts_with("only a published post is mailed:"), "{}", message(&h));
    assert!(message(&h).contains("is draft (p publishes)"), "{}", message(&h));

    // No sender handed down (no [smtp] in the config): the counts, and why nothing can go.
    select_post(&mut h, SLOW_QUERY);
    h.key(KeyCode::Char('M'));
    assert!(h.state.overlay.is_none());
    assert!(message(&h).contains("would go to 2 subscriber(s), but mail is not set up"), "{}", message(&h));
    assert!(byline::ops::newsletter::status(h.store(), None).unwrap().is_empty());

    // The binary's sender says what is missing, without a password.
    let mut c = Config::default();
    c.smtp.url = Some(SmtpUrl::new("smtp://ann:hunter2@127.0.0.1:1"));
    let why = MailSender::from_config(&c).err().expect("no site address");
    assert!(why.contains("base_url"), "{why}");
    c.site.base_url = Some("https://blog.example/".into());
    let why = MailSender::from_config(&c).err().expect("no sender address");
    assert!(why.contains("from") && !why.contains("hunter2"), "{why}");
}

#[test]
fn a_send_is_a_background_job_with_progress_in_the_status_bar() {
    let blog = Blog::seeded();
    {
        // Twenty more readers who follow everything; the server takes 150 ms per message.
        let s = blog.store();
        for i in 0..20 {
            let email = byline::domain::Email::parse(&format!("reader{i:02}@example.net")).unwrap();
            store::add_subscriber(s.conn(), &email, None, &[], SubscriberStatus::Active, T).unwrap();
        }
    }
    let server = SmtpServer::start(&["--delay-ms", "150"]);
    let mut h = Headless::threaded(blog.store(), 130, 32).expect("threaded");
    with_sender(&mut h, &server, 3);
    select_post(&mut h, SLOW_QUERY);
    h.key(KeyCode::Char('M'));
    assert!(confirm_question(&h).contains("to 22 subscriber(s)"), "{}", confirm_question(&h));
    h.key(KeyCode::Char('y'));
    assert!(message(&h).starts_with("Mailing 'Why One Slow Query Can Sink a…' in the background"), "{}", message(&h));

    // While it runs, keys still work and the status bar counts the messages (once the
    // message above is gone, with the next key).
    h.key(KeyCode::Char('j'));
    let progress = h.wait_until(Duration::from_secs(20), |h| {
        let screen = h.screen();
        screen.contains("mailing 'Why One Slow Query") && screen.contains("/22")
    });
    assert!(progress, "no progress shown:\n{}", h.screen());

    let done = h
        .wait_until(Duration::from_secs(30), |h| message(h).starts_with("mailed '") && h.state.jobs.running.is_empty());
    assert!(done, "the send never finished: {}", message(&h));
    assert_eq!(message(&h), format!("mailed '{SLOW_QUERY}': 22 sent, 0 failed, 0 skipped"));
    assert_eq!(server.recipients().len(), 22);
    assert!(h.state.jobs.running.is_empty());
    assert!(matches!(
        h.state.jobs.recent.front().and_then(|j| j.outcome.clone()),
        Some(byline::jobs::Outcome::Done(_))
    ));
}

#[test]
fn the_outbox_view_lists_sends_and_failures_and_sends_again() {
    let blog = Blog::seeded();
    let server = SmtpServer::start(&["--reject", "chidi.okonkwo@example.org"]);
    let mut h = blog.tui(130, 32);
    with_sender(&mut h, &server, 1);

    h.key(KeyCode::Char('4'));
    assert_eq!(h.state.view, View::Outbox);
    assert!(h.screen().contains("Nothing mailed yet: M on a published post"), "{}", h.screen());

    h.key(KeyCode::Char('1'));
    select_post(&mut h, SLOW_QUERY);
    h.key(KeyCode::Char('M'));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), format!("mailed '{SLOW_QUERY}': 1 sent, 1 failed, 0 skipped"));

    h.key(KeyCode::Char('4'));
    let screen = h.screen();
    assert!(screen.contains("Outbox · 1 send(s)"), "{screen}");
    assert!(screen.contains("SENT") && screen.contains("FAILED") && screen.contains("UNKNOWN"), "{screen}");
    assert!(screen.contains("Not delivered · Why One Slow Query Can Sink a Whole Site · 1 address(es)"), "{screen}");
    let failure = screen.lines().find(|l| l.contains("chidi.okonkwo@example.org")).expect("the failure is listed");
    assert!(failure.contains("failed") && failure.contains("550"), "{failure}");
    let send = &h.state.outbox.sends[0];
    assert_eq!((send.counts.sent, send.counts.failed, send.counts.unknown), (1, 1, 0));

    // r with nothing left to send says so; R with nothing unknown too.
    h.key(KeyCode::Char('r'));
    assert!(message(&h).starts_with("nothing of 'Why One Slow Query"), "{}", message(&h));
    h.key(KeyCode::Char('R'));
    assert!(message(&h).starts_with("no message of 'Why One Slow Query"), "{}", message(&h));

    // A run killed mid-handoff leaves its row unknown: R asks, then sends it again.
    h.store_mut()
        .conn()
        .execute("UPDATE outbox SET status = 'unknown' WHERE subscriber_id = (SELECT id FROM subscriber WHERE email = 'ada.fenwick@example.com')", [])
        .unwrap();
    h.send(Msg::DataChanged);
    assert_eq!(h.state.outbox.sends[0].counts.unknown, 1, "another program's change is shown");
    assert!(
        h.screen().lines().any(|l| l.contains("ada.fenwick@example.com") && l.contains("unknown")),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Char('R'));
    let q = confirm_question(&h);
    assert!(q.contains("Send again 1 message(s)") && q.contains("would get it twice"), "{q}");
    h.key(KeyCode::Char('n'));
    assert_eq!(outbox_row(h.store(), "ada.fenwick@example.com"), "unknown", "n leaves it");
    h.key(KeyCode::Char('R'));
    h.key(KeyCode::Char('y'));
    assert_eq!(outbox_row(h.store(), "ada.fenwick@example.com"), "sent");
    assert_eq!(server.recipients(), ["ada.fenwick@example.com", "ada.fenwick@example.com"]);
    assert_eq!(h.state.outbox.sends[0].counts.unknown, 0, "the view re-read the send");

    // A row queued again (a run stopped by a cap) goes with r.
    h.store_mut()
        .conn()
        .execute("UPDATE outbox SET status = 'queued' WHERE subscriber_id = (SELECT id FROM subscriber WHERE email = 'ada.fenwick@example.com')", [])
        .unwrap();
    h.send(Msg::DataChanged);
    h.key(KeyCode::Char('r'));
    assert!(message(&h).starts_with("mailed '"), "{}", message(&h));
    assert_eq!(server.recipients().len(), 3);
}

#[test]
fn the_subscribers_view_shows_the_last_mail_and_bounces() {
    let blog = Blog::seeded();
    let server = SmtpServer::start(&["--reject", "chidi.okonkwo@example.org"]);
    let mut h = blog.tui(150, 32);
    with_sender(&mut h, &server, 2);
    h.key(KeyCode::Char('3'));
    let screen = h.screen();
    assert!(screen.contains("LAST MAIL") && screen.contains("BOUNCES"), "{screen}");

    h.key(KeyCode::Char('1'));
    select_post(&mut h, SLOW_QUERY);
    h.key(KeyCode::Char('M'));
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('3'));
    let line =
        |h: &Headless, email: &str| h.screen().lines().find(|l| l.contains(email)).unwrap_or_default().to_string();
    let ada = line(&h, "ada.fenwick@example.com");
    // Signed up and mailed on the test's day (SINCE, then LAST MAIL).
    assert!(ada.contains("2026-07-01  2026-07-01"), "the date of the last mail: {ada}");
    let chidi = line(&h, "chidi.okonkwo@example.org");
    assert!(chidi.contains("2026-07-01  -") && chidi.contains("1 in a row"), "{chidi}");

    // A second failure reaches the limit of 2: the address is bouncing, and gets no more mail.
    select_post_from_subscribers(&mut h, "Load Testing Without Fooling Yourself");
    h.key(KeyCode::Char('M'));
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('3'));
    assert!(line(&h, "chidi.okonkwo@example.org").contains("bouncing"), "{}", h.screen());
    h.key(KeyCode::Char('1'));
    select_post(&mut h, "The Quiet Middleman: What a Reverse Proxy Does All Day");
    h.key(KeyCode::Char('M'));
    assert!(confirm_question(&h).contains("1 bouncing left out"), "{}", confirm_question(&h));
}

fn select_post_from_subscribers(h: &mut Headless, title: &str) {
    h.key(KeyCode::Char('1'));
    select_post(h, title);
}
