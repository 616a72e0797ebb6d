//! The admin side of the TUI driven like a person would, with no terminal: keys go through the
//! real keymap, update, effects and store (`byline::tui::Headless`), and every test checks both
//! what the editor sees and what the store holds afterwards.

use std::path::{Path, PathBuf};

use byline::app::form::{FieldId, Form};
use byline::app::{Confirmable, Msg, Overlay, View};
use byline::domain::{Post, PostStatus, PostSummary, Subscriber, SubscriberStatus};
use byline::store::{self, ListFilter, Store};
use byline::tui::Headless;
use crossterm::event::{KeyCode, KeyModifiers};
use tempfile::TempDir;

/// The fixed clock: 2026-07-01T00:00:00Z.
const T: i64 = 1_782_864_000;

/// A database file in a temporary directory.
struct Blog {
    dir: TempDir,
    path: PathBuf,
}

impl Blog {
    /// The sample blog (10 posts, 12 tags, 6 subscribers), loaded at `T`.
    fn seeded() -> Blog {
        let blog = Blog::empty();
        let mut s = blog.store();
        byline::transfer::sample::load(&mut s).expect("load the sample blog");
        blog
    }

    fn empty() -> Blog {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("blog.db");
        Blog { dir, path }
    }

    /// A fresh connection to the file, with the clock fixed at `T`.
    fn store(&self) -> Store {
        let mut s = Store::open(&self.path).expect("open the store");
        s.set_clock(Some(T));
        s
    }

