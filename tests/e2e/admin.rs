//! End-to-end tests of the admin side: the real binary in a pseudo-terminal, keys in, screen
//! out, and the real CLI (or the database file itself) to check what was stored.
//!
//! Each test starts `byline` on its own temporary database, waits for text on the parsed screen
//! (never a fixed sleep, except the short pause after Esc) and checks the store from outside the
//! process: with `byline ... --json` while the TUI is still open and after it has exited, or by
//! reading the autosave slot with rusqlite.
#![cfg(unix)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::pty::*;
use serde_json::Value;

/// Wide enough for the list and the article side by side, too narrow for the compose preview
/// (from 120 columns), so the body editor takes the whole width and shows the text once.
const SIZE: (u16, u16) = (100, 30);

/// The compose pane's rows: the header, then one row per one-line field, the body's top
/// border, and the body editor down to the status bar.
const FIELD_ROWS: [(&str, usize); 5] = [("Title", 1), ("Slug", 2), ("Author", 3), ("Tags", 4), ("Summary", 5)];
const BODY_BORDER_ROW: usize = 6;
/// A field's text starts after its label column.
const LABEL_WIDTH: usize = 9;

/// Starts byline on `db` at `SIZE` and waits for its first full frame (keys sent before it
/// could reach a terminal still in cooked mode).
fn start(db: &Db) -> Tui {
    start_with_env(db, &[])
}

fn start_with_env(db: &Db, env: &[(&str, &std::ffi::OsStr)]) -> Tui {
    let mut tui = db.reader_with_env(SIZE.0, SIZE.1, env);
    tui.wait_until("the first frame with the post list", |t| {
        let s = t.screen_text();
        s.contains("Behind the Page") && s.contains("Posts 1/")
    });
    tui
}

/// The status bar (the last row), trimmed.
fn status_bar(tui: &Tui) -> String {
    tui.lines().last().map(|l| l.trim().to_string()).unwrap_or_default()
}

/// The text of a one-line compose field as drawn (anything drawn after it, such as completion
/// hints or an error, included), trimmed.
fn field(tui: &Tui, label: &str) -> String {
    let row = FIELD_ROWS.iter().find(|(l, _)| *l == label).expect("a compose field").1;
    let line = tui.lines().get(row).cloned().unwrap_or_default();
    assert!(line.starts_with(&format!(" {label}")), "row {row} is not the {label} field:\n{}", tui.screen_text());
    line.chars().skip(LABEL_WIDTH).collect::<String>().trim().to_string()
}

/// The body editor's text as drawn: the rows under its border, trailing blanks trimmed.
fn body(tui: &Tui) -> String {
    let lines = tui.lines();
    // Between the body's border and the publish line above the status bar.
    let rows = &lines[BODY_BORDER_ROW + 1..lines.len() - 2];
    let text: Vec<&str> = rows.iter().map(|l| l.trim_end()).collect();
    text.join("\n").trim_end().to_string()
}

/// Whether the compose pane is drawn: its header, the field labels and the body's border.
fn compose_shown(tui: &Tui) -> bool {
    let lines = tui.lines();
    lines.len() > BODY_BORDER_ROW
        && lines[0].contains("New post")
        && FIELD_ROWS.iter().all(|(label, row)| lines[*row].starts_with(&format!(" {label}")))
        && lines[BODY_BORDER_ROW].contains("Body (markdown)")
}

/// Presses `n` and waits for the empty compose pane.
fn new_post(tui: &mut Tui) {
    tui.send("n");
    tui.wait_until("the compose pane for a new post", compose_shown);
}

/// Types the title, then tabs over the slug (left empty: derived from the title), the author,
/// tags and summary to the body, and types it; waits until the body is on screen as typed.
/// `keys` are the body's keystrokes (Enter as "\r"), `shown` the text they make.
fn write_title_and_body(tui: &mut Tui, title: &str, keys: &str, shown: &str) {
    tui.send(title);
    tui.wait_until("the title typed", |t| field(t, "Title") == title);
    tui.send(&TAB.repeat(5));
    tui.wait_until("the body focused", |t| t.lines()[BODY_BORDER_ROW].contains("Body (markdown)"));
    tui.send(keys);
    tui.wait_until("the body typed", |t| body(t) == shown);
}

