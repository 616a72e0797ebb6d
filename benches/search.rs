//! Search as you type at scale: each keystroke to the frame showing its results, per prefix
//! length 1 to 8 (the target is p95 < 20 ms at 100,000 posts), a pasted 40-word query, and a
//! blog with one post of 100,000 lines (its `byline search line` took 72 s before).
//!
//! `BYLINE_BENCH_DB=/path/to/copy.db cargo bench --bench search` measures an existing database
//! (it is migrated on open, so pass a copy); without it, 10,000 posts are generated first. The
//! reader runs with its real worker lanes (`Headless::threaded`): a keystroke's sample ends when
//! its first page has arrived and been drawn; the count of all hits follows on the lane, as it
//! does in the terminal, and the next keystroke interrupts it. The article beside the first
//! result loads just after that frame, as in the terminal (`Driver::frame_first`), and is
//! reported on its own line.
// Benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/generate/blog.rs"]
mod blog;
#[path = "../examples/generate/vocab.rs"]
mod vocab;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use byline::app::Msg;
use byline::domain::{NewPost, Title};
use byline::store::{self, SearchQuery, SearchRequest, Store};
use byline::tui::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn pct(samples: &[Duration], p: f64) -> Duration {
    let mut s = samples.to_vec();
    s.sort();
    s[((s.len() as f64 - 1.0) * p).round() as usize]
}

fn print(name: &str, samples: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<36} n={:<4} p50={:>8.3} ms  p95={:>8.3} ms  max={:>8.3} ms",
        samples.len(),
        ms(pct(samples, 0.50)),
        ms(pct(samples, 0.95)),
        ms(pct(samples, 1.0))
    );
}

fn generated(dir: &Path, posts: usize) -> PathBuf {
    let path = dir.join("bench.db");
    let mut store = Store::open(&path).unwrap();
    let opts = blog::Options { posts, subscribers: 100, seed: 1, now: store.now() };
    let started = Instant::now();
    blog::generate(&mut store, &opts, |_| {}).unwrap();
    eprintln!("generated {posts} posts in {:.1?}", started.elapsed());
    path
}

fn open(path: &Path) -> (Headless, Terminal<TestBackend>) {
    let store = Store::open(path).unwrap();
    let mut app = Headless::threaded(store, 120, 40).unwrap();
    app.defer_related = true;
    app.set_frame_first(true);
    app.settle();
    (app, Terminal::new(TestBackend::new(120, 40)).unwrap())
}

/// The article loads held for after each frame, as the runtime's next turn runs them.
static FOLLOW_UPS: std::sync::Mutex<Vec<Duration>> = std::sync::Mutex::new(Vec::new());

/// Sends `msg` (a keystroke or a paste), waits for its page of results, draws: the time to that
/// frame. Then, as the runtime does right after the frame, loads and draws the article beside
/// the first result; that time is kept apart (`FOLLOW_UPS`), since a key typed meanwhile waits
/// for it.
fn timed(app: &mut Headless, term: &mut Terminal<TestBackend>, msg: Msg) -> Duration {
    let t = Instant::now();
    app.send(msg);
    let arrived = app.wait_until(Duration::from_secs(120), |a| a.state.posts.search_pending.is_none());
    assert!(arrived, "a search never answered");
    app.draw(term);
    let frame = t.elapsed();
    if app.take_dirty() && app.holding() {
        let t = Instant::now();
        app.settle();
        app.draw(term);
        FOLLOW_UPS.lock().unwrap().push(t.elapsed());
    }
    frame
}

/// Prints and clears the follow-up frames gathered since the last call.
fn print_follow_ups(name: &str) {
    let samples = std::mem::take(&mut *FOLLOW_UPS.lock().unwrap());
    if !samples.is_empty() {
        print(name, &samples);
    }
}

fn key(c: char) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE))
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let path = match std::env::var_os("BYLINE_BENCH_DB") {
        Some(p) => PathBuf::from(p),
        None => generated(tmp.path(), 10_000),
    };
    let (mut app, mut term) = open(&path);
    let posts: i64 = app.store().conn().query_row("SELECT count(*) FROM post", [], |r| r.get(0)).unwrap();
    println!("search as you type over {posts} posts ({})", path.display());

    // Every prefix of 30 words of eight letters or more, typed one key at a time into a fresh
    // box, each keystroke's frame filed under the length typed so far.
    let words: Vec<&str> = vocab::TECH_WORDS.iter().copied().filter(|w| w.len() >= 8).step_by(2).take(30).collect();
    let mut by_len: Vec<Vec<Duration>> = vec![Vec::new(); 8];
    for round in 0..2 {
        for w in &words {
            app.key(KeyCode::Char('/'));
            for (i, c) in w.chars().take(8).enumerate() {
                let d = timed(&mut app, &mut term, key(c));
                if round > 0 {
                    by_len[i].push(d);
                }
            }
            app.key(KeyCode::Esc);
        }
    }
    for (i, samples) in by_len.iter().enumerate() {
        print(&format!("keystroke to frame, {} letter{}", i + 1, if i == 0 { "" } else { "s" }), samples);
    }
    print_follow_ups("then the article beside the first result");

    // A pasted paragraph of 40 words: the first 8 are searched.
    let mut samples = Vec::new();
    for k in 0..10 {
        let text: Vec<&str> = (0..40).map(|i| vocab::TECH_WORDS[(i * 7 + k) % vocab::TECH_WORDS.len()]).collect();
        app.key(KeyCode::Char('/'));
        samples.push(timed(&mut app, &mut term, Msg::Paste(text.join(" "))));
        app.key(KeyCode::Esc);
    }
    print("paste of 40 words to frame", &samples);
    print_follow_ups("then the article beside the first result");
    drop(app);

    // One post of 100,000 lines among 2,000 others.
    let huge_dir = tempfile::tempdir().unwrap();
    let huge = generated(huge_dir.path(), 2_000);
    {
        let mut store = Store::open(&huge).unwrap();
        let body: String = (0..100_000).map(|i| format!("line {i}: a log line of the service\n")).collect();
        let new = NewPost {
            title: Title::parse("A very long log").unwrap(),
            slug: None,
            author: None,
            tags: vec![],
            summary: String::new(),
            body,
            publish_at: None,
            created_at: None,
        };
        store.write(|tx, now| store::add_post(tx, &new, now)).unwrap();
    }
    let store = Store::open(&huge).unwrap();
    let mut samples = Vec::new();
    for _ in 0..10 {
        // What `byline search line` does: the first page, then the count.
        let t = Instant::now();
        let query = SearchQuery::parse("line").unwrap();
        let req = SearchRequest { query: &query, offset: 0, limit: 20, marks: ("«", "»") };
        let page = store::search_page(store.conn(), &req, store.now()).unwrap();
        if page.total.is_none() {
            store::search_count(store.conn(), &query).unwrap();
        }
        samples.push(t.elapsed());
    }
    print("100,000-line post: search line (CLI)", &samples);
    drop(store);
    let (mut app, mut term) = open(&huge);
    let mut samples = Vec::new();
    for _ in 0..10 {
        app.key(KeyCode::Char('/'));
        for c in "line".chars() {
            samples.push(timed(&mut app, &mut term, key(c)));
        }
        app.key(KeyCode::Esc);
    }
    print("100,000-line post: typing line (TUI)", &samples);
    print_follow_ups("then the article beside the first result");
}