    /// The TUI on this file, as if just started in a terminal of this size.
    fn tui(&self, width: u16, height: u16) -> Headless {
        Headless::new(self.store(), width, height).expect("start headless")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn posts(store: &Store) -> Vec<PostSummary> {
    store::list_posts(store.conn(), &ListFilter::default(), T).expect("list posts")
}

fn post_titled(store: &Store, title: &str) -> Option<Post> {
    let found = posts(store).into_iter().find(|p| p.title == title)?;
    Some(store::get_post(store.conn(), found.id, T).expect("get post"))
}

fn tag_counts(store: &Store) -> Vec<(String, i64)> {
    store::list_tags(store.conn()).expect("list tags").into_iter().map(|t| (t.name, t.posts)).collect()
}

fn subscribers(store: &Store) -> Vec<Subscriber> {
    store::list_subscribers(store.conn(), None).expect("list subscribers")
}

fn subscriber(store: &Store, email: &str) -> Option<Subscriber> {
    store::get_subscriber(store.conn(), email).ok()
}

/// The compose pane's form; panics if it is not open.
fn compose(h: &Headless) -> &Form {
    &h.state.compose.as_ref().expect("the compose pane is open").form
}

fn compose_field(h: &Headless, label: &str) -> String {
    compose(h).fields.iter().find(|f| f.label == label).expect("field exists").value()
}

fn compose_error(h: &Headless, label: &str) -> Option<String> {
    compose(h).fields.iter().find(|f| f.label == label).expect("field exists").error.clone()
}

fn focused_label(form: &Form) -> &'static str {
    form.focused().expect("a focused field").label
}

/// The small form over the current view; panics if none is open.
fn form(h: &Headless) -> &Form {
    match &h.state.overlay {
        Some(Overlay::Form(f)) => f,
        other => panic!("expected a form, got {other:?}"),
    }
}

fn form_error(h: &Headless, label: &str) -> Option<String> {
    form(h).fields.iter().find(|f| f.label == label).expect("field exists").error.clone()
}

fn confirm_question(h: &Headless) -> String {
    match &h.state.overlay {
        Some(Overlay::Confirm { question, .. }) => question.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

fn message(h: &Headless) -> String {
    h.state.message.clone().unwrap_or_default()
}

/// Empties the focused field with Backspace, as a person would.
fn clear_field(h: &mut Headless) {
    let value = |h: &Headless| match (&h.state.overlay, &h.state.compose) {
        (Some(Overlay::Form(f)), _) => f.focused().map(|f| f.value()).unwrap_or_default(),
        (_, Some(c)) => c.form.focused().map(|f| f.value()).unwrap_or_default(),
        _ => String::new(),
    };
    h.key_with(KeyCode::End, KeyModifiers::CONTROL);
    h.key(KeyCode::End);
    for _ in 0..500 {
        if value(h).is_empty() {
            return;
        }
        h.key(KeyCode::Backspace);
    }
    panic!("could not empty the field: {:?}", value(h));
}

/// Moves the list selection down with `j` until the selected post has this title.
fn select_post(h: &mut Headless, title: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.posts.list.selected_row().is_some_and(|r| r.post.title == title) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no post '{title}' in the list:\n{}", h.screen());
}

/// Moves the tags view selection to this tag.
fn select_tag(h: &mut Headless, name: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.tags.items.get(h.state.tags.selected).is_some_and(|t| t.name == name) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no tag '{name}' in the tags view:\n{}", h.screen());
}

/// Moves the subscribers view selection to this address.
fn select_subscriber(h: &mut Headless, email: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.subscribers.shown().get(h.state.subscribers.list.selected).is_some_and(|s| s.email == email) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no subscriber '{email}' shown:\n{}", h.screen());
}

fn shown_emails(h: &Headless) -> Vec<String> {
    let mut v: Vec<String> = h.state.subscribers.shown().iter().map(|s| s.email.clone()).collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// The compose pane
// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_post_is_written_saved_as_a_draft_published_and_edited() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let before = posts(h.store()).len();

    h.key(KeyCode::Char('n'));
    assert_eq!(focused_label(compose(&h)), "Title");
    h.type_text("Notes on Tabs");
    h.key(KeyCode::Tab); // to Slug, left empty: derived from the title
    h.key(KeyCode::Tab); // to Author
    assert_eq!(focused_label(compose(&h)), "Author");
    h.type_text("el");
    assert!(h.screen().contains("Tab: Elena Marsh"), "the author completion is offered:\n{}", h.screen());
    h.key(KeyCode::Tab); // completes
    assert_eq!(compose_field(&h, "Author"), "Elena Marsh");
    assert_eq!(focused_label(compose(&h)), "Author", "Tab completed instead of moving on");
    h.key(KeyCode::Tab); // to Tags
    h.type_text("perf");
    h.key(KeyCode::Tab); // completes the last item
    assert_eq!(compose_field(&h, "Tags"), "performance, ");
    h.type_text("brand-new");
    h.key(KeyCode::Tab); // nothing to complete: next field
    assert_eq!(focused_label(compose(&h)), "Summary");
    h.type_text("Why tabs complete.");
    h.key(KeyCode::Enter); // Enter in a one-line field moves on
    assert_eq!(focused_label(compose(&h)), "Body");
    h.type_text("# Tabs\n\nThey complete.\nThen they move on.");
    assert!(h.screen().contains("They complete. Then they move on."), "the preview follows:\n{}", h.screen());
    assert_eq!(posts(h.store()).len(), before, "nothing is written before Ctrl-S");

    h.ctrl('s');
    assert_eq!(message(&h), "saved (draft)");
    let post = post_titled(h.store(), "Notes on Tabs").expect("the draft is in the store");
    assert_eq!(post.meta.slug, "notes-on-tabs");
    assert_eq!(post.meta.author.as_deref(), Some("Elena Marsh"));
    assert_eq!(post.meta.tags, ["brand-new", "performance"]);
    assert_eq!(post.meta.summary, "Why tabs complete.");
    assert_eq!(post.body, "# Tabs\n\nThey complete.\nThen they move on.");
    assert_eq!(post.meta.status, PostStatus::Draft);
    assert_eq!(posts(h.store()).len(), before + 1);
    assert!(!compose(&h).dirty(), "saved means clean");

    h.ctrl('o');
    assert_eq!(message(&h), "saved (published)");
    let published = post_titled(h.store(), "Notes on Tabs").expect("still there");
    assert_eq!(published.meta.id, post.meta.id, "publishing saves the same post");
    assert_eq!(published.meta.status, PostStatus::Published);
    assert_eq!(published.meta.published_at, Some(T));

    h.key(KeyCode::Esc); // clean: leaves without asking
    assert!(h.state.compose.is_none() && h.state.overlay.is_none());
    assert!(h.screen().contains("Notes on Tabs"), "the list shows the new post:\n{}", h.screen());

    select_post(&mut h, "Notes on Tabs");
    h.key(KeyCode::Char('e'));
    assert_eq!(compose(&h).title, "Edit post");
    assert_eq!(compose_field(&h, "Title"), "Notes on Tabs");
    assert_eq!(compose_field(&h, "Slug"), "notes-on-tabs");
    assert_eq!(compose_field(&h, "Author"), "Elena Marsh");
    assert_eq!(compose_field(&h, "Tags"), "brand-new, performance");
    assert_eq!(compose_field(&h, "Summary"), "Why tabs complete.");
    assert_eq!(compose_field(&h, "Body"), "# Tabs\n\nThey complete.\nThen they move on.");
    assert_eq!(focused_label(compose(&h)), "Body", "editing starts in the body");
    for _ in 0..5 {
        h.key(KeyCode::BackTab);
    }
    assert_eq!(focused_label(compose(&h)), "Title");
    clear_field(&mut h);
    h.type_text("Notes on Tab Completion");
    h.ctrl('s');

    assert_eq!(posts(h.store()).len(), before + 1, "editing does not add a post");
    assert!(post_titled(h.store(), "Notes on Tabs").is_none());
    let edited = post_titled(h.store(), "Notes on Tab Completion").expect("renamed");
    assert_eq!(edited.meta.id, post.meta.id);
    assert_eq!(edited.meta.slug, "notes-on-tabs", "the slug is kept");
    assert_eq!(edited.meta.status, PostStatus::Published, "Ctrl-S does not unpublish");
    assert_eq!(edited.body, post.body);
    assert_eq!(edited.meta.tags, post.meta.tags);
}

#[test]
fn ctrl_e_hands_the_body_to_the_editor_and_takes_the_result_back() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Edited elsewhere");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.type_text("first draft");
    h.ctrl('e');
    assert_eq!(h.editor_requests(), ["first draft"], "the body goes to $EDITOR");
    assert_eq!(message(&h), "no editor when headless", "a failed editor says why");
    assert_eq!(compose_field(&h, "Body"), "first draft", "and the body is kept");

    h.send(Msg::EditorDone(Ok("# Rewritten\n\nin the editor".into())));
    assert_eq!(compose_field(&h, "Body"), "# Rewritten\n\nin the editor");
    assert!(h.screen().contains("in the editor"), "{}", h.screen());
    h.ctrl('s');
    assert_eq!(post_titled(h.store(), "Edited elsewhere").expect("saved").body, "# Rewritten\n\nin the editor");
}

#[test]
fn ctrl_o_on_a_published_post_unpublishes_it() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    select_post(&mut h, "Load Testing Without Fooling Yourself");
    h.key(KeyCode::Char('e'));
    h.ctrl('o');
    let p = post_titled(h.store(), "Load Testing Without Fooling Yourself").expect("post");
    assert_eq!(p.meta.status, PostStatus::Draft);
    assert_eq!(message(&h), "saved (draft)");
}

#[test]
fn an_empty_title_is_refused_on_its_field_and_the_rest_is_kept() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let before = posts(h.store());
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Someone New");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("keep me\nand me");

    h.ctrl('s');
    assert_eq!(posts(h.store()), before, "nothing saved");
    let error = compose_error(&h, "Title").expect("the title field has an error");
    assert!(error.contains("title is empty"), "{error}");
    assert_eq!(focused_label(compose(&h)), "Title", "the cursor goes to the field at fault");
    assert_eq!(compose_field(&h, "Author"), "Someone New");
    assert_eq!(compose_field(&h, "Body"), "keep me\nand me");
    assert!(h.screen().contains("the title is empty"), "the error is on screen:\n{}", h.screen());
    assert_eq!(message(&h), "not saved: fix the marked field");