/// `byline post show SLUG --json`, parsed: the post's fields, its body and related posts.
fn post_show(db: &Db, slug: &str) -> Value {
    let out = db.cli(&["post", "show", slug, "--json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("post show --json: {e}\n{out}"))
}

/// `byline subscriber list --json`, parsed.
fn subscribers(db: &Db) -> Vec<Value> {
    let out = db.cli(&["subscriber", "list", "--json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("subscriber list --json: {e}\n{out}"))
}

fn subscriber<'a>(list: &'a [Value], email: &str) -> Option<&'a Value> {
    list.iter().find(|s| s["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
}

/// The autosaved compose draft (the JSON in `compose_autosave`), read straight from the file.
fn autosaved(path: &Path) -> Option<Value> {
    let conn = rusqlite::Connection::open(path).expect("open the database with rusqlite");
    conn.busy_timeout(Duration::from_secs(5)).expect("busy timeout");
    let mut stmt = conn.prepare("SELECT draft FROM compose_autosave").expect("the compose_autosave table");
    let drafts: Vec<String> =
        stmt.query_map([], |r| r.get(0)).expect("read compose_autosave").collect::<Result<_, _>>().expect("rows");
    assert!(drafts.len() <= 1, "more than one autosave slot: {drafts:?}");
    drafts.first().map(|d| serde_json::from_str(d).unwrap_or_else(|e| panic!("autosave is not JSON: {e}\n{d}")))
}

/// Polls the database until the autosaved draft satisfies `pred`; fails with the last draft seen.
fn wait_for_autosave(path: &Path, what: &str, timeout: Duration, mut pred: impl FnMut(Option<&Value>) -> bool) {
    let deadline = Instant::now() + timeout;
    loop {
        let draft = autosaved(path);
        if pred(draft.as_ref()) {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out after {timeout:?} waiting for {what}; the autosave slot holds: {draft:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The autosave runs on a one-second tick once the text is two seconds old: allow for a slow machine.
const AUTOSAVE_WAIT: Duration = Duration::from_secs(10);

#[test]
fn write_a_post_with_the_keyboard_save_and_publish_it() {
    let db = Db::seeded();
    let mut tui = start(&db);
    new_post(&mut tui);

    let title = "Quokka Lanterns Over Brisbane";
    let slug = "quokka-lanterns-over-brisbane";
    let author = "Wren Abernathy";
    let summary = "A field guide to marsupials after dark.";
    let body_keys = "Quokkas gather under the lanterns at dusk.\r\rNobody knows who lights them.";
    let body_text = "Quokkas gather under the lanterns at dusk.\n\nNobody knows who lights them.";

    tui.send(title);
    tui.wait_until("the title typed", |t| field(t, "Title") == title);
    // Tab over the slug (derived from the title when left empty) to the author.
    tui.send(TAB);
    tui.send(TAB);
    tui.send(author);
    tui.wait_until("the author typed", |t| field(t, "Author") == author);
    tui.send(TAB);
    // "tea" is the start of the sample tag "teams": the field offers it, Tab takes it.
    tui.send("servers, tea");
    tui.wait_until("the tag completion offered", |t| field(t, "Tags") == "servers, tea  Tab: teams");
    tui.send(TAB);
    tui.wait_until("the tag completed", |t| field(t, "Tags") == "servers, teams,");
    // Nothing left to complete: Tab moves on.
    tui.send(TAB);
    tui.send(summary);
    tui.wait_until("the summary typed", |t| field(t, "Summary") == summary);
    assert_eq!(field(&tui, "Tags"), "servers, teams,", "Tab completed again instead of moving on");
    tui.send(TAB);
    tui.send(body_keys);
    tui.wait_until("the two paragraphs typed in the body", |t| body(t) == body_text);
    assert_eq!(field(&tui, "Slug"), "", "the slug was typed into\n{}", tui.screen_text());

    tui.send(CTRL_S);
    tui.wait_until("\"saved (draft)\" in the status bar", |t| status_bar(t) == "saved (draft)");

    // The CLI sees it while the TUI is still open.
    let check = |shown: &Value, status: &str| {
        let p = shown;
        assert_eq!(p["title"], title, "{shown:#}");
        assert_eq!(p["slug"], slug, "{shown:#}");
        assert_eq!(p["author"], author, "{shown:#}");
        let mut tags: Vec<&str> = p["tags"].as_array().expect("tags").iter().filter_map(Value::as_str).collect();
        tags.sort();
        assert_eq!(tags, ["servers", "teams"], "{shown:#}");
        assert_eq!(p["summary"], summary, "{shown:#}");
        assert_eq!(shown["body"], body_text, "the body, blank line included\n{shown:#}");
        assert_eq!(p["status"], status, "{shown:#}");
    };
    check(&post_show(&db, slug), "draft");
    assert!(tui.is_running(), "the TUI exited while the CLI read the post");

    // Ctrl-O publishes the post being edited.
    tui.send(CTRL_O);
    tui.wait_until("\"saved (published)\" in the status bar", |t| status_bar(t) == "saved (published)");
    check(&post_show(&db, slug), "published");

    // Saved: Esc leaves without asking, and the new post is in the list.
    tui.esc();
    tui.wait_until("the list with the new post", |t| {
        let s = t.screen_text();
        s.contains("11 posts") && s.contains(title) && !s.contains("Discard")
    });
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();

    check(&post_show(&db, slug), "published");
    assert_eq!(autosaved(&db.path()), None, "a saved post leaves no autosave behind");
}

#[test]
fn add_a_subscriber_with_a_bad_email_then_a_good_one() {
    let db = Db::seeded();
    let before = subscribers(&db);
    assert_eq!(before.len(), 6, "the sample blog's subscribers");
    let mut tui = start(&db);

    tui.send("3");
    tui.wait_until("the subscribers table", |t| {
        let s = t.screen_text();
        s.contains("Subscribers · 6 · active 3") && s.contains("ada.fenwick@example.com")
    });

    tui.send("a");
    tui.wait_for("Add a subscriber");
    // The address is checked as it is typed.
    tui.send("foo@");
    tui.wait_for("invalid email address 'foo@'");
    tui.send(CTRL_S);
    // Keys are handled in order: once the Backspace after Ctrl-S shows, Ctrl-S has been handled,
    // and it left the form open (these keys would otherwise be commands in the table).
    tui.send(BACKSPACE);
    tui.wait_for("invalid email address 'foo'");
    assert!(tui.screen_text().contains("Add a subscriber"), "Ctrl-S closed the form\n{}", tui.screen_text());
    let after_bad = subscribers(&db);
    assert!(subscriber(&after_bad, "foo@").is_none(), "a bad address was stored: {after_bad:#?}");
    assert_eq!(after_bad.len(), 6, "{after_bad:#?}");

    tui.send("@example.org");
    tui.wait_until("the error to clear with a valid address", |t| {
        let s = t.screen_text();
        s.contains("foo@example.org") && !s.contains("invalid email address")
    });
    tui.send(TAB);
    tui.send("Foo Bar");
    tui.wait_for("Foo Bar");
    tui.send(CTRL_S);
    tui.wait_until("the form closed, the address in the table and \"added\" in the status bar", |t| {
        let s = t.screen_text();
        !s.contains("Add a subscriber")
            && status_bar(t) == "added foo@example.org"
            && s.contains("Subscribers · 7 · active 4")
            && t.lines().iter().any(|l| l.contains("foo@example.org") && l.contains("Foo Bar") && l.contains("active"))
    });
    let added = subscribers(&db);
    let foo = subscriber(&added, "foo@example.org").unwrap_or_else(|| panic!("foo@example.org not listed: {added:#?}"));
    assert_eq!(foo["email"], "foo@example.org");
    assert_eq!(foo["status"], "active");
    assert_eq!(foo["name"], "Foo Bar");

    // A sample subscriber's address in another case: refused as you type and on save.
    tui.send("a");
    tui.wait_for("Add a subscriber");
    tui.send("Ada.Fenwick@EXAMPLE.com");
    tui.wait_for("Ada.Fenwick@EXAMPLE.com is already subscribed");
    tui.send(CTRL_S);
    // The store's own refusal (the domain lowercased) replaces the live message.
    tui.wait_for("'Ada.Fenwick@example.com' is already subscribed");
    assert!(tui.screen_text().contains("Add a subscriber"), "the refused form closed\n{}", tui.screen_text());
    let after_dup = subscribers(&db);
    assert_eq!(after_dup.len(), 7, "a duplicate was stored: {after_dup:#?}");

    tui.esc();
    tui.wait_gone("Add a subscriber");
    tui.wait_for("Subscribers · 7 · active 4");
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

/// Writes a post in the compose pane and waits until the autosave slot holds exactly that text.
fn compose_until_autosaved(tui: &mut Tui, db: &Db, title: &str, body_keys: &str, body_text: &str) {
    new_post(tui);
    write_title_and_body(tui, title, body_keys, body_text);
    wait_for_autosave(&db.path(), "the typed text autosaved", AUTOSAVE_WAIT, |d| {
        d.is_some_and(|d| d["title"] == title && d["body"] == body_text)
    });
}

/// The question asked at start when an autosaved draft is waiting.
fn restore_question(title: &str) -> String {
    format!("Restore the unsaved draft '{title}'")
}

#[test]
fn a_killed_compose_is_offered_back_and_can_be_saved() {
    let db = Db::seeded();
    let title = "Harbour Lantern Notes";
    let slug = "harbour-lantern-notes";
    let body_keys = "Written just before the crash.\rSecond line, also kept.";
    let body_text = "Written just before the crash.\nSecond line, also kept.";

    let mut tui = start(&db);
    compose_until_autosaved(&mut tui, &db, title, body_keys, body_text);
    tui.kill_hard();
    drop(tui);

    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_for(&restore_question(title));
    tui.send("y");
    tui.wait_until("the compose pane with the restored title and body", |t| {
        compose_shown(t) && field(t, "Title") == title && body(t) == body_text
    });
    assert_eq!(status_bar(&tui), "restored the unsaved draft; Ctrl-S saves it");
    tui.send(CTRL_S);
    tui.wait_until("\"saved (draft)\" in the status bar", |t| status_bar(t) == "saved (draft)");

    let shown = post_show(&db, slug);
    assert_eq!(shown["title"], title, "{shown:#}");
    assert_eq!(shown["status"], "draft", "{shown:#}");
    assert_eq!(shown["body"], body_text, "{shown:#}");
    assert_eq!(autosaved(&db.path()), None, "saving clears the autosave");

    tui.esc();
    tui.wait_until("the list with the restored post", |t| t.screen_text().contains("11 posts"));
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}

#[test]
fn a_killed_compose_declined_is_gone_for_good() {
    let db = Db::seeded();
    let title = "Draft Nobody Wanted";

    let mut tui = start(&db);
    compose_until_autosaved(&mut tui, &db, title, "Throwaway words.", "Throwaway words.");
    tui.kill_hard();
    drop(tui);

    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_for(&restore_question(title));
    tui.send("n");
    tui.wait_until("the question gone and the list shown", |t| {
        let s = t.screen_text();
        !s.contains("Restore the unsaved draft") && s.contains("10 posts") && s.contains("Posts 1/10")
    });
    wait_for_autosave(&db.path(), "the declined draft removed", TIMEOUT, |d| d.is_none());
    tui.send("q");
    tui.assert_clean_exit();

    // A third start offers nothing: the first frame is the list, with no question over it.
    let tui = start(&db);
    let screen = tui.screen_text();
    assert!(!screen.contains("Restore the unsaved draft"), "the declined draft offered again\n{screen}");
    assert!(!screen.contains("Are you sure?"), "a question at start\n{screen}");
    let list = db.cli(&["post", "list", "--json"]);
    assert!(!list.contains(title), "the declined draft became a post\n{list}");
}

#[test]
fn ctrl_c_in_the_compose_pane_restores_the_terminal_and_keeps_the_text() {
    let db = Db::seeded();
    let title = "Interrupted Thoughts";
    let body_text = "Typed, then Ctrl-C.";

    let mut tui = start(&db);
    new_post(&mut tui);
    write_title_and_body(&mut tui, title, body_text, body_text);
    tui.assert_taken();
    tui.send(CTRL_C);
    tui.assert_clean_exit();
    tui.assert_no_panic();

    // Quitting autosaved the text at once, however recently it was typed.
    let draft = autosaved(&db.path()).expect("the text autosaved on quitting");
    assert_eq!(draft["title"], title, "{draft:#}");
    assert_eq!(draft["body"], body_text, "{draft:#}");

    let mut tui = db.reader(SIZE.0, SIZE.1);
    tui.wait_for(&restore_question(title));
    tui.send("y");
    tui.wait_until("the compose pane with the text typed before Ctrl-C", |t| {
        compose_shown(t) && field(t, "Title") == title && body(t) == body_text
    });
    tui.send(CTRL_C);
    tui.assert_clean_exit();
}

#[test]
fn ctrl_e_hands_the_body_to_the_editor_and_takes_it_back() {
    let db = Db::seeded();
    let dir = db.dir();
    // The "editor": records the terminal's modes as it found them, says it ran, appends a line.
    let script = dir.join("append-line.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstty -a > '{stty}' 2>&1\nprintf 'EDITOR-WAS-HERE\\n'\nprintf 'Line from the editor\\n' >> \"$1\"\n",
            stty = dir.join("stty.txt").display()
        ),
    )
    .unwrap();
    let editor = format!("sh {}", script.display());
    let mut tui = start_with_env(&db, &[("EDITOR", std::ffi::OsStr::new(&editor))]);

    let title = "Edited Elsewhere";
    new_post(&mut tui);
    write_title_and_body(&mut tui, title, "Typed in byline.\r", "Typed in byline.");
    let before = tui.raw_output().len();
    tui.send(CTRL_E);
    tui.wait_until("the appended line in the body, the compose pane drawn again", |t| {
        compose_shown(t)
            && field(t, "Title") == title
            && body(t) == "Typed in byline.\nLine from the editor"
            && t.screen_text().contains("Edited Elsewhere")
    });
    tui.assert_taken();

    // The terminal was handed over: main screen and cooked mode while the editor ran, the
    // alternate screen taken back after it.
    let raw = tui.raw_output()[before..].to_vec();
    let find =
        |needle: &[u8], from: usize| raw[from..].windows(needle.len()).position(|w| w == needle).map(|i| i + from);
    let left = find(b"\x1b[?1049l", 0).expect("the alternate screen left before the editor");
    let ran = find(b"EDITOR-WAS-HERE", left).expect("the editor's output after leaving the alternate screen");
    find(b"\x1b[?1049h", ran).expect("the alternate screen entered again after the editor");
    let stty = std::fs::read_to_string(dir.join("stty.txt")).expect("the editor ran");
    let words: Vec<&str> = stty.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(words.contains(&mode), "the editor got a terminal without {mode}:\n{stty}");
    }

    // The editor's text is the body now: it is what gets saved.
    tui.send(CTRL_S);
    tui.wait_until("\"saved (draft)\" in the status bar", |t| status_bar(t) == "saved (draft)");
    let shown = post_show(&db, "edited-elsewhere");
    assert_eq!(shown["body"], "Typed in byline.\nLine from the editor\n", "{shown:#}");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("byline-compose-"))
        .collect();
    assert!(leftovers.is_empty(), "the editor's temporary file was left behind: {leftovers:?}");

    tui.esc();
    tui.wait_for("11 posts");
    tui.send("q");
    tui.assert_clean_exit();
}

/// `subscriber export` to a terminal shows names with their bidi controls (which would reorder
/// what is seen: "evil\u{202e}txt.exe" reads as "evilexe.txt") made visible; piped, the CSV is exact.
#[test]
fn subscriber_export_to_a_terminal_shows_no_bidi_controls() {
    let db = Db::empty();
    let attacks = [
        "\u{202e}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{202a}", "\u{202b}", "\u{202c}", "\u{202d}",
        "\u{200e}", "\u{200f}", "\u{61c}",
    ];
    for (i, a) in attacks.iter().enumerate() {
        db.cli(&["subscriber", "add", &format!("r{i}@example.com"), "--name", &format!("evil{a}txt.exe")]);
    }
    let piped = db.cli(&["subscriber", "export"]);
    assert!(attacks.iter().all(|a| piped.contains(a)), "a redirected export keeps the names exact");

    let path = db.path();
    let args = [std::ffi::OsStr::new("--db"), path.as_os_str(), "subscriber".as_ref(), "export".as_ref()];
    let mut tty = Tui::spawn(&args, db.dir(), 100, 30);
    tty.wait_exit();
    let raw = String::from_utf8_lossy(&tty.raw_output()).into_owned();
    assert!(raw.contains("r11@example.com"), "{raw}");
    for a in attacks {
        assert!(!raw.contains(a), "{:?} reached the terminal", a);
    }
    assert_eq!(raw.matches("evil\u{fffd}txt.exe").count(), attacks.len());
}
