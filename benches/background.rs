//! Keys while work runs in the background, in process, with the runtime's real worker lanes
//! (`Headless::threaded`): a 50,000-row subscriber CSV import running as a job, and another
//! program holding the database's write lock while the reader opens posts (which queues writes).
//! Each sample is one key handled plus the lanes' answers so far plus a full draw: the time from
//! a key to its frame while the background work goes on.
//!
//! `BYLINE_BENCH_DB=/path/to/big.db cargo bench --bench background` works on a copy of that
//! database (the import writes); without it a 10,000-post database is generated first.
// Benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/generate/blog.rs"]
mod blog;
#[path = "../examples/generate/vocab.rs"]
mod vocab;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use byline::app::Msg;
use byline::jobs::JobCtl;
use byline::store::Store;
use byline::tui::Headless;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn pct(samples: &[Duration], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort();
    s[((s.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn report(name: &str, samples: &[Duration]) {
    println!(
        "{name:<46} n={:<5} p50={:>7.3} ms  p95={:>7.3} ms  p99={:>7.3} ms  max={:>7.3} ms",
        samples.len(),
        pct(samples, 0.5),
        pct(samples, 0.95),
        pct(samples, 0.99),
        pct(samples, 1.0)
    );
}

/// A database to work on: a copy of BYLINE_BENCH_DB, or a fresh 10,000-post blog.
fn database(dir: &Path) -> PathBuf {
    let path = dir.join("bench.db");
    if let Some(src) = std::env::var_os("BYLINE_BENCH_DB") {
        std::fs::copy(&src, &path).expect("copy BYLINE_BENCH_DB");
        return path;
    }
    let mut store = Store::open(&path).unwrap();
    let opts = blog::Options { posts: 10_000, subscribers: 1_000, seed: 1, now: store.now() };
    blog::generate(&mut store, &opts, |_| {}).unwrap();
    path
}

fn write_csv(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "email,name,status,tags").unwrap();
    for i in 0..rows {
        writeln!(f, "reader{i}@bench.example,Reader {i},active,servers;caching").unwrap();
    }
}

/// One key, the lanes' answers so far, one frame.
fn key_to_frame(app: &mut Headless, term: &mut Terminal<TestBackend>, key: KeyCode) -> Duration {
    let t = Instant::now();
    app.key(key);
    app.pump();
    app.draw(term);
    t.elapsed()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let csv = dir.path().join("subscribers.csv");
    write_csv(&csv, 50_000);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();

    // The import use case alone, on a copy, as the CLI runs it.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let mut store = Store::open(&copy).unwrap();
    let t = Instant::now();
    let file = std::fs::File::open(&csv).unwrap();
    let imported =
        byline::ops::subscribers_csv::import_subscribers(&mut store, file, false, &JobCtl::detached()).unwrap();
    println!("ops import of 50,000 rows (no UI): {:.2?}, {} added", t.elapsed(), imported.added);
    drop(store);

    // The import: from the subscribers view, `i`, the file name, Enter; then keys on the posts
    // list until the job ends.
    let mut app = Headless::threaded(Store::open(&path).unwrap(), 120, 40).unwrap();
    app.key(KeyCode::Char('3'));
    app.key(KeyCode::Char('i'));
    app.type_text(&csv.display().to_string());
    let started = Instant::now();
    app.key(KeyCode::Enter);
    app.key(KeyCode::Char('1'));
    let mut samples = Vec::new();
    let mut i = 0usize;
    let mut seen_running = false;
    while started.elapsed() < Duration::from_secs(120) {
        seen_running |= !app.state.jobs.running.is_empty();
        if seen_running && app.state.jobs.running.is_empty() {
            break;
        }
        let key = if (i / 20) % 2 == 0 { KeyCode::Char('j') } else { KeyCode::Char('k') };
        samples.push(key_to_frame(&mut app, &mut term, key));
        i += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    let took = started.elapsed();
    let outcome = app.state.jobs.recent.front().map(|j| format!("{:?}", j.outcome)).unwrap_or_default();
    report("j/k during a 50,000-row CSV import (job)", &samples);
    println!("  import took {took:.1?}: {outcome}");

    // Another program holds the write lock; Enter opens posts (each queues a read mark), j moves.
    let other = rusqlite::Connection::open(&path).unwrap();
    let mut app = Headless::threaded(Store::open(&path).unwrap(), 120, 40).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; UPDATE setting SET value = value WHERE key = 'x';").unwrap();
    let held = Instant::now();
    let start = app.state.now;
    let mut samples = Vec::new();
    let mut i = 0;
    // 20 s: twice the store's usual busy timeout, so a write that gave up would show here.
    while held.elapsed() < Duration::from_secs(20) {
        let key = match i % 3 {
            0 => KeyCode::Enter,
            1 => KeyCode::Esc,
            _ => KeyCode::Char('j'),
        };
        samples.push(key_to_frame(&mut app, &mut term, key));
        i += 1;
        std::thread::sleep(Duration::from_millis(10));
        // The runtime's once-a-second tick, which moves the clock the waiting notice counts with.
        if i % 80 == 0 {
            app.send(Msg::Tick(start + held.elapsed().as_secs() as i64));
        }
    }
    let waiting = app.state.jobs.writes.len();
    let screen_says = app.screen().contains("another program is writing");
    report("Enter/Esc/j while another program holds the lock 20 s", &samples);
    other.execute_batch("COMMIT").unwrap();
    let t = Instant::now();
    let landed = app.wait_until(Duration::from_secs(60), |a| a.state.jobs.writes.is_empty());
    let errors = app.state.message.clone().unwrap_or_default();
    println!(
        "  writes waiting at the end: {waiting}; status bar said so: {screen_says}; all landed {:.1?} after the lock: {landed}; last message: {errors:?}",
        t.elapsed()
    );
}