    h.type_text("Now titled");
    assert_eq!(compose_error(&h, "Title"), None, "typing clears the error");
    h.ctrl('s');
    let p = post_titled(h.store(), "Now titled").expect("saved once fixed");
    assert_eq!(p.meta.author.as_deref(), Some("Someone New"));
    assert_eq!(p.body, "keep me\nand me");
}

#[test]
fn a_bad_slug_a_taken_slug_and_a_long_tag_are_marked_on_their_fields() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let before = posts(h.store());
    h.key(KeyCode::Char('n'));
    h.type_text("A Valid Title");
    h.key(KeyCode::Tab);
    h.type_text("Bad Slug");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("body text");

    h.ctrl('s');
    let error = compose_error(&h, "Slug").expect("slug error");
    assert!(error.contains("invalid slug 'Bad Slug'"), "{error}");
    assert_eq!(focused_label(compose(&h)), "Slug");
    assert_eq!(compose_field(&h, "Slug"), "Bad Slug", "the text is kept");
    assert_eq!(posts(h.store()), before);

    // A slug another post has: only the store knows; its refusal comes back onto the field.
    clear_field(&mut h);
    h.type_text("load-testing-without-fooling-yourself");
    h.ctrl('s');
    let error = compose_error(&h, "Slug").expect("the store's refusal is on the slug field");
    assert!(error.contains("load-testing-without-fooling-yourself"), "{error}");
    assert!(h.state.compose.is_some(), "the pane stays open");
    assert_eq!(compose_field(&h, "Title"), "A Valid Title");
    assert_eq!(compose_field(&h, "Body"), "body text");
    assert_eq!(posts(h.store()), before, "nothing saved");
    assert!(h.screen().contains(&error[..30.min(error.len())]), "shown:\n{}", h.screen());

    clear_field(&mut h);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    assert_eq!(focused_label(compose(&h)), "Tags");
    let long = "t".repeat(41);
    h.type_text(&format!("ok, {long}"));
    h.ctrl('s');
    let error = compose_error(&h, "Tags").expect("tag error");
    assert!(error.contains(&long) && error.contains("1 to 40 characters"), "{error}");
    assert_eq!(compose_error(&h, "Slug"), None);
    assert_eq!(compose_field(&h, "Tags"), format!("ok, {long}"));
    assert_eq!(posts(h.store()), before);

    // 40 characters is allowed.
    h.key(KeyCode::Backspace);
    h.ctrl('s');
    let p = post_titled(h.store(), "A Valid Title").expect("saved");
    assert_eq!(p.meta.tags, ["ok".to_string(), "t".repeat(40)]);
    assert_eq!(p.meta.slug, "a-valid-title");
}

#[test]
fn leaving_with_unsaved_changes_asks_first() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);

    // No changes: Esc leaves at once.
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Esc);
    assert!(h.state.compose.is_none());
    assert!(h.state.overlay.is_none());

    h.key(KeyCode::Char('n'));
    h.type_text("Half a thought");
    h.send(Msg::Tick(T + 3));
    assert!(store::load_autosave(h.store().conn()).expect("read autosave").is_some());

    h.key(KeyCode::Esc);
    assert!(confirm_question(&h).contains("Discard the unsaved changes?"));
    assert!(h.screen().contains("Discard the unsaved changes?"));
    h.key(KeyCode::Char('n'));
    assert!(h.state.overlay.is_none());
    assert_eq!(compose_field(&h, "Title"), "Half a thought", "n keeps editing");
    h.type_text("s");
    assert_eq!(compose_field(&h, "Title"), "Half a thoughts", "keys edit again");

    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert!(h.state.compose.is_none(), "y discards");
    assert!(h.state.overlay.is_none());
    assert_eq!(store::load_autosave(h.store().conn()).expect("read autosave"), None, "and clears the autosave");
    assert!(post_titled(h.store(), "Half a thoughts").is_none());
}

#[test]
fn the_compose_buffer_is_autosaved_every_few_seconds() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Autosaved title");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("Kofi Adjei");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("line one\nline two");

    h.send(Msg::Tick(T + 1));
    assert_eq!(store::load_autosave(h.store().conn()).expect("read"), None, "not yet: less than the interval");
    h.send(Msg::Tick(T + 3));
    let (draft, saved_at) = store::load_autosave(h.store().conn()).expect("read").expect("autosaved");
    assert_eq!(draft.post_id, None);
    assert_eq!(draft.title, "Autosaved title");
    assert_eq!(draft.author, "Kofi Adjei");
    assert_eq!(draft.body, "line one\nline two");
    assert_eq!(saved_at, T);
    assert!(post_titled(h.store(), "Autosaved title").is_none(), "an autosave is not a post");

    // Saving for real clears the autosave.
    h.ctrl('s');
    assert!(post_titled(h.store(), "Autosaved title").is_some());
    assert_eq!(store::load_autosave(h.store().conn()).expect("read"), None);
}

/// Writes a draft, lets it autosave, and drops the TUI without leaving (a killed terminal).
fn crash_mid_compose(blog: &Blog) {
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Lost in a crash");
    h.key(KeyCode::Tab);
    h.type_text("found-again");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("every word\nkept");
    h.send(Msg::Tick(T + 3));
    drop(h);
}

