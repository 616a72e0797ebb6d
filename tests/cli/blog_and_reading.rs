//! `byline blog` (the title and description) and `byline post read|unread`: what the reader's
//! header and read marks hold, from the command line.

use crate::common::Db;
use serde_json::json;

#[test]
fn blog_shows_and_sets_the_title_and_description() {
    let db = Db::seeded();
    assert_eq!(db.ok(&["blog"]), "title: Behind the Page\ndescription: \n");
    assert_eq!(
        db.json(&["blog", "--title", "  Field Notes ", "--description", "Servers, caches and the web"]),
        json!({"title": "Field Notes", "description": "Servers, caches and the web"})
    );
    assert_eq!(db.json(&["blog"]), json!({"title": "Field Notes", "description": "Servers, caches and the web"}));
    // A title with a control character is shown as a visible symbol, never raw.
    db.ok(&["blog", "--title", "bad\u{1b}[2Jtitle"]);
    assert!(!db.ok(&["blog"]).contains('\u{1b}'));
}

#[test]
fn post_read_and_unread_set_the_mark_the_reader_shows() {
    let db = Db::seeded();
    // The reader keeps read marks in the store; read them as the reader does, by post id.
    let is_read = |db: &Db| -> bool {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.query_row("SELECT count(*) FROM read_state WHERE post_id = 3", [], |r| r.get::<_, i64>(0)).unwrap() == 1
    };
    assert!(!is_read(&db));
    assert_eq!(db.json(&["post", "read", "3"])["read"], json!(true));
    assert!(is_read(&db), "the mark is stored");
    let title = db.show("3")["title"].as_str().unwrap().to_string();
    assert_eq!(db.ok(&["post", "unread", "3"]), format!("marked '{title}' unread\n"));
    assert!(!is_read(&db), "and taken off again");
    db.fails_unchanged(&["post", "read", "999"], "no post '999'");
}
