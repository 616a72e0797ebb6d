//! Reader latency, in process: start to first frame, a key to its finished frame, and each
//! search-as-you-type keystroke to its frame, with percentiles (the targets are p95/p99).
//!
//! `BYLINE_BENCH_DB=/path/to/big.db cargo bench --bench tui` measures an existing database (make
//! one with `cargo run --release --example generate -- --posts 100000 --db PATH`); without it, a
//! 10,000-post database is generated into a temporary directory first. The database is opened
//! read-mostly: the reader only writes read marks and its last position.
//!
//! Each sample is update + effects (store reads, search inline) + a full draw into a TestBackend,
//! which is what happens between a key press and its frame in the real runtime.
// Test and benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/generate/blog.rs"]
mod blog;
#[path = "../examples/generate/vocab.rs"]
mod vocab;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

struct Stats {
    name: String,
    samples: Vec<Duration>,
}

impl Stats {
    fn pct(&self, p: f64) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        s[((s.len() as f64 - 1.0) * p).round() as usize]
    }

    fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<34} n={:<5} p50={:>7.3} ms  p95={:>7.3} ms  p99={:>7.3} ms  max={:>7.3} ms",
            self.name,
            self.samples.len(),
            ms(self.pct(0.50)),
            ms(self.pct(0.95)),
            ms(self.pct(0.99)),
            ms(self.pct(1.0))
        );
    }
}

fn database() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(path) = std::env::var_os("BYLINE_BENCH_DB") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "BYLINE_BENCH_DB={} is not a file", path.display());
        return (path, None);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let opts = blog::Options { posts: 10_000, subscribers: 1_000, seed: 1, now: store.now() };
    let started = Instant::now();
    blog::generate(&mut store, &opts, |_| {}).unwrap_or_else(|e| panic!("generating: {e}"));
    eprintln!("generated {} posts in {:.1?}", opts.posts, started.elapsed());
    (path, Some(dir))
}

/// The reader headless, with similar posts left for later as the real runtime leaves them to a
/// thread of their own (timed separately below).
/// The reader with the runtime's worker lanes: list counts, pickers, writes and similar posts
/// run on their threads, as in the terminal (at a million posts a count takes longer than a
/// frame, and the real reader never waits for it).
fn open_threaded(path: &std::path::Path, w: u16, h: u16) -> (Headless, Terminal<TestBackend>) {
    let store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
    let app = Headless::threaded(store, w, h).unwrap_or_else(|e| panic!("{e}"));
    let terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    (app, terminal)
}

/// Everything inline on this thread: what `similar posts` is timed with.
fn open(path: &std::path::Path, w: u16, h: u16) -> (Headless, Terminal<TestBackend>) {
    let store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = Headless::new(store, w, h).unwrap_or_else(|e| panic!("{e}"));
    app.defer_related = true;
    let terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    (app, terminal)
}

/// Times `step` then one draw, `n` times.
fn measure(
    name: &str,
    n: usize,
    app: &mut Headless,
    term: &mut Terminal<TestBackend>,
    mut step: impl FnMut(&mut Headless, usize),
) -> Stats {
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        // What the lanes sent meanwhile is handled on the next turn, as the runtime does.
        app.pump();
        step(app, i);
        app.draw(term);
        samples.push(t.elapsed());
    }
    Stats { name: name.into(), samples }
}

fn main() {
    let (path, _keep) = database();
    let mut all = Vec::new();

    // Start: open the store, load the first window, draw. The OS has the file cached after the
    // first run, as it does for a reader opened many times a day.
    let mut samples = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let (app, mut term) = open_threaded(&path, 120, 40);
        app.draw(&mut term);
        samples.push(t.elapsed());
    }
    all.push(Stats { name: "start to first frame (120x40)".into(), samples });

    // Keys on the wide layout, where the article pane follows the selection (so each move also
    // loads the post, its similar posts, and lays out its markdown).
    let (mut app, mut term) = open_threaded(&path, 120, 40);
    all.push(measure("j: move down (wide, preview)", 1500, &mut app, &mut term, |a, _| a.key(KeyCode::Char('j'))));
    all.push(measure("k: move up (wide, preview)", 500, &mut app, &mut term, |a, _| a.key(KeyCode::Char('k'))));
    all.push(measure("PgDn: page down (wide)", 400, &mut app, &mut term, |a, _| a.key(KeyCode::PageDown)));
    all.push(measure("G / g: bottom and top (wide)", 40, &mut app, &mut term, |a, i| {
        a.key(if i % 2 == 0 { KeyCode::Char('G') } else { KeyCode::Char('g') })
    }));
    all.push(measure("Enter: open the article (wide)", 200, &mut app, &mut term, |a, i| {
        if i % 2 == 0 {
            a.key(KeyCode::Enter)
        } else {
            a.key(KeyCode::Esc);
            a.key(KeyCode::Char('j'));
        }
    }));
    all.push(measure("j in the article: scroll", 300, &mut app, &mut term, |a, i| {
        if i == 0 {
            a.key(KeyCode::Enter);
        }
        a.key(KeyCode::Char('j'))
    }));

    // Similar posts, on their own thread in the real runtime: from the request to the frame
    // that shows them under the article.
    let (mut app, mut term) = open(&path, 120, 40);
    let mut samples = Vec::new();
    for _ in 0..300 {
        app.key(KeyCode::Char('j'));
        let t = Instant::now();
        app.load_related();
        app.draw(&mut term);
        samples.push(t.elapsed());
    }
    all.push(Stats { name: "similar posts to frame (thread)".into(), samples });

    // Narrow: the list alone, then Enter opens the article (a fresh load each time).
    let (mut app, mut term) = open_threaded(&path, 80, 24);
    all.push(measure("j: move down (narrow)", 1000, &mut app, &mut term, |a, _| a.key(KeyCode::Char('j'))));
    all.push(measure("Enter / q: open, back (narrow)", 300, &mut app, &mut term, |a, i| {
        if i % 2 == 0 {
            a.key(KeyCode::Enter)
        } else {
            a.key(KeyCode::Char('q'));
            a.key(KeyCode::Char('j'));
        }
    }));

    // Search as you type: every keystroke of several queries, including the short prefixes that
    // match most of the corpus.
    let (mut app, mut term) = open(&path, 120, 40);
    let queries =
        ["server", "database", "cache", "latency", "proxy", "index", "search", "deploy", "web serv", "query plan"];
    let mut samples = Vec::new();
    for q in queries {
        app.key(KeyCode::Char('/'));
        for c in q.chars() {
            let t = Instant::now();
            app.key(KeyCode::Char(c));
            app.draw(&mut term);
            samples.push(t.elapsed());
        }
        app.key(KeyCode::Esc);
    }
    all.push(Stats { name: "search keystroke to frame".into(), samples });
    let mut samples = Vec::new();
    for q in queries {
        app.key(KeyCode::Char('/'));
        app.type_text(q);
        let t = Instant::now();
        app.key(KeyCode::Enter);
        app.draw(&mut term);
        samples.push(t.elapsed());
        app.key(KeyCode::Esc);
    }
    all.push(Stats { name: "search Enter (keep) to frame".into(), samples });

    for s in &all {
        s.print();
    }
}
