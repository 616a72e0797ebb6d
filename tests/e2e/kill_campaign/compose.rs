//! The compose pane killed at random points while someone types into a new post: the next
//! start offers the autosaved draft back, and the draft holds at least what was typed before
//! the last autosave seen (a whole version of the text: a prefix of what was typed).
//!
//! Autosaves come at most every 2 s, so a kill point takes seconds; five terminals run side
//! by side, each on its own blog, and the waits overlap.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::pty::{Db, TAB};

use super::*;

const LANES: usize = 5;
/// The latest kill point after the compose pane opens: past the first autosave or two.
const LATEST: Duration = Duration::from_millis(3500);
/// Between words typed.
const TYPING: Duration = Duration::from_millis(40);
/// The compose pane's body border at 100x30.
const BODY_BORDER_ROW: usize = 6;

/// The autosaved draft's (title, body), if one is waiting.
fn autosaved(db: &Path) -> Option<(String, String)> {
    let conn = rusqlite::Connection::open(db).ok()?;
    let json: String = conn.query_row("SELECT draft FROM compose_autosave WHERE slot = 1", [], |r| r.get(0)).ok()?;
    let draft: serde_json::Value = serde_json::from_str(&json).unwrap();
    Some((draft["title"].as_str().unwrap().into(), draft["body"].as_str().unwrap().into()))
}

/// What one terminal's kills found: (kills, kills after an autosave of that session).
fn lane(lane: usize, seed: u64, rounds: usize) -> (usize, usize) {
    let mut dice = Dice(seed ^ (lane as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let db = Db::seeded();
    let path = db.path();
    let mut after_autosave = 0;
    for round in 0..rounds {
        let at = |what: &str| format!("compose lane {lane} round {round} (seed {seed}): {what}");
        let waiting = autosaved(&path);
        let mut tui = db.reader(100, 30);
        match &waiting {
            Some((title, _)) => {
                // Offered back; declined, so this round types a post of its own.
                tui.wait_for(&format!("Restore the unsaved draft '{title}'"));
                tui.send("n");
                tui.wait_gone("Restore the unsaved draft");
            }
            None => tui.wait_until("the first frame", |t| t.screen_text().contains("Posts 1/")),
        }
        tui.send("n");
        tui.wait_until("the compose pane", |t| t.lines()[BODY_BORDER_ROW].contains("Body (markdown)"));
        let title = format!("Kill draft {lane}-{round}");
        tui.send(&title);
        tui.send(&TAB.repeat(5));
        let kill_at = dice.delay(LATEST);
        let start = Instant::now();
        let mut typed = String::new();
        let mut seen: Option<String> = None;
        let mut word = 0;
        while start.elapsed() < kill_at {
            let w = format!("w{word} ");
            tui.send(&w);
            typed.push_str(&w);
            word += 1;
            std::thread::sleep(TYPING.min(kill_at.saturating_sub(start.elapsed())));
            if let Some((_, body)) = autosaved(&path).filter(|(t, _)| *t == title) {
                assert!(body.len() >= seen.as_ref().map_or(0, String::len), "{}", at("the autosave went back"));
                seen = Some(body);
            }
        }
        assert!(tui.is_running(), "{}", at("the reader stopped by itself"));
        tui.kill_hard();
        drop(tui);
        if seen.is_some() {
            after_autosave += 1;
        }
        // The file is sound, and the draft is a whole version holding what was seen saved.
        let out = std::process::Command::new(crate::common::BIN)
            .arg("--db")
            .arg(&path)
            .args(["--json", "db", "check"])
            .env("HOME", db.dir())
            .env("XDG_CONFIG_HOME", db.dir().join("config"))
            .env_remove("BYLINE_DB")
            .env_remove("BYLINE_CONFIG")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", at(&format!("db check: {}", String::from_utf8_lossy(&out.stdout))));
        match (autosaved(&path), &seen) {
            (Some((t, body)), _) if t == title => {
                assert!(typed.starts_with(&body), "{}", at(&format!("the draft {body:?} is not what was typed")));
                let before = seen.as_ref().map_or(0, String::len);
                assert!(body.len() >= before, "{}", at("text saved before the kill is lost"));
            }
            (_, Some(s)) => panic!("{}", at(&format!("the autosave {s:?} was seen, then lost"))),
            // Killed before this round's first autosave: nothing of it, and the declined draft
            // either cleared or (killed before the clearing write) still there.
            (other, None) => {
                assert!(other.is_none() || other == waiting, "{}", at(&format!("a draft came back: {other:?}")))
            }
        }
    }
    (rounds, after_autosave)
}

#[test]
fn kill_9_while_composing_with_autosaves() {
    let mut c = Campaign::new("compose autosave");
    let rounds = KILLS.div_ceil(LANES);
    let seed = c.seed;
    let lanes: Vec<_> = (0..LANES).map(|l| std::thread::spawn(move || lane(l, seed, rounds))).collect();
    let mut after_autosave = 0;
    for handle in lanes {
        let (kills, saved) = handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        for _ in 0..kills {
            // The reader is always running when killed: every kill lands mid-session.
            c.count(true);
        }
        after_autosave += saved;
    }
    eprintln!(
        "kill campaign compose autosave: {after_autosave} of {} kills came after an autosave of their session",
        c.tried
    );
    assert!(after_autosave * 4 >= c.tried, "too few kills after an autosave (seed {seed})");
    c.finish();
}
