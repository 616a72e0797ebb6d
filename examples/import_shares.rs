//! Where an import's time goes: reading the files, parsing them, SQLite, and the search index.
//! `cargo run --release --example import_shares -- DIR` (DIR: a folder of markdown files, such as
//! `benches/import/markdown_site.py` writes). Each part is timed alone on one thread, on fresh
//! databases in a temporary folder; `vs_hugo.sh` times the whole command.
// Benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use byline::jobs::JobCtl;
use byline::ops::import::{ImportOptions, import_parsed};
use byline::store::Store;
use byline::transfer::import::{Parsed, markdown, walk};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: import_shares DIR"));
    let (files, _) = walk::markdown_files(&dir);

    let started = Instant::now();
    let bytes: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let read = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let items: Vec<_> =
        files.iter().zip(&bytes).map(|(f, b)| markdown::parse_file(f, &f.display().to_string(), b).unwrap()).collect();
    let parse = started.elapsed().as_secs_f64();

    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, without_search: bool| -> f64 {
        let mut store = Store::open(&tmp.path().join(name)).unwrap();
        if without_search {
            // The same inserts with the two search indexes made plain tables: what is left is SQLite.
            store
                .conn()
                .execute_batch(
                    "DROP TABLE post_fts; CREATE TABLE post_fts(title, summary, body, author, tags);
                     DROP TRIGGER post_title_fts_insert;",
                )
                .unwrap();
        }
        let parsed = Parsed { items: items.clone(), problems: Vec::new() };
        let started = Instant::now();
        let summary = import_parsed(&mut store, parsed, ImportOptions::default(), &JobCtl::detached()).unwrap();
        assert_eq!(summary.imported, items.len());
        started.elapsed().as_secs_f64()
    };
    let sqlite = write("plain.db", true);
    let with_search = write("search.db", false);
    let search = with_search - sqlite;
    let total = read + parse + with_search;
    let share = |t: f64| 100.0 * t / total;
    println!("{} files, {:.1} MiB", files.len(), bytes.iter().map(Vec::len).sum::<usize>() as f64 / 1048576.0);
    println!("read files    {read:6.2} s  {:4.1} %", share(read));
    println!("parse         {parse:6.2} s  {:4.1} %", share(parse));
    println!("SQLite        {sqlite:6.2} s  {:4.1} %", share(sqlite));
    println!("search index  {search:6.2} s  {:4.1} %", share(search));
    println!("sum, one thread: {total:.2} s");
}
