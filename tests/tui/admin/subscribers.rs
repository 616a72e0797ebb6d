//! The subscribers view: filters, add with a live check, edit, unsubscribe, remove, CSV import and export.

use super::*;

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
    // The status is a choice: Right cycles to the next allowed value.
    assert_eq!(form(&h).field(FieldId::Status), "active");
    h.key(KeyCode::Right);
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
    h.key(KeyCode::Left); // pending, back to active
    assert_eq!(form(&h).field(FieldId::Status), "active");
    h.key(KeyCode::Enter); // last field: saves
    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    assert_eq!(message(&h), "saved piet.whitlock@example.net");
    let s = subscriber(h.store(), "piet.whitlock@example.net").expect("still there");
    assert_eq!(s.name.as_deref(), Some("Piet W."));
    assert_eq!(s.tags, ["teams", "tooling"]);
    assert_eq!(s.status, SubscriberStatus::Active);
    assert_eq!(s.confirmed_at, Some(T));

    // A status that does not exist cannot be typed: letters leave the choice as it is.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::BackTab);
    assert_eq!(focused_label(form(&h)), "Status");
    h.type_text("vip");
    h.key(KeyCode::Backspace);
    assert_eq!(form(&h).field(FieldId::Status), "active");
    assert!(h.screen().contains("◂ active ▸"), "{}", h.screen());
    assert!(h.screen().contains("←/→ or Space: active · pending · unsubscribed"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.state.overlay.is_none());
    assert_eq!(subscriber(h.store(), "piet.whitlock@example.net").expect("sub").status, SubscriberStatus::Active);

    // An address that unsubscribed cannot be re-activated by an edit.
    select_subscriber(&mut h, "marcus.oyelaran@example.com");
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Char(' ')); // unsubscribed wraps round to active
    assert_eq!(form(&h).field(FieldId::Status), "active");
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