#[test]
fn after_a_crash_the_next_start_offers_the_draft_and_y_restores_it() {
    let blog = Blog::seeded();
    crash_mid_compose(&blog);

    let mut h = blog.tui(130, 32);
    let question = confirm_question(&h);
    assert!(question.contains("Restore the unsaved draft 'Lost in a crash' from 2026-07-01 00:00?"), "{question}");
    assert!(
        matches!(&h.state.overlay, Some(Overlay::Confirm { action, .. }) if matches!(**action, Confirmable::RestoreAutosave(_)))
    );
    assert!(h.screen().contains("Lost in a crash"), "{}", h.screen());

    h.key(KeyCode::Char('y'));
    assert!(h.state.overlay.is_none());
    assert_eq!(compose_field(&h, "Title"), "Lost in a crash");
    assert_eq!(compose_field(&h, "Slug"), "found-again", "the typed slug is not lost");
    assert_eq!(compose_field(&h, "Body"), "every word\nkept");
    assert!(compose(&h).dirty(), "a restored draft is unsaved until saved");
    assert!(message(&h).contains("restored the unsaved draft"));
    assert!(store::load_autosave(h.store().conn()).expect("read").is_some(), "still safe until saved");

    h.ctrl('s');
    let p = post_titled(h.store(), "Lost in a crash").expect("saved");
    assert_eq!(p.body, "every word\nkept");
    assert_eq!(p.meta.slug, "found-again");
    assert_eq!(store::load_autosave(h.store().conn()).expect("read"), None);
}

#[test]
fn an_autosaved_edit_is_restored_onto_the_same_post() {
    let blog = Blog::seeded();
    let title = "Load Testing Without Fooling Yourself";
    let before = posts(&blog.store());
    let original = post_titled(&blog.store(), title).expect("sample post");
    let mut h = blog.tui(130, 32);
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    h.type_text("Updated intro.\n\n");
    h.send(Msg::Tick(T + 3));
    drop(h);

    let mut h = blog.tui(130, 32);
    assert!(confirm_question(&h).contains(title));
    h.key(KeyCode::Char('y'));
    assert_eq!(compose(&h).title, "Edit post");
    assert_eq!(compose_field(&h, "Slug"), original.meta.slug, "the restored edit shows the post's slug");
    assert!(compose_field(&h, "Body").starts_with("Updated intro.\n\n"));
    h.ctrl('s');
    assert_eq!(posts(h.store()).len(), before.len(), "no duplicate");
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.id, original.meta.id);
    // Exactly: the body editor keeps the body's final newline.
    assert_eq!(p.body, format!("Updated intro.\n\n{}", original.body));
    assert_eq!(p.meta.slug, original.meta.slug);
    assert_eq!(p.meta.published_at, original.meta.published_at, "still published at its date");
}

/// The autosave remembers that the edited post was published, so Ctrl-O after a restore
/// unpublishes it (as it would have before the crash) instead of publishing it again.
#[test]
fn ctrl_o_after_restoring_an_edit_of_a_published_post_unpublishes_it() {
    let blog = Blog::seeded();
    let title = "Load Testing Without Fooling Yourself";
    let mut h = blog.tui(130, 32);
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    h.type_text("More. ");
    h.send(Msg::Tick(T + 3));
    drop(h);

    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('y'));
    h.ctrl('o');
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.status, byline::domain::PostStatus::Draft);
    assert!(p.body.starts_with("More. "));
}

/// Editing only the title leaves the body byte for byte as it was.
#[test]
fn saving_an_edit_keeps_the_body_exactly() {
    let blog = Blog::seeded();
    let title = "Why One Slow Query Can Sink a Whole Site";
    let original = post_titled(&blog.store(), title).expect("sample post");
    assert!(original.body.ends_with('\n'));
    let mut h = blog.tui(130, 32);
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.type_text("!");
    h.ctrl('s');
    let p = post_titled(h.store(), &format!("{title}!")).expect("renamed post");
    assert_eq!(p.body, original.body);
}

#[test]
fn an_autosave_written_before_drafts_had_a_slug_is_still_offered() {
    let blog = Blog::seeded();
    let s = blog.store();
    let old = r#"{"post_id":null,"title":"Old format","author":"","tags":"","summary":"","body":"kept"}"#;
    s.conn()
        .execute("INSERT INTO compose_autosave (slot, draft, saved_at) VALUES (1, ?1, ?2)", rusqlite::params![old, T])
        .expect("write an old autosave");
    drop(s);
    let mut h = blog.tui(130, 32);
    assert!(confirm_question(&h).contains("'Old format'"));
    h.key(KeyCode::Char('y'));
    assert_eq!(compose_field(&h, "Slug"), "");
    assert_eq!(compose_field(&h, "Body"), "kept");
}

#[test]
fn after_a_crash_n_discards_the_offered_draft() {
    let blog = Blog::seeded();
    crash_mid_compose(&blog);

    let mut h = blog.tui(130, 32);
    assert!(confirm_question(&h).contains("Lost in a crash"));
    h.key(KeyCode::Char('n'));
    assert!(h.state.overlay.is_none());
    assert!(h.state.compose.is_none());
    assert_eq!(store::load_autosave(h.store().conn()).expect("read"), None, "discarded");
    drop(h);

    let h = blog.tui(130, 32);
    assert!(h.state.overlay.is_none(), "not offered again");
}

#[test]
fn quitting_mid_compose_autosaves_and_the_next_start_offers_it() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('n'));
    h.type_text("Typed just before quitting");
    h.ctrl('c');
    assert!(h.state.quit);
    let (draft, _) = store::load_autosave(h.store().conn()).expect("read").expect("saved on quit");
    assert_eq!(draft.title, "Typed just before quitting");
    drop(h);
    let h = blog.tui(130, 32);
    assert!(confirm_question(&h).contains("Typed just before quitting"));
}

// ---------------------------------------------------------------------------------------------
// Post actions from the list
// ---------------------------------------------------------------------------------------------

#[test]
fn p_publishes_and_unpublishes_the_selected_post() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "The Machine Learning Behind Similar Posts";
    assert_eq!(post_titled(h.store(), title).expect("sample draft").meta.status, PostStatus::Draft);
    select_post(&mut h, title);
    let id = h.state.posts.list.selected_id();

    h.key(KeyCode::Char('p'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.status, PostStatus::Published);
    assert_eq!(p.meta.published_at, Some(T));
    assert_eq!(message(&h), "the post is now published");
    assert_eq!(h.state.posts.list.selected_id(), id, "the selection follows the post");

    h.key(KeyCode::Char('p'));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.status, PostStatus::Draft);
    assert_eq!(p.meta.published_at, None);
    assert_eq!(message(&h), "the post is now draft");
}

