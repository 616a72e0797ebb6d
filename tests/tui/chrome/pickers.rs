//! The tag and author pickers: typing filters, counts under the other filters (posts and
//! unread), the value in force marked, and one filter dropped while the others stay.

use byline::app::Overlay;
use byline::app::overlays::picker::PickerRow;
use byline::store::ListFilter;
use crossterm::event::KeyCode;

use super::sample;

fn picker(h: &byline::tui::Headless) -> &byline::app::Picker {
    match &h.state.overlay {
        Some(Overlay::Picker(p)) => p,
        other => panic!("no picker open: {other:?}"),
    }
}

/// The names shown, with their counts, "any" as None.
fn shown(h: &byline::tui::Headless) -> Vec<Option<(String, i64, i64)>> {
    picker(h)
        .rows()
        .into_iter()
        .map(|r| match r {
            PickerRow::Any => None,
            PickerRow::Value(_, v) => Some((v.name.clone(), v.posts, v.unread)),
        })
        .collect()
}

#[test]
fn typing_filters_the_names_and_enter_chooses_the_first_match() {
    let (_dir, mut h) = sample(120, 35);
    h.key(KeyCode::Char('t'));
    assert_eq!(shown(&h).len(), 12);
    h.type_text("se");
    let names: Vec<String> = shown(&h).into_iter().flatten().map(|(n, ..)| n).collect();
    assert_eq!(names, ["databases", "search", "seo", "servers"], "names containing the letters");
    assert!(h.screen().contains("/ se▏"), "{}", h.screen());
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Enter);
    assert_eq!(h.state.overlay, None);
    assert_eq!(h.state.posts.filter.tag.as_deref(), Some("seo"));
    // Backspace undoes a letter; no match says so.
    h.key(KeyCode::Char('t'));
    h.type_text("zzz");
    assert!(shown(&h).is_empty() && h.screen().contains("no name has these letters"));
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    assert_eq!(shown(&h).len(), 13, "the twelve tags and 'any tag'");
}

#[test]
fn counts_are_under_the_other_filters_and_count_unread_posts() {
    let (_dir, mut h) = sample(120, 35);
    // Read one of Ruth Nakamura's posts tagged seo first.
    h.key(KeyCode::Char('a'));
    h.type_text("ruth");
    h.key(KeyCode::Enter);
    let total = h.state.posts.list.total as i64;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('q'));

    h.key(KeyCode::Char('t'));
    let rows = shown(&h);
    // Every tag counted among Ruth's posts only, and the counts add up to her posts' tags.
    let store = h.store();
    let mine = ListFilter { author: Some("Ruth Nakamura".into()), ..ListFilter::default() };
    let posts = byline::store::list_posts(store.conn(), &mine, super::T).unwrap();
    assert_eq!(posts.len() as i64, total);
    for row in rows.iter().flatten() {
        let with_tag = posts.iter().filter(|p| p.tags.contains(&row.0)).count() as i64;
        assert_eq!(row.1, with_tag, "{row:?}");
    }
    let read = posts[0].id;
    for row in rows.iter().flatten() {
        let tagged = posts.iter().filter(|p| p.tags.contains(&row.0));
        let unread = tagged.filter(|p| p.id != read).count() as i64;
        assert_eq!(row.2, unread, "one read post leaves {row:?}");
    }
    assert!(rows.len() < 12, "tags Ruth never used are not offered: {rows:?}");
}

#[test]
fn the_value_in_force_is_marked_and_any_drops_only_that_filter() {
    let (_dir, mut h) = sample(120, 35);
    h.key(KeyCode::Char('u'));
    h.key(KeyCode::Char('t'));
    h.type_text("servers");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('a'));
    h.type_text("kofi");
    h.key(KeyCode::Enter);
    let both = ListFilter {
        tag: Some("servers".into()),
        author: Some("Kofi Adjei".into()),
        unread_only: true,
        ..ListFilter::default()
    };
    assert_eq!(h.state.posts.filter, both);
    assert!(h.screen().contains("tag: servers · author: Kofi Adjei · unread only"), "{}", h.screen());

    // The tag picker opens on the tag in force, marked, with "any tag" first.
    h.key(KeyCode::Char('t'));
    let p = picker(&h);
    assert_eq!(p.current.as_deref(), Some("servers"));
    assert_eq!(p.rows()[0], PickerRow::Any);
    assert!(matches!(p.rows()[p.selected], PickerRow::Value(_, v) if v.name == "servers"));
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("servers") && l.contains('│')).unwrap();
    assert!(row.contains("✓ servers"), "{row}");
    assert!(screen.contains("(any tag)"));
    assert!(screen.contains("Filter by tag · author: Kofi Adjei · unread only"), "{screen}");

    // Choosing "any tag" drops the tag and keeps the author and unread filters.
    h.key(KeyCode::Home);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.filter, ListFilter { tag: None, ..both });
}
