//! Writes a large, realistic byline database for benchmarks and manual testing:
//! `cargo run --release --example generate -- --posts 100000 --db PATH`, and followed feeds with
//! `--feeds 500 --items 900000` (the million-item reader).
// Test and benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod blog;
mod follow;
mod vocab;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use byline::store::Store;
use clap::Parser;

/// Generate N posts of about 5 KB of markdown each (20 authors, 200 tags, ten years of dates,
/// some drafts and scheduled posts) plus subscribers, through the store API.
#[derive(Parser)]
struct Args {
    /// How many posts to write.
    #[arg(long, default_value_t = 10_000)]
    posts: usize,
    /// The database file to write.
    #[arg(long)]
    db: PathBuf,
    /// The same seed (and --now) always writes the same blog.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many subscribers to add.
    #[arg(long, default_value_t = 1000)]
    subscribers: usize,
    /// Reference time in Unix seconds: dates span the ten years before it [default: midnight UTC today].
    #[arg(long)]
    now: Option<i64>,
    /// Add to an existing database instead of refusing it.
    #[arg(long)]
    append: bool,
    /// How many followed feeds to add (their items come from --items).
    #[arg(long, default_value_t = 0)]
    feeds: usize,
    /// How many followed items to spread over the feeds (stored as a refresh stores them).
    #[arg(long, default_value_t = 0)]
    items: usize,
    /// The years the followed items span, before --now.
    #[arg(long, default_value_t = 5)]
    years: i64,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let non_empty = std::fs::metadata(&args.db).is_ok_and(|m| m.len() > 0);
    if non_empty && !args.append {
        return Err(format!("{} exists and is not empty: pass --append to add to it", args.db.display()));
    }
    let now = args.now.unwrap_or_else(|| {
        let t = jiff::Timestamp::now().as_second();
        t - t.rem_euclid(86_400)
    });
    let mut store = Store::open(&args.db).map_err(|e| e.to_string())?;
    let opts = blog::Options { posts: args.posts, subscribers: args.subscribers, seed: args.seed, now };
    let started = Instant::now();
    let mut next_report = 10_000;
    blog::generate(&mut store, &opts, |done| {
        if done >= next_report || done == args.posts {
            let secs = started.elapsed().as_secs_f64();
            println!("{done:>9} posts  {secs:>7.1} s  {:>6.0} posts/s", done as f64 / secs);
            next_report = done - done % 10_000 + 10_000;
        }
    })
    .map_err(|e| e.to_string())?;
    if args.feeds > 0 {
        let opts = follow::Options { feeds: args.feeds, items: args.items, seed: args.seed, now, years: args.years };
        let started = Instant::now();
        let mut next_report = 50_000;
        follow::generate(&mut store, &opts, |done| {
            if done >= next_report || done == args.items {
                let secs = started.elapsed().as_secs_f64();
                println!("{done:>9} items  {secs:>7.1} s  {:>6.0} items/s", done as f64 / secs);
                next_report = done - done % 50_000 + 50_000;
            }
        })
        .map_err(|e| e.to_string())?;
    } else if args.items > 0 {
        return Err("--items needs --feeds to spread them over".into());
    }
    // Fold the write-ahead log into the main file, so its size is the database's size.
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&args.db).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {} posts, {} subscribers and {} items of {} feeds to {} in {secs:.1} s ({:.0} a second); file size {:.1} MiB",
        args.posts,
        args.subscribers,
        args.items,
        args.feeds,
        args.db.display(),
        (args.posts + args.items) as f64 / secs,
        size as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}
