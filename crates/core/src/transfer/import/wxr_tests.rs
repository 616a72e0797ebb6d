//! Tests of the WXR reader on a WordPress export written in WordPress's own shape.

use std::time::{Duration, Instant};

use super::*;

const EXPORT: &[u8] = include_bytes!("../../../tests/fixtures/import/wordpress.xml");

fn parsed() -> Parsed {
    parse_wxr("wp.xml", EXPORT).unwrap()
}

fn post<'a>(parsed: &'a Parsed, id: &str) -> &'a ImportItem {
    let want = format!("https://fieldnotes.test/?p={id}");
    parsed.items.iter().find(|i| i.source_id.as_deref() == Some(&want)).unwrap()
}

fn extra<'a>(item: &'a ImportItem, key: &str) -> Option<&'a str> {
    item.extra.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn only_posts_come_through_and_junk_is_left_out() {
    let parsed = parsed();
    let ids: Vec<_> = parsed.items.iter().filter_map(|i| extra(i, "wordpress_post_id")).collect();
    // Not the attachment (20), the page (2), the menu item (30), the auto-draft (45).
    assert_eq!(ids, ["12", "40", "41", "42", "43", "44", "47"]);
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    let empty = &parsed.problems[0];
    assert_eq!(empty.origin, "wp.xml#post 46");
    assert!(empty.line.is_some_and(|l| l > 200));
    assert!(empty.reason.contains("neither a title nor any text"));
}

#[test]
fn a_published_post_keeps_its_fields() {
    let parsed = parsed();
    let kyoto = post(&parsed, "12");
    assert_eq!(kyoto.title, "Kyoto & the slow train");
    assert_eq!(kyoto.slug.as_deref(), Some("kyoto-slow-train"));
    assert_eq!(kyoto.authors, ["Ann Okafor"]);
    assert_eq!(kyoto.tags, ["Japan", "Trains"]);
    assert_eq!(kyoto.state, ImportState::Published);
    // post_date_gmt, not the local post_date nine hours later.
    assert_eq!(kyoto.published_at, Some(1_696_750_200));
    assert_eq!(kyoto.updated_at, Some(1_696_813_200));
    assert_eq!(kyoto.aliases, ["https://fieldnotes.test/2023/10/kyoto-slow-train/"]);
    assert_eq!(kyoto.origin, "wp.xml#post 12");
    assert_eq!(extra(kyoto, "category_path"), Some("Travel / Japan"));
    assert_eq!(extra(kyoto, "post_format"), Some("Gallery"));
    assert_eq!(extra(kyoto, "feature_image"), Some("https://fieldnotes.test/wp-content/uploads/2023/10/platform.jpg"));
    assert_eq!(extra(kyoto, "meta.mood"), Some("sleepy"));
    assert_eq!(extra(kyoto, "sticky"), Some("yes"));
    assert_eq!(extra(kyoto, "comments_not_imported"), Some("1"));
    assert!(extra(kyoto, "meta._edit_last").is_none());
}

#[test]
fn the_body_becomes_markdown_with_shortcodes_handled_and_more_as_summary() {
    let parsed = parsed();
    let kyoto = post(&parsed, "12");
    assert_eq!(
        kyoto.summary.as_deref(),
        Some("We took the local line out of Kyoto at dawn.  \nThe carriage was empty.")
    );
    let body = &kyoto.body;
    assert!(body.starts_with("We took the local line"), "{body}");
    assert!(!body.contains("more"), "{body}");
    assert!(body.contains("The platform at Uzumasa, 6am"), "{body}");
    assert!(body.contains("](https://fieldnotes.test/wp-content/uploads/2023/10/platform.jpg)"), "{body}");
    assert!(body.contains("Tickets cost ¥240 — cheaper than *coffee* & cake."), "{body}");
    assert!(body.contains("```\nride --from kyoto\n\n--to saga\n```"), "the pre block keeps its blank line: {body}");
    assert!(!body.contains("gallery") && !body.contains("contact-form") && !body.contains("[caption"), "{body}");
    assert_eq!(extra(kyoto, "dropped_shortcodes"), Some("gallery, contact-form-7"));
}