#[test]
fn d_asks_then_trashes_and_capital_u_restores() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Why One Slow Query Can Sink a Whole Site";
    let original = post_titled(h.store(), title).expect("sample post");
    select_post(&mut h, title);

    h.key(KeyCode::Char('d'));
    let q = confirm_question(&h);
    assert!(q.contains("Move 'Why One Slow Query") && q.contains("to the trash?"), "{q}");
    assert!(post_titled(h.store(), title).is_some(), "nothing happens before y");
    h.key(KeyCode::Char('n'));
    assert!(h.state.overlay.is_none());
    assert!(post_titled(h.store(), title).is_some(), "n keeps it");

    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert!(post_titled(h.store(), title).is_none(), "gone from the posts");
    let trash = store::list_trash(h.store().conn()).expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].title, title);
    assert_eq!(trash[0].post_id, original.meta.id.0);
    assert_eq!(message(&h), format!("moved '{title}' to the trash; U undoes"));
    assert!(!h.state.posts.list.rows.iter().any(|r| r.post.title == title), "gone from the list");

    h.key(KeyCode::Char('U'));
    let back = post_titled(h.store(), title).expect("restored");
    assert_eq!(back, original, "restored as it was");
    assert!(store::list_trash(h.store().conn()).expect("trash").is_empty());
    assert_eq!(message(&h), format!("restored '{title}'"));
    assert!(h.state.posts.list.rows.iter().any(|r| r.post.title == title), "back in the list");

    h.key(KeyCode::Char('U'));
    assert_eq!(message(&h), "the trash is empty");
}

#[test]
fn deleting_the_post_being_read_goes_back_to_the_list() {
    let blog = Blog::seeded();
    let mut h = blog.tui(80, 24);
    let title = "Load Testing Without Fooling Yourself";
    select_post(&mut h, title);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.focus, byline::app::Focus::Article);
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(title));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), format!("moved '{title}' to the trash; U undoes"));
    assert!(post_titled(h.store(), title).is_none());
    assert_eq!(h.state.posts.focus, byline::app::Focus::List);
    assert!(h.state.posts.article.as_ref().is_none_or(|a| a.post.meta.title != title), "the deleted post is not shown");
    assert!(!h.screen().contains(&format!("● {title}")), "{}", h.screen());
}

#[test]
fn capital_t_edits_the_selected_posts_tags() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Tools That Keep a Web Team From Tripping Over Itself";
    select_post(&mut h, title);

    h.key(KeyCode::Char('T'));
    assert_eq!(form(&h).field(FieldId::Tags), "teams, tooling");
    clear_field(&mut h);
    h.type_text("data");
    h.key(KeyCode::Tab); // completes to "databases, "
    assert_eq!(form(&h).field(FieldId::Tags), "databases, ");
    h.type_text("Workflow");
    h.ctrl('s');
    assert!(h.state.overlay.is_none(), "the form closes once saved");
    assert_eq!(message(&h), "tags saved");
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.tags, ["databases", "Workflow"]);
    assert!(tag_counts(h.store()).contains(&("Workflow".into(), 1)), "a new tag was created");

    // A bad tag is marked on the field and nothing changes.
    h.key(KeyCode::Char('T'));
    h.type_text(&format!(", {}", "x".repeat(41)));
    h.ctrl('s');
    assert!(form_error(&h, "Tags").expect("error").contains("1 to 40 characters"));
    assert_eq!(post_titled(h.store(), title).expect("post").meta.tags, ["databases", "Workflow"]);
}

#[test]
fn y_copies_the_selected_posts_slug() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    select_post(&mut h, "Load Testing Without Fooling Yourself");
    h.key(KeyCode::Char('y'));
    assert_eq!(h.copied(), ["load-testing-without-fooling-yourself"]);
    assert_eq!(message(&h), "copied 'load-testing-without-fooling-yourself' to the clipboard");
    assert!(h.screen().contains("copied 'load-testing-without-fooling-yourself'"));
}

#[test]
fn post_actions_on_an_empty_blog_say_there_is_no_post() {
    let blog = Blog::empty();
    let mut h = blog.tui(130, 32);
    for key in ['e', 'p', 'd', 'T', 'y'] {
        h.key(KeyCode::Char(key));
        assert_eq!(message(&h), "no post selected", "{key}");
        assert!(h.state.overlay.is_none() && h.state.compose.is_none(), "{key}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tags view
// ---------------------------------------------------------------------------------------------

#[test]
fn the_tags_view_lists_tags_with_their_post_counts() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.state.view, View::Tags);
    let expected = tag_counts(h.store());
    assert_eq!(expected.len(), 12);
    let shown: Vec<(String, i64)> = h.state.tags.items.iter().map(|t| (t.name.clone(), t.posts)).collect();
    assert_eq!(shown, expected);
    let screen = h.screen();
    assert!(screen.contains("Tags · 12"), "{screen}");
    for (name, count) in &expected {
        let row = screen.lines().find(|l| l.split_whitespace().next() == Some(name)).expect("a row per tag");
        assert_eq!(row.split_whitespace().collect::<Vec<_>>(), [name, &count.to_string(), name], "{row}");
    }
    assert!(expected.contains(&("performance".into(), 5)), "{expected:?}");
}

#[test]
fn r_renames_a_tag_everywhere() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Char('r'));
    assert_eq!(form(&h).field(FieldId::NewName), "seo");
    clear_field(&mut h);
    h.type_text("search-engines");
    h.key(KeyCode::Enter); // the only field: Enter saves
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), "renamed 'seo' to 'search-engines'");
    let tags = tag_counts(h.store());
    assert!(tags.contains(&("search-engines".into(), 2)) && !tags.iter().any(|(n, _)| n == "seo"), "{tags:?}");
    let p = post_titled(h.store(), "How Crawlers Find Your Pages: Sitemaps and robots.txt").expect("post");
    assert_eq!(p.meta.tags, ["search", "search-engines"]);
    assert!(h.state.tags.items.iter().any(|t| t.name == "search-engines"), "the view re-reads");
    assert_eq!(subscriber(h.store(), "marcus.oyelaran@example.com").expect("sub").tags, ["search-engines"]);

    // Renaming onto an existing tag is refused on the field; nothing changes.
    select_tag(&mut h, "teams");
    h.key(KeyCode::Char('r'));
    clear_field(&mut h);
    h.type_text("tooling");
    h.ctrl('s');
    let error = form_error(&h, "New name").expect("refused");
    assert!(error.contains("tooling"), "{error}");
    assert_eq!(form(&h).field(FieldId::NewName), "tooling");
    assert!(tag_counts(h.store()).contains(&("teams".into(), 2)));
}

