//! Writing in the compose pane: new posts, edits, validation on the fields, autosave and crash recovery, $EDITOR.

use super::*;

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

/// Ctrl-O means publish: on a live post it saves and keeps it live with its date (it used to
/// unpublish it).
#[test]
fn ctrl_o_on_a_published_post_saves_and_keeps_it_live() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Load Testing Without Fooling Yourself";
    let before = post_titled(h.store(), title).expect("post").meta;
    select_post(&mut h, title);
    h.key(KeyCode::Char('e'));
    h.type_text("Edited. ");
    h.ctrl('o');
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!((p.meta.status, p.meta.published_at), (PostStatus::Published, before.published_at));
    assert!(p.body.starts_with("Edited. "));
    assert_eq!(message(&h), "saved (published)");
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

/// Ctrl-O after restoring an autosaved edit of a published post saves it and keeps it live (it
/// used to unpublish it).
#[test]
fn ctrl_o_after_restoring_an_edit_of_a_published_post_keeps_it_live() {
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
    assert_eq!(p.meta.status, byline::domain::PostStatus::Published);
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
