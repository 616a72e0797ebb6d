//! The blog's title and description, set from the posts view with `B`.

use super::*;

fn setting(h: &Headless, key: &str) -> String {
    store::get_setting(h.store().conn(), key).unwrap().unwrap_or_default()
}

#[test]
fn b_edits_the_blogs_title_and_description() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('B'));
    assert_eq!(form(&h).field(FieldId::Title), "Behind the Page", "the form starts from what is stored");
    assert_eq!(form(&h).field(FieldId::Description), "");
    clear_field(&mut h);
    h.type_text("Field Notes");
    h.key(KeyCode::Tab);
    h.type_text("Servers and caches");
    h.ctrl('s');
    assert!(h.state.overlay.is_none(), "saved, the form closes");
    assert_eq!(message(&h), "saved the blog's title and description");
    assert_eq!(
        (setting(&h, "blog_title"), setting(&h, "blog_description")),
        ("Field Notes".into(), "Servers and caches".into())
    );
    assert!(h.screen().lines().next().unwrap().contains("Field Notes"), "the header shows it:\n{}", h.screen());

    // Opened again, it shows the saved values; Esc leaves them as they are.
    h.key(KeyCode::Char('B'));
    assert_eq!(form(&h).field(FieldId::Description), "Servers and caches");
    h.type_text(" and more");
    h.key(KeyCode::Esc);
    assert_eq!(setting(&h, "blog_description"), "Servers and caches");
}