#[test]
fn m_merges_a_tag_into_another() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let store_posts = |h: &Headless, tag: &str| -> Vec<String> {
        let f = ListFilter { tag: Some(tag.into()), ..Default::default() };
        let mut v: Vec<String> =
            store::list_posts(h.store().conn(), &f, T).expect("list").into_iter().map(|p| p.title).collect();
        v.sort();
        v
    };
    let mut expected = store_posts(&h, "teams");
    expected.extend(store_posts(&h, "tooling"));
    expected.sort();
    expected.dedup();

    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "teams");
    h.key(KeyCode::Char('m'));
    h.type_text("te");
    assert_eq!(form(&h).fields[0].suggestions(4), Vec::<&str>::new(), "a tag is not offered to merge into itself");
    assert!(!h.screen().contains("Tab: teams"), "{}", h.screen());
    clear_field(&mut h);
    h.type_text("too");
    assert!(h.screen().contains("Tab: tooling"), "{}", h.screen());
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Into), "tooling");
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), "merged 'teams' into 'tooling' (2 posts)");
    assert!(!tag_counts(h.store()).iter().any(|(n, _)| n == "teams"));
    assert_eq!(store_posts(&h, "tooling"), expected, "the posts moved");
    assert!(!h.state.tags.items.iter().any(|t| t.name == "teams"), "the view re-reads");

    // Merging into a tag that does not exist is refused on the field.
    select_tag(&mut h, "media");
    h.key(KeyCode::Char('m'));
    h.type_text("nonesuch");
    h.key(KeyCode::Enter);
    assert!(form_error(&h, "Into").is_some());
    assert!(tag_counts(h.store()).contains(&("media".into(), 1)));
}

#[test]
fn d_deletes_a_tag_nobody_follows_after_asking() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "languages");
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains("Delete the tag 'languages' from 2 post(s)?"));
    h.key(KeyCode::Char('n'));
    assert!(tag_counts(h.store()).contains(&("languages".into(), 2)), "n keeps it");

    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), "deleted 'languages' from 2 post(s)");
    assert!(!tag_counts(h.store()).iter().any(|(n, _)| n == "languages"));
    let p = post_titled(h.store(), "Choosing a Back-End Language Without Starting a War").expect("post kept");
    assert_eq!(p.meta.tags, ["servers", "teams"]);
    assert_eq!(h.state.tags.items.len(), 11);
}

#[test]
fn deleting_a_followed_tag_is_refused_and_changes_nothing() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let tags_before = tag_counts(h.store());
    let subs_before = subscribers(h.store());
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "seo");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    let msg = message(&h);
    assert!(msg.contains("1 subscriber(s) follow 'seo'"), "{msg}");
    assert!(msg.contains("merge it into another tag with m"), "{msg}");
    assert!(h.screen().contains("1 subscriber(s) follow 'seo'"), "{}", h.screen());
    assert_eq!(tag_counts(h.store()), tags_before);
    assert_eq!(subscribers(h.store()), subs_before);
}

#[test]
fn enter_on_a_tag_shows_its_posts() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('2'));
    select_tag(&mut h, "databases");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.view, View::Posts);
    assert_eq!(h.state.posts.filter.tag.as_deref(), Some("databases"));
    let mut titles: Vec<String> = h.state.posts.list.rows.iter().map(|r| r.post.title.clone()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["The Machine Learning Behind Similar Posts", "Why One Slow Query Can Sink a Whole Site"],
        "only the tag's posts"
    );
    let screen = h.screen();
    assert!(screen.lines().next().is_some_and(|l| l.contains("tag: databases") && l.contains("2 posts")), "{screen}");
}

// ---------------------------------------------------------------------------------------------
// The subscribers view
// ---------------------------------------------------------------------------------------------

#[test]
fn the_subscribers_view_counts_by_status_and_filters_by_text_and_status() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    assert_eq!(h.state.view, View::Subscribers);
    assert!(h.screen().contains("Subscribers · 6 · active 3 · pending 2 · unsubscribed 1"), "{}", h.screen());
    assert_eq!(h.state.subscribers.shown().len(), 6);

    h.key(KeyCode::Char('/'));
    h.type_text("example.org");
    assert_eq!(shown_emails(&h), ["chidi.okonkwo@example.org", "hana.sato@example.org"]);
    assert!(h.screen().contains("filter: example.org"));
    assert!(!h.screen().contains("ada.fenwick"), "{}", h.screen());
    h.key(KeyCode::Enter); // keeps the filter, leaves typing
    assert!(!h.state.subscribers.filtering);
    assert_eq!(shown_emails(&h).len(), 2);

    // Typing a name narrows too, case-insensitively.
    h.key(KeyCode::Char('/'));
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("LUCIE");
    assert_eq!(shown_emails(&h), ["lucie.baptiste@example.net"]);
    h.key(KeyCode::Esc); // Esc while typing clears the filter
    assert_eq!(h.state.subscribers.filter, "");
    assert_eq!(h.state.view, View::Subscribers, "Esc while filtering stays in the view");
    assert_eq!(shown_emails(&h).len(), 6);

    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.subscribers.status, Some(SubscriberStatus::Active));
    assert_eq!(shown_emails(&h), ["ada.fenwick@example.com", "chidi.okonkwo@example.org", "hana.sato@example.org"]);
    assert!(h.screen().contains("showing active"));
    h.key(KeyCode::Char('f'));
    assert_eq!(shown_emails(&h), ["lucie.baptiste@example.net", "piet.whitlock@example.net"]);
    h.key(KeyCode::Char('f'));
    assert_eq!(shown_emails(&h), ["marcus.oyelaran@example.com"]);
    h.key(KeyCode::Char('f'));
    assert_eq!(h.state.subscribers.status, None);
    assert_eq!(shown_emails(&h).len(), 6);
}

