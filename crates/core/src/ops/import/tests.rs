//! The import engine on real files and a real database: matching, idempotence, bad input, modes.

use std::path::{Path, PathBuf};

use super::*;
use crate::domain::{PostRef, PostStatus};
use crate::jobs::CancelToken;
use crate::store::ListFilter;

const NOW: i64 = 1_700_000_000; // 2023-11-14

fn blog() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(NOW));
    (dir, store)
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn run(store: &mut Store, path: &Path, opts: ImportOptions) -> Result<ImportSummary> {
    import_paths(store, &[path.to_path_buf()], opts, &JobCtl::detached())
}

fn post(store: &Store, slug: &str) -> crate::domain::Post {
    let id = store::resolve_post(store.conn(), &PostRef::Slug(slug.into())).unwrap();
    store::get_post(store.conn(), id, store.now()).unwrap()
}

fn count(store: &Store) -> i64 {
    store::post_count(store.conn(), &ListFilter::default(), NOW).unwrap()
}

fn site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    write(&site, "a.md", "---\ntitle: A\ndate: 2020-01-02\ntags: [rust]\nauthor: Ann\n---\nBody A\n");
    write(&site, "b.md", "+++\ntitle = \"B\"\ndate = 2020-01-03\nauthors = [\"Bo\", \"Cy\"]\n+++\nBody B\n");
    write(&site, "c/index.md", "---\ntitle: C\ndraft: true\n---\nBody C\n");
    site
}

#[test]
fn a_site_imports_with_its_dates_authors_and_tags_and_again_changes_nothing() {
    let (dir, mut store) = blog();
    let site = site(dir.path());
    let first = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!((first.imported, first.updated, first.unchanged, first.failed), (3, 0, 0, 0), "{first:?}");
    let a = post(&store, "a");
    assert_eq!(
        (a.meta.published_at, a.meta.author.as_deref(), a.meta.tags.clone()),
        (Some(1_577_923_200), Some("Ann"), vec!["rust".to_string()])
    );
    assert_eq!(post(&store, "b").meta.author.as_deref(), Some("Bo and Cy"));
    assert_eq!(post(&store, "c").meta.status, PostStatus::Draft);
    let again = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 3), "{again:?}");
    write(&site, "a.md", "---\ntitle: A, edited\ndate: 2020-01-02\n---\nNew body\n");
    let edited = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!((edited.imported, edited.updated, edited.unchanged), (0, 1, 2));
    assert_eq!(post(&store, "a").meta.title, "A, edited");
    assert_eq!(count(&store), 3);
    assert!(store.check().unwrap().is_empty(), "the search index is in step");
}

