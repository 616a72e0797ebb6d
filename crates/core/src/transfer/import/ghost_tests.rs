//! Tests of the Ghost reader on an export in Ghost 5's shape and an old 0.x one.

use super::*;

const EXPORT: &[u8] = include_bytes!("../../../tests/fixtures/import/ghost.json");

fn post<'a>(parsed: &'a Parsed, slug: &str) -> &'a ImportItem {
    parsed.items.iter().find(|i| i.slug.as_deref() == Some(slug)).unwrap()
}

fn extra<'a>(item: &'a ImportItem, key: &str) -> Vec<&'a str> {
    item.extra.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
}

#[test]
fn a_published_post_keeps_uuid_authors_tags_dates_and_html_as_markdown() {
    let parsed = parse_ghost("ghost.json", EXPORT).unwrap();
    let tides = post(&parsed, "tides-and-timetables");
    assert_eq!(tides.origin, "ghost.json#tides-and-timetables");
    assert_eq!(tides.source_id.as_deref(), Some("4c1f7a52-7c3e-4e0f-9a55-0d2b8d6c1a01"));
    assert_eq!(tides.title, "Tides & timetables");
    assert_eq!(tides.authors, ["Ines Park", "Tom Vale"], "in posts_authors' sort order");
    assert_eq!(tides.tags, ["Coast", "Ferries"], "in posts_tags' sort order, internal tags aside");
    assert_eq!(extra(tides, "ghost_internal_tag"), ["#wide-layout"]);
    assert_eq!(tides.state, ImportState::Published);
    assert_eq!(tides.published_at, Some(1_708_499_700));
    assert_eq!(tides.updated_at, Some(1_708_594_200));
    assert_eq!(tides.summary.as_deref(), Some("Why the ferry ignores the clock."));
    assert_eq!(extra(tides, "feature_image"), ["/content/images/2024/02/harbour.jpg"]);
    assert_eq!(extra(tides, "feature_image_alt"), ["The harbour at dawn"]);
    assert_eq!(extra(tides, "featured"), ["yes"]);
    let body = &tides.body;
    assert!(body.starts_with("The ferry runs with the **tide**, not the clock."), "{body}");
    assert!(body.contains("![The ferry](/content/images/2024/02/ferry.jpg)"), "{body}");
    assert!(body.contains("Leaving at low water"), "{body}");
    assert!(body.contains("## Times") && body.contains("- 06:10\n- 18:40"), "{body}");
    assert!(!body.contains("kg-card") && !body.contains(GHOST_URL), "{body}");
}

#[test]
fn statuses_pages_and_bodies_without_html() {
    let parsed = parse_ghost("ghost.json", EXPORT).unwrap();
    let slugs: Vec<_> = parsed.items.iter().filter_map(|i| i.slug.as_deref()).collect();
    assert_eq!(
        slugs,
        ["tides-and-timetables", "half-written", "summer-crossings", "members-tide-tables", "january-letter"]
    );

    let draft = post(&parsed, "half-written");
    assert_eq!((draft.state, draft.body.as_str(), draft.published_at), (ImportState::Draft, "Just a start.", None));
    assert_eq!(draft.authors, ["Tom Vale"]);
    let scheduled = post(&parsed, "summer-crossings");
    assert_eq!((scheduled.state, scheduled.published_at), (ImportState::Scheduled, Some(1_906_524_000)));
    assert_eq!(scheduled.summary, None, "an empty custom_excerpt is no summary");
    let paid = post(&parsed, "members-tide-tables");
    assert_eq!((paid.state, extra(paid, "ghost_visibility")), (ImportState::Draft, vec!["paid"]));
    let sent = post(&parsed, "january-letter");
    assert_eq!((sent.state, extra(sent, "ghost_status")), (ImportState::Draft, vec!["sent"]));
    assert!(sent.authors.is_empty());

    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].origin, "ghost.json#untitled");
}

#[test]
fn an_old_export_with_markdown_numeric_ids_and_epoch_dates() {
    let old = br#"{"meta": {"exported_on": 1420070400000, "version": "003"},
      "data": {
        "posts": [{"id": 3, "uuid": "old-uuid-3", "title": "Old times", "slug": "old-times",
                   "markdown": "Some *markdown*.\n", "html": null, "page": false, "status": "published",
                   "author_id": 1, "published_at": 1420070400000, "updated_at": 1420074000000},
                  {"id": 4, "uuid": "old-uuid-4", "title": "A page", "slug": "a-page", "markdown": "x", "page": 1, "status": "published"}],
        "users": [{"id": 1, "name": "Old Hand"}],
        "tags": [{"id": 9, "name": "history"}],
        "posts_tags": [{"id": 1, "post_id": 3, "tag_id": 9}]
      }}"#;
    let parsed = parse_ghost("old.json", old).unwrap();
    assert_eq!(parsed.items.len(), 1);
    let item = &parsed.items[0];
    assert_eq!(item.source_id.as_deref(), Some("old-uuid-3"));
    assert_eq!(item.body, "Some *markdown*.");
    assert_eq!(item.authors, ["Old Hand"]);
    assert_eq!(item.tags, ["history"]);
    assert_eq!((item.published_at, item.updated_at), (Some(1_420_070_400), Some(1_420_074_000)));
}

#[test]
fn a_bom_crlf_and_broken_files() {
    let mut crlf = b"\xEF\xBB\xBF".to_vec();
    crlf.extend_from_slice(String::from_utf8_lossy(EXPORT).replace('\n', "\r\n").as_bytes());
    assert_eq!(parse_ghost("g.json", &crlf).unwrap().items, parse_ghost("g.json", EXPORT).unwrap().items);

    let err = parse_ghost("g.json", b"{\n  \"db\": [\n    {\"data\": }\n]}").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.reason.starts_with("not readable JSON"), "{err}");
    let err = parse_ghost("g.json", br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#).unwrap_err();
    assert!(err.reason.contains("not a Ghost export"), "{err}");
    assert!(parse_ghost("g.json", b"").is_err());
    assert!(parse_ghost("g.json", b"[1, 2]").is_err());
}