#[test]
fn a_adds_a_subscriber_checking_the_address_as_it_is_typed() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('a'));
    assert_eq!(form(&h).title, "Add a subscriber");

    h.type_text("bad@");
    let error = form_error(&h, "Email").expect("an error while typing");
    assert!(error.contains("invalid email address 'bad@'"), "{error}");
    assert!(h.screen().contains("invalid email address 'bad@'"), "{}", h.screen());
    h.ctrl('s');
    assert_eq!(subscribers(h.store()).len(), 6, "nothing saved");
    assert!(form_error(&h, "Email").is_some(), "the form stays open with its error");
    h.type_text("example");
    assert!(form_error(&h, "Email").expect("no dot in the domain").contains("needs a dot"));
    h.type_text(".com");
    assert_eq!(form_error(&h, "Email"), None, "the error goes as soon as the address is valid");

    // A known address in other case: flagged while typing, and the store refuses it too.
    clear_field(&mut h);
    h.type_text("ADA.FENWICK@Example.com");
    assert!(form_error(&h, "Email").expect("duplicate flagged").contains("already subscribed"));
    h.ctrl('s');
    let error = form_error(&h, "Email").expect("refused");
    assert!(error.contains("ADA.FENWICK@example.com"), "{error}");
    assert_eq!(subscribers(h.store()).len(), 6);
    assert_eq!(form(&h).field(FieldId::Email), "ADA.FENWICK@Example.com", "the text is kept");

    clear_field(&mut h);
    h.type_text("new.reader@example.com");
    h.key(KeyCode::Tab);
    h.type_text("New Reader");
    h.key(KeyCode::Tab);
    h.type_text("cach");
    h.key(KeyCode::Tab); // completes
    h.type_text("seo");
    h.key(KeyCode::Tab);
    assert_eq!(focused_label(form(&h)), "Status");
    clear_field(&mut h);
    h.type_text("pend");
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Status), "pending");
    h.ctrl('s');
    assert!(h.state.overlay.is_none());
    assert_eq!(message(&h), "added new.reader@example.com");
    let s = subscriber(h.store(), "new.reader@example.com").expect("added");
    assert_eq!(s.name.as_deref(), Some("New Reader"));
    assert_eq!(s.tags, ["caching", "seo"]);
    assert_eq!(s.status, SubscriberStatus::Pending);
    assert_eq!(s.created_at, T);
    assert!(h.screen().contains("new.reader@example.com"));
    assert!(h.screen().contains("Subscribers · 7 · active 3 · pending 3"));
}

#[test]
fn e_edits_name_tags_and_status() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    select_subscriber(&mut h, "piet.whitlock@example.net");
    h.key(KeyCode::Char('e'));
    assert_eq!(form(&h).title, "Edit piet.whitlock@example.net");
    assert_eq!(form(&h).field(FieldId::Name), "Piet Whitlock");
    assert_eq!(form(&h).field(FieldId::Status), "pending");
    clear_field(&mut h);
    h.type_text("Piet W.");
    h.key(KeyCode::Tab);
    h.type_text("teams, tooling");
    h.key(KeyCode::Tab);
    clear_field(&mut h);
    h.type_text("active");
    h.key(KeyCode::Enter); // last field: saves
    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    assert_eq!(message(&h), "saved piet.whitlock@example.net");
    let s = subscriber(h.store(), "piet.whitlock@example.net").expect("still there");
    assert_eq!(s.name.as_deref(), Some("Piet W."));
    assert_eq!(s.tags, ["teams", "tooling"]);
    assert_eq!(s.status, SubscriberStatus::Active);
    assert_eq!(s.confirmed_at, Some(T));

    // A status that does not exist is marked on its field.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::BackTab);
    assert_eq!(focused_label(form(&h)), "Status");
    clear_field(&mut h);
    h.type_text("vip");
    h.ctrl('s');
    assert!(form_error(&h, "Status").expect("bad status").contains("unknown status 'vip'"));
    h.key(KeyCode::Esc);
    assert!(h.state.overlay.is_none());
    assert_eq!(subscriber(h.store(), "piet.whitlock@example.net").expect("sub").status, SubscriberStatus::Active);

    // An address that unsubscribed cannot be re-activated by an edit.
    select_subscriber(&mut h, "marcus.oyelaran@example.com");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::BackTab);
    clear_field(&mut h);
    h.type_text("active");
    h.ctrl('s');
    assert!(form_error(&h, "Status").expect("refused").contains("unsubscribed"));
    assert_eq!(
        subscriber(h.store(), "marcus.oyelaran@example.com").expect("sub").status,
        SubscriberStatus::Unsubscribed
    );
}