#[test]
fn a_bad_file_fails_alone_naming_its_line() {
    let (dir, mut store) = blog();
    let site = site(dir.path());
    write(&site, "bad.md", "---\ntitle: Bad\ndate: someday\n---\n");
    std::fs::write(site.join("latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let s = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!((s.imported, s.failed), (3, 2), "{s:?}");
    let lines: Vec<String> = s.problems.iter().map(ToString::to_string).collect();
    assert!(lines.iter().any(|l| l.ends_with("bad.md:3: cannot read the date 'someday'")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("latin1.md:2: not UTF-8")), "{lines:?}");
    assert_eq!(count(&store), 3);
}

#[test]
fn all_or_nothing_and_dry_runs_leave_the_database_as_it_was() {
    let (dir, mut store) = blog();
    let site = site(dir.path());
    let dry = run(&mut store, &site, ImportOptions { dry_run: true, ..Default::default() }).unwrap();
    assert_eq!((dry.imported, dry.dry_run), (3, true));
    assert_eq!(count(&store), 0, "a dry run keeps nothing");
    write(&site, "bad.md", "---\ntitle: [unclosed\n---\n");
    let err = run(&mut store, &site, ImportOptions { all_or_nothing: true, ..Default::default() }).unwrap_err();
    assert!(matches!(&err, OpsError::ImportFailed { problems } if problems.len() == 1), "{err}");
    assert!(err.to_string().contains("bad.md:3: the YAML front matter does not parse"), "{err}");
    assert_eq!(count(&store), 0);
}

#[test]
fn a_source_id_follows_the_post_across_a_slug_change_and_is_its_feed_id() {
    let (dir, mut store) = blog();
    let file = write(dir.path(), "p.md", "---\ntitle: P\nid: tag:old.example,2020:42\nslug: first\n---\nx\n");
    run(&mut store, &file, ImportOptions::default()).unwrap();
    let before = post(&store, "first").meta;
    assert_eq!(before.guid, "tag:old.example,2020:42", "the feeds give the old id");
    write(dir.path(), "p.md", "---\ntitle: P\nid: tag:old.example,2020:42\nslug: second\n---\nx\n");
    let s = run(&mut store, &file, ImportOptions::default()).unwrap();
    assert_eq!((s.imported, s.updated), (0, 1));
    assert_eq!(post(&store, "second").meta.id, before.id);
    // Two copies of one id in one import: the second is skipped.
    let twice = dir.path().join("twice");
    write(&twice, "1.md", "---\ntitle: One\nid: same\n---\n");
    write(&twice, "2.md", "---\ntitle: Two\nid: same\n---\n");
    let s = run(&mut store, &twice, ImportOptions::default()).unwrap();
    assert_eq!((s.imported, s.skipped), (1, 1), "{s:?}");
}

#[test]
fn equal_slugs_in_one_import_are_two_posts_every_time() {
    let (dir, mut store) = blog();
    let site = dir.path().join("s");
    write(&site, "one/hello.md", "---\ntitle: Hello one\n---\n");
    write(&site, "two/hello.md", "---\ntitle: Hello two\n---\n");
    run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!(
        (post(&store, "hello").meta.title.as_str(), post(&store, "hello-2").meta.title.as_str()),
        ("Hello one", "Hello two")
    );
    let again = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!(again.unchanged, 2, "{again:?}");
}

#[test]
fn a_future_date_schedules_and_a_dateless_post_is_dated_at_its_first_import() {
    let (dir, mut store) = blog();
    let site = dir.path().join("s");
    write(&site, "soon.md", "---\ntitle: Soon\ndate: 2030-01-01\n---\n");
    write(&site, "undated.md", "# Undated\n");
    run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!(post(&store, "soon").meta.status, PostStatus::Scheduled);
    assert_eq!(post(&store, "undated").meta.published_at, Some(NOW));
    store.set_clock(Some(NOW + 100));
    assert_eq!(run(&mut store, &site, ImportOptions::default()).unwrap().unchanged, 2, "its date is kept");
}

#[test]
fn a_cancelled_import_stops_with_cancelled() {
    let (dir, mut store) = blog();
    let site = site(dir.path());
    let token = CancelToken::default();
    token.cancel();
    let ctl = JobCtl::new(token, None);
    let err = import_paths(&mut store, &[site], ImportOptions::default(), &ctl).unwrap_err();
    assert!(matches!(err, OpsError::Cancelled), "{err}");
    assert_eq!(count(&store), 0);
}

#[test]
fn byline_json_round_trips_byte_for_byte() {
    let (dir, mut store) = blog();
    run(&mut store, &site(dir.path()), ImportOptions::default()).unwrap();
    let json = export_json(&store).unwrap();
    let file = dir.path().join("blog.json");
    std::fs::write(&file, &json).unwrap();
    let mut empty = Store::open(&dir.path().join("empty.db")).unwrap();
    empty.set_clock(Some(NOW));
    let s = run(&mut empty, &file, ImportOptions::default()).unwrap();
    assert_eq!((s.imported, s.failed), (3, 0), "{s:?}");
    assert_eq!(String::from_utf8(export_json(&empty).unwrap()).unwrap(), String::from_utf8(json).unwrap());
}

#[test]
fn a_source_id_is_unique_but_many_posts_have_none() {
    let (_dir, store) = blog();
    let insert = |slug: &str, source: Option<&str>| {
        store.conn().execute(
            "INSERT INTO post (slug, title, created_at, updated_at, source_id) VALUES (?1, 'T', 1, 1, ?2)",
            rusqlite::params![slug, source],
        )
    };
    insert("a", None).unwrap();
    insert("b", None).unwrap();
    insert("c", Some("x")).unwrap();
    assert!(insert("d", Some("x")).is_err());
}

#[test]
fn unknown_formats_are_a_problem_not_a_stop() {
    let (dir, mut store) = blog();
    let feed = write(dir.path(), "feed.xml", "<rss/>");
    let other = write(dir.path(), "x.json", "{\"a\": 1}");
    let site = site(dir.path());
    let s = import_paths(&mut store, &[feed, other, site], ImportOptions::default(), &JobCtl::detached()).unwrap();
    assert_eq!((s.imported, s.failed), (3, 2), "{s:?}");
}

#[test]
fn a_write_failing_half_way_leaves_nothing_of_its_item_and_the_batch_goes_on() {
    let (dir, mut store) = blog();
    let site = site(dir.path());
    write(&site, "boom.md", "---\ntitle: Boom\nauthor: Zed\ntags: [new-tag]\n---\nboom");
    // The post row and its author are written before the body, which this refuses.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON post_body WHEN new.body = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    let s = run(&mut store, &site, ImportOptions::default()).unwrap();
    assert_eq!((s.imported, s.failed), (3, 1), "{s:?}");
    assert!(s.problems.iter().any(|p| p.origin.ends_with("boom.md") && p.reason.contains("refused by the test")));
    assert_eq!(count(&store), 3);
    let authors: Vec<String> = store::list_authors(store.conn()).unwrap().into_iter().map(|a| a.name).collect();
    assert!(!authors.contains(&"Zed".to_string()), "{authors:?}");
    assert!(store::list_tags(store.conn()).unwrap().iter().all(|t| t.name != "new-tag"));
    assert!(store.check().unwrap().is_empty());
    let err = run(&mut store, &site, ImportOptions { all_or_nothing: true, ..Default::default() }).unwrap_err();
    assert!(matches!(err, OpsError::ImportFailed { .. }), "{err}");
}
