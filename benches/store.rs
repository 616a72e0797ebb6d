//! Store benchmarks on a large database: list pages, one post, similar posts and full-text search.
//!
//! `BYLINE_BENCH_DB=/path/to/big.db cargo bench --bench store` measures an existing database
//! (make one with `cargo run --release --example generate -- --posts 100000 --db PATH`); without it,
//! a 10,000-post database is generated into a temporary directory first. Criterion reports means;
//! `scripts/bench_medians.py` prints the medians it saved under target/criterion.
// Test and benchmark code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/generate/blog.rs"]
mod blog;
#[path = "../examples/generate/vocab.rs"]
mod vocab;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use byline::domain::PostId;
use byline::store::{self, ListFilter, Store};
use byline::store::{SearchQuery, SearchRequest};
use criterion::{Criterion, SamplingMode};
use rand::{RngExt, SeedableRng, rngs::StdRng};

const PAGE: usize = 60;
const SEARCH_LIMIT: usize = 50;
const RELATED: usize = 5;

fn main() {
    let (store, _keep) = open_database();
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    bench_list(&mut c, &store);
    bench_posts(&mut c, &store);
    bench_search(&mut c, &store);
    c.final_summary();
}

/// The database named by BYLINE_BENCH_DB, or a fresh 10,000-post one (kept alive by the TempDir).
fn open_database() -> (Store, Option<tempfile::TempDir>) {
    if let Some(path) = std::env::var_os("BYLINE_BENCH_DB") {
        let path = PathBuf::from(path);
        if !path.is_file() {
            panic!("BYLINE_BENCH_DB={} is not a file", path.display());
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
        return (store, None);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let opts = blog::Options { posts: 10_000, subscribers: 1_000, seed: 1, now: store.now() };
    blog::generate(&mut store, &opts, |_| {}).unwrap_or_else(|e| panic!("generating the database: {e}"));
    eprintln!("generated {} posts into {} in {:.1?}", opts.posts, path.display(), started.elapsed());
    (store, Some(dir))
}

fn query_ids(store: &Store, sql: &str, params: impl rusqlite::Params) -> Vec<PostId> {
    let mut stmt = store.conn().prepare(sql).expect("setup query");
    let rows = stmt.query_map(params, |r| r.get(0).map(PostId)).expect("setup query");
    rows.collect::<Result<_, _>>().expect("setup query")
}

/// (most used tag, least used tag that has posts).
fn popular_and_rare_tag(store: &Store) -> (String, String) {
    let pick = |order: &str| -> String {
        let sql = format!(
            "SELECT t.name FROM tag t JOIN post_tag pt ON pt.tag_id = t.id GROUP BY t.id ORDER BY count(*) {order} LIMIT 1"
        );
        store.conn().query_row(&sql, [], |r| r.get(0)).expect("the database has tagged posts")
    };
    (pick("DESC"), pick("ASC"))
}

fn bench_list(c: &mut Criterion, store: &Store) {
    let now = store.now();
    let total: i64 = store.conn().query_row("SELECT count(*) FROM post", [], |r| r.get(0)).expect("count");
    let middle: (i64, i64) = store
        .conn()
        .query_row("SELECT sort_at, id FROM post ORDER BY sort_at DESC, id DESC LIMIT 1 OFFSET ?1", [total / 2], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a post in the middle");
    let (popular, rare) = popular_and_rare_tag(store);
    let page = ListFilter { limit: Some(PAGE), ..ListFilter::default() };
    let cases = [
        ("first_page", page.clone()),
        ("keyset_page_middle", ListFilter { older_than: Some((middle.0, PostId(middle.1))), ..page.clone() }),
        ("tag_popular_first_page", ListFilter { tag: Some(popular.clone()), ..page.clone() }),
        ("tag_rare_first_page", ListFilter { tag: Some(rare), ..page.clone() }),
    ];
    let mut g = c.benchmark_group("list");
    for (name, filter) in &cases {
        g.bench_function(*name, |b| b.iter(|| store::list_posts(store.conn(), black_box(filter), now).unwrap()));
    }
    let all = ListFilter::default();
    g.bench_function("count_all", |b| b.iter(|| store::post_count(store.conn(), black_box(&all), now).unwrap()));
    let tagged = ListFilter { tag: Some(popular), ..ListFilter::default() };
    g.bench_function("count_tag_popular", |b| {
        b.iter(|| store::post_count(store.conn(), black_box(&tagged), now).unwrap())
    });
    g.finish();
}

fn bench_posts(c: &mut Criterion, store: &Store) {
    let now = store.now();
    let all = query_ids(store, "SELECT id FROM post", []);
    let published = query_ids(store, "SELECT id FROM post WHERE published_at <= ?1", [now]);
    // A post carrying the most popular tags: the most candidates for "similar posts".
    let crowded = query_ids(
        store,
        "SELECT pt.post_id FROM post_tag pt JOIN post p ON p.id = pt.post_id
         WHERE p.published_at <= ?1
         GROUP BY pt.post_id
         ORDER BY sum((SELECT count(*) FROM post_tag x WHERE x.tag_id = pt.tag_id)) DESC LIMIT 1",
        [now],
    );
    let mut rng = StdRng::seed_from_u64(7);
    let mut g = c.benchmark_group("post");
    g.bench_function("get_post_random", |b| {
        b.iter(|| store::get_post(store.conn(), all[rng.random_range(0..all.len())], now).unwrap())
    });
    g.bench_function("related_posts_random", |b| {
        b.iter(|| {
            let id = published[rng.random_range(0..published.len())];
            store::related_posts(store.conn(), id, RELATED, now).unwrap()
        })
    });
    g.bench_function("related_posts_most_tagged", |b| {
        b.iter(|| store::related_posts(store.conn(), crowded[0], RELATED, now).unwrap())
    });
    g.finish();
}

fn search(store: &Store, query: &str) -> usize {
    let query = SearchQuery::parse(query).unwrap();
    let req = SearchRequest { query: &query, offset: 0, limit: SEARCH_LIMIT, marks: ("[", "]") };
    store::search_page(store.conn(), black_box(&req), store.now()).unwrap().hits.len()
}

fn bench_search(c: &mut Criterion, store: &Store) {
    let mut g = c.benchmark_group("search");
    for query in ["query index ", "socket timeout ", "rust server "] {
        g.bench_function(format!("page/{}", query.trim()), |b| b.iter(|| search(store, query)));
    }
    g.finish();
    // Short prefixes: the first page comes from the titles' prefix index; the count of all hits
    // merges every matching body term and can take a second (one iteration per sample).
    let mut g = c.benchmark_group("search_prefix");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for prefix in ["s", "se", "ser", "serv"] {
        g.bench_function(format!("page/{prefix}*"), |b| b.iter(|| search(store, prefix)));
        let q = SearchQuery::parse(prefix).unwrap();
        g.bench_function(format!("count/{prefix}*"), |b| b.iter(|| store::search_count(store.conn(), &q).unwrap()));
    }
    g.finish();
}