#[test]
fn text_pasted_into_a_one_line_field_cannot_bring_control_characters() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    select_subscriber(&mut h, "piet.whitlock@example.net");
    h.key(KeyCode::Char('e'));
    clear_field(&mut h);
    h.send(Msg::Paste("Piet\tWhitlock\r\n".into()));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    let name = subscriber(h.store(), "piet.whitlock@example.net").expect("sub").name.expect("a name");
    assert_eq!(name, "Piet Whitlock");
    assert!(!name.chars().any(char::is_control), "{name:?}");

    // So an export of it imports back.
    let out = blog.file("roundtrip.csv");
    h.key(KeyCode::Char('x'));
    clear_field(&mut h);
    h.type_text(&out.display().to_string());
    h.key(KeyCode::Enter);
    let (_, bad) = byline::transfer::subscribers_csv::parse(std::fs::read(&out).expect("exported").as_slice())
        .expect("reads back");
    assert!(bad.is_empty(), "{bad:?}");

    // In the body a pasted newline stays a newline.
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('n'));
    h.send(Msg::Paste("Pasted\ttitle\r\n".into()));
    assert_eq!(compose_field(&h, "Title"), "Pasted title  ");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.send(Msg::Paste("one\r\ntwo".into()));
    assert_eq!(compose_field(&h, "Body"), "one\ntwo");
}

#[test]
fn u_unsubscribes_and_d_removes_after_asking() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    select_subscriber(&mut h, "hana.sato@example.org");
    h.key(KeyCode::Char('u'));
    assert_eq!(message(&h), "hana.sato@example.org is unsubscribed");
    let s = subscriber(h.store(), "hana.sato@example.org").expect("kept");
    assert_eq!(s.status, SubscriberStatus::Unsubscribed);
    assert_eq!(s.unsubscribed_at, Some(T));
    assert!(h.screen().contains("active 2 · pending 2 · unsubscribed 2"), "{}", h.screen());

    select_subscriber(&mut h, "ada.fenwick@example.com");
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains("Remove ada.fenwick@example.com for good?"));
    h.key(KeyCode::Esc);
    assert!(subscriber(h.store(), "ada.fenwick@example.com").is_some(), "Esc keeps it");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), "removed ada.fenwick@example.com");
    assert!(subscriber(h.store(), "ada.fenwick@example.com").is_none());
    assert_eq!(subscribers(h.store()).len(), 5);
    let screen = h.screen();
    let table: Vec<&str> = screen.lines().take(31).collect();
    assert!(!table.iter().any(|l| l.contains("ada.fenwick")), "{screen}");
}

#[test]
fn i_imports_a_csv_file_and_reports_what_it_did() {
    let blog = Blog::seeded();
    let csv = blog.file("people.csv");
    std::fs::write(
        &csv,
        "email,name,status,tags\n\
         new.one@example.com,New One,active,databases;seo\n\
         ada.fenwick@example.com,Ada F. Fenwick,,\n\
         not-an-address,Nobody,active,\n\
         marcus.oyelaran@example.com,Marcus,active,seo\n\
         new.two@example.com,,pending,\n\
         chidi.okonkwo@example.org,\"Okonkwo, Chidi\",active,databases;performance\n",
    )
    .expect("write csv");
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('i'));
    assert_eq!(form(&h).title, "Import subscribers from CSV");
    h.type_text(&csv.display().to_string());
    h.key(KeyCode::Enter);

    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    let msg = message(&h);
    assert!(msg.starts_with("imported: 2 added, 1 updated, 1 unchanged, 2 skipped (line 4: "), "{msg}");
    assert!(msg.contains("not-an-address"), "{msg}");
    assert!(msg.contains("line 5: marcus.oyelaran@example.com unsubscribed"), "{msg}");
    let one = subscriber(h.store(), "new.one@example.com").expect("added");
    assert_eq!((one.name.as_deref(), one.status), (Some("New One"), SubscriberStatus::Active));
    assert_eq!(one.tags, ["databases", "seo"]);
    assert_eq!(subscriber(h.store(), "new.two@example.com").expect("added").status, SubscriberStatus::Pending);
    assert_eq!(subscriber(h.store(), "ada.fenwick@example.com").expect("kept").name.as_deref(), Some("Ada F. Fenwick"));
    assert_eq!(
        subscriber(h.store(), "marcus.oyelaran@example.com").expect("kept").status,
        SubscriberStatus::Unsubscribed,
        "an import never re-subscribes"
    );
    assert!(subscriber(h.store(), "not-an-address").is_none());
    assert_eq!(subscribers(h.store()).len(), 8);
    assert!(h.screen().contains("Subscribers · 8"), "the view re-reads:\n{}", h.screen());

    // A missing file is marked on the field.
    h.key(KeyCode::Char('i'));
    let missing = blog.file("missing.csv").display().to_string();
    h.type_text(&missing);
    h.key(KeyCode::Enter);
    assert!(form_error(&h, "File").expect("error").contains("missing.csv"));
    assert_eq!(subscribers(h.store()).len(), 8);
}

#[test]
fn x_exports_every_subscriber_to_a_csv_file() {
    let blog = Blog::seeded();
    let out = blog.file("export.csv");
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('f')); // a status filter does not narrow the export
    h.key(KeyCode::Char('x'));
    assert_eq!(form(&h).field(FieldId::Path), "subscribers.csv");
    clear_field(&mut h);
    h.type_text(&out.display().to_string());
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    assert_eq!(message(&h), format!("exported 6 subscriber(s) to {}", out.display()));

    let text = std::fs::read_to_string(&out).expect("the file was written");
    let (rows, bad) = byline::transfer::subscribers_csv::parse(text.as_bytes()).expect("it reads back");
    assert!(bad.is_empty(), "{bad:?}");
    type Row = (String, Option<String>, Option<&'static str>, Vec<String>);
    let mut exported: Vec<Row> = rows
        .into_iter()
        .map(|r| {
            let tags = r.tags.iter().map(|t| t.as_str().to_string()).collect();
            (r.email.as_str().to_string(), r.name, r.status.map(SubscriberStatus::as_str), tags)
        })
        .collect();
    exported.sort();
    let mut stored: Vec<Row> =
        subscribers(h.store()).into_iter().map(|s| (s.email, s.name, Some(s.status.as_str()), s.tags)).collect();
    stored.sort();
    assert_eq!(exported, stored);
}

// ---------------------------------------------------------------------------------------------
// One store for the TUI and the CLI
// ---------------------------------------------------------------------------------------------

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