#[test]
fn statuses_map_to_published_draft_or_scheduled() {
    let parsed = parsed();
    let draft = post(&parsed, "40");
    assert_eq!(draft.state, ImportState::Draft);
    assert_eq!(draft.title, "Half an idea about night buses and what…");
    assert_eq!(draft.published_at, None, "a never-published draft has no publication date");
    assert_eq!(draft.updated_at, Some(1_707_685_500));
    assert_eq!(draft.slug, None);
    assert_eq!(draft.authors, ["Bram de Wit"]);

    let private = post(&parsed, "41");
    assert_eq!((private.state, extra(private, "wordpress_status")), (ImportState::Draft, Some("private")));
    let pending = post(&parsed, "43");
    assert_eq!((pending.state, extra(pending, "wordpress_status")), (ImportState::Draft, Some("pending")));
    assert_eq!(pending.slug.as_deref(), Some("日本-trip"));
    let protected = post(&parsed, "44");
    assert_eq!((protected.state, extra(protected, "password_protected")), (ImportState::Draft, Some("yes")));

    let future = post(&parsed, "42");
    assert_eq!(future.state, ImportState::Scheduled);
    assert_eq!(future.published_at, Some(1_901_260_800));
    assert_eq!(future.summary.as_deref(), Some("What changes in April."));
    assert_eq!(future.body, "New trains from [April](https://rail.test/april).\n\nSecond paragraph.");
    assert_eq!(future.tags, ["Travel"]);
}

#[test]
fn an_unreadable_date_is_kept_aside_and_the_post_still_comes() {
    let parsed = parsed();
    let undated = post(&parsed, "47");
    assert_eq!(undated.title, "Undated \u{201c}quotes\u{201d}");
    assert_eq!(undated.published_at, None);
    assert_eq!(extra(undated, "unreadable_date"), Some("someday"));
}

#[test]
fn a_bom_and_crlf_line_ends_read_the_same() {
    let mut crlf = b"\xEF\xBB\xBF".to_vec();
    crlf.extend_from_slice(&String::from_utf8_lossy(EXPORT).replace('\n', "\r\n").into_bytes());
    let a = parsed();
    let b = parse_wxr("wp.xml", &crlf).unwrap();
    assert_eq!(a.items.len(), b.items.len());
    for (x, y) in a.items.iter().zip(&b.items) {
        assert_eq!(x, y);
    }
}

#[test]
fn a_broken_file_is_one_problem_naming_the_line() {
    let text = String::from_utf8_lossy(EXPORT).replacen("</wp:post_id>", "</wp:post_idd>", 1);
    let err = parse_wxr("wp.xml", text.as_bytes()).unwrap_err();
    let want = text.lines().position(|l| l.contains("post_idd")).unwrap() + 1;
    assert_eq!(err.line, Some(want), "{err}");
    assert!(err.reason.contains("not well-formed"), "{err}");

    let err = parse_wxr("feed.xml", b"<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>").unwrap_err();
    assert!(err.reason.contains("not a WordPress export"), "{err}");
    let err = parse_wxr("x.xml", b"<rss>\n<channel>\n\xff</channel></rss>").unwrap_err();
    assert_eq!((err.line, err.reason.as_str()), (Some(3), "the file is not UTF-8 text"));
}

/// Ten levels of ten-fold expansion: a billion `lol`s if anything expanded them.
pub(in crate::transfer::import) fn billion_laughs(root: &str) -> String {
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for level in 1..10 {
        let prev = if level == 1 { "lol".to_string() } else { format!("lol{}", level - 1) };
        doc.push_str(&format!(" <!ENTITY lol{level} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    doc.push_str(&format!("]>\n{root}"));
    doc
}

#[test]
fn billion_laughs_and_external_entities_are_refused_at_once() {
    let lol = billion_laughs(
        "<rss><channel><item><title>&lol9;</title><content:encoded>&lol9;</content:encoded></item></channel></rss>",
    );
    let started = Instant::now();
    let err = parse_wxr("lol.xml", lol.as_bytes()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(err.reason.contains("billion laughs"), "{err}");
    assert_eq!(err.line, Some(3));

    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
               <rss><channel><item><title>&xxe;</title><wp:post_type>post</wp:post_type></item></channel></rss>";
    let err = parse_wxr("xxe.xml", xxe.as_bytes()).unwrap_err();
    assert!(err.reason.contains("external entity"), "{err}");
    assert!(!format!("{err:?}").contains("root:"), "nothing of /etc/passwd is read");
}
