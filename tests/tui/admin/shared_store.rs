//! One store for the TUI and the CLI: changes by either show in the other.

use super::*;

fn cli(dir: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = crate::common::isolated_cmd(dir);
    cmd.arg("--db").arg(db).args(args);
    cmd.output().expect("run byline")
}

#[test]
fn a_post_added_by_the_cli_while_the_tui_is_open_appears_after_data_changed() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    assert_eq!(h.state.posts.list.total, 10);

    let out = cli(blog.dir.path(), &blog.path, &["post", "add", "--title", "Written From The CLI", "--publish"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!h.screen().contains("Written From The CLI"), "not seen before the change is noticed");

    h.send(Msg::DataChanged);
    assert_eq!(h.state.posts.list.total, 11);
    assert!(h.state.posts.list.rows.iter().any(|r| r.post.title == "Written From The CLI"));
    let screen = h.screen();
    assert!(screen.contains("Written From The CLI") && screen.contains("11 posts"), "{screen}");
}

#[test]
fn a_post_added_through_a_second_connection_appears_after_data_changed() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let mut other = blog.store();
    let before = other.data_version().expect("data_version");
    other
        .write(|tx, now| {
            let post = byline::domain::NewPost {
                title: byline::domain::Title::parse("From Another Connection").expect("title"),
                slug: None,
                author: Some("Ruth Nakamura".into()),
                tags: vec![],
                summary: String::new(),
                body: "hello".into(),
                publish_at: Some(now),
                created_at: None,
            };
            store::add_post(tx, &post, now)
        })
        .expect("write from the second connection");
    assert_eq!(other.data_version().expect("data_version"), before, "its own writes do not count");
    assert_ne!(h.store().data_version().expect("data_version"), 0);
    h.send(Msg::DataChanged);
    let screen = h.screen();
    assert!(screen.contains("From Another Connection") && screen.contains("11 posts"), "{screen}");
}

#[test]
fn a_post_saved_in_the_tui_is_visible_to_the_cli_at_once() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Saved In The TUI");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text("Body from the keyboard.");
    h.ctrl('s');

    // The TUI still holds its connection open.
    let out = cli(blog.dir.path(), &blog.path, &["--json", "post", "show", "saved-in-the-tui"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(shown["title"], "Saved In The TUI");
    assert_eq!(shown["status"], "draft");
    assert!(shown.to_string().contains("Body from the keyboard."), "{shown}");
    drop(h);
}

/// On a narrow screen the preview replaces the editor after Ctrl-P; arrows then scroll it.
#[test]
fn the_narrow_preview_scrolls_with_the_arrows() {
    let blog = Blog::seeded();
    let mut h = blog.tui(80, 24);
    h.key(KeyCode::Char('n'));
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text(&(1..=40).map(|i| format!("Paragraph number {i}.\n\n")).collect::<String>());
    h.ctrl('p');
    let top = |h: &Headless| h.state.compose.as_ref().map(|c| c.preview_scroll).unwrap_or(usize::MAX);
    assert_eq!(top(&h), 0);
    h.key(KeyCode::PageDown);
    h.key(KeyCode::Down);
    assert_eq!(top(&h), 11);
    // Two lines a paragraph: 11 lines down, paragraph 7 is the first one on screen.
    let screen = h.screen();
    assert!(screen.contains("Paragraph number 7.") && !screen.contains("Paragraph number 6."), "{screen}");
    h.key(KeyCode::Up);
    assert_eq!(top(&h), 10);
    assert_eq!(compose_field(&h, "Body").matches("Paragraph").count(), 40, "the arrows did not edit the body");
}

#[test]
fn a_subscriber_added_elsewhere_appears_in_the_open_subscribers_view_after_data_changed() {
    // A sign-up on the web (byline serve) is another process's write: the open view must show it.
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    assert!(h.screen().contains("Subscribers · 6 · active 3 · pending 2"), "{}", h.screen());
    let out = cli(blog.dir.path(), &blog.path, &["subscriber", "add", "web.signup@example.com", "--status", "pending"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    h.send(Msg::DataChanged);
    let screen = h.screen();
    assert!(screen.contains("web.signup@example.com"), "{screen}");
    assert!(screen.contains("Subscribers · 7 · active 3 · pending 3"), "{screen}");
}
