//! The runtime's worker lanes, without a terminal (`Headless::threaded`): keys are answered while
//! writes wait on another program's lock or a job runs, and the status bar says what is waiting.

use std::time::Duration;

use byline::app::Msg;
use byline::store::{self, Store};
use byline::tui::Headless;
use crossterm::event::KeyCode;
use tempfile::TempDir;

fn seeded() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blog.db");
    let mut store = Store::open(&path).unwrap();
    byline::transfer::sample::load(&mut store).unwrap();
    (dir, path)
}

/// Another connection (as another program would) takes the write lock until it commits.
fn hold_write_lock(path: &std::path::Path) -> rusqlite::Connection {
    let other = rusqlite::Connection::open(path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; UPDATE setting SET value = value WHERE key = 'x';").unwrap();
    other
}

#[test]
fn keys_are_answered_while_another_program_holds_the_write_lock_and_the_write_lands_after() {
    let (_dir, path) = seeded();
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    let first = h.state.posts.list.selected_id().unwrap();

    // Another program takes the write lock and keeps it.
    let other = hold_write_lock(&path);

    // Opening the post queues a read mark, which has to wait for the lock...
    h.key(KeyCode::Enter);
    // ...yet every key is handled at once: these calls would block for the busy timeout if the
    // write ran on this thread.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Char('j'));
    assert_ne!(h.state.posts.list.selected_id(), Some(first), "the selection moved while the write waits");
    assert!(
        h.wait_until(Duration::from_secs(5), |h| !h.state.jobs.writes.is_empty()),
        "the read mark's write started and waits"
    );
    let now = h.state.now;
    h.send(Msg::Tick(now + 3));
    let screen = h.screen();
    assert!(screen.contains("waiting") && screen.contains("another program is writing"), "{screen}");

    other.execute_batch("COMMIT").unwrap();
    assert!(h.wait_until(Duration::from_secs(15), |h| h.state.jobs.writes.is_empty()), "the write finished");
    let read = store::read_ids(h.store().conn(), &[first]).unwrap();
    assert!(read.contains(&first), "the read mark landed once the lock was free");
    h.send(Msg::Tick(now + 4));
    assert!(!h.screen().contains("another program is writing"), "the word goes once the write lands");
}

fn write_csv(path: &std::path::Path, rows: usize) {
    let mut text = String::from("email,name,status,tags\n");
    for i in 0..rows {
        text += &format!("reader{i}@example.org,Reader {i},active,servers\n");
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_large_csv_import_runs_as_a_job_while_keys_are_answered_and_shows_its_progress() {
    let (dir, path) = seeded();
    let csv = dir.path().join("people.csv");
    write_csv(&csv, 20_000);
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('i'));
    h.type_text(&csv.display().to_string());
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none(), "the form closes at once: the import runs in the background");
    assert!(h.screen().contains("in the background"), "{}", h.screen());

    // Keys go to the view, not to a form, while the job runs; its progress shows when no
    // message is in the way.
    let finished =
        h.wait_until(Duration::from_secs(60), |h| !h.state.jobs.recent.is_empty() && h.state.jobs.running.is_empty());
    assert!(finished, "the import did not finish: {:?}", h.state.jobs);
    h.key(KeyCode::Char('1'));
    assert_eq!(h.state.view, byline::app::View::Posts, "keys reach the views");
    let job = h.state.jobs.recent.front().unwrap();
    assert_eq!(
        job.outcome,
        Some(byline::jobs::Outcome::Done("imported: 20000 added, 0 updated, 0 unchanged, 0 skipped".into()))
    );
    assert_eq!((job.progress.done, job.progress.total), (20_000, Some(20_000)), "it reported its progress");
    let count: i64 = h.store().conn().query_row("SELECT count(*) FROM subscriber", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 20_006, "the six sample subscribers and the 20,000 imported");
}

#[test]
fn the_jobs_list_cancels_an_import_and_nothing_is_imported() {
    let (dir, path) = seeded();
    let csv = dir.path().join("many.csv");
    write_csv(&csv, 100_000);
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('i'));
    h.type_text(&csv.display().to_string());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('J'));
    assert!(h.wait_until(Duration::from_secs(10), |h| !h.state.jobs.running.is_empty()), "the import started");
    let screen = h.screen();
    assert!(screen.contains("Jobs") && screen.contains("importing subscribers from"), "{screen}");
    h.key(KeyCode::Char('x'));
    assert!(h.screen().contains("cancelling job"), "{}", h.screen());
    assert!(
        h.wait_until(Duration::from_secs(30), |h| h.state.jobs.running.is_empty()),
        "the import stopped: {:?}",
        h.state.jobs
    );
    assert_eq!(h.state.jobs.recent.front().and_then(|j| j.outcome.clone()), Some(byline::jobs::Outcome::Cancelled));
    let count: i64 = h.store().conn().query_row("SELECT count(*) FROM subscriber", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 6, "a cancelled import leaves nothing half-imported");
    h.key(KeyCode::Esc);
    assert!(h.state.overlay.is_none(), "Esc closes the jobs list");
}

/// The store's busy timeout is 10 s; a queued write outlasts it instead of being dropped.
#[test]
fn a_write_waits_out_a_lock_held_longer_than_the_busy_timeout() {
    let (_dir, path) = seeded();
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    let first = h.state.posts.list.selected_id().unwrap();
    let other = hold_write_lock(&path);
    h.key(KeyCode::Enter);
    std::thread::sleep(Duration::from_secs(11));
    h.pump();
    assert!(!h.state.jobs.writes.is_empty(), "still waiting, not failed: {:?}", h.state.message);
    other.execute_batch("COMMIT").unwrap();
    assert!(h.wait_until(Duration::from_secs(15), |h| h.state.jobs.writes.is_empty()), "the write finished");
    assert_eq!(h.state.message, None, "no error was reported");
    assert!(store::read_ids(h.store().conn(), &[first]).unwrap().contains(&first), "the read mark landed");
}

/// The article shown beside the list (wide screens): its post id.
fn article_id(h: &Headless) -> Option<byline::domain::PostId> {
    h.state.posts.article.as_ref().map(|a| a.post.meta.id)
}

#[test]
fn drawing_first_shows_the_moved_list_before_the_article_beside_it_loads() {
    let (_dir, path) = seeded();
    let mut h = Headless::new(Store::open(&path).unwrap(), 120, 30).unwrap();
    h.set_frame_first(true);
    h.take_dirty();
    let first = article_id(&h);
    h.key(KeyCode::Char('j'));
    let second = h.state.posts.list.selected_id();
    assert_ne!(second, first);
    assert!(h.holding(), "the article load waits for the frame");
    assert_eq!(article_id(&h), first, "this frame shows the list moved, the article not yet");
    assert!(h.take_dirty(), "a frame is due");

    // The runtime's next turn, right after drawing: the held load runs.
    h.settle();
    assert!(!h.holding());
    assert_eq!(article_id(&h), second, "the article follows one frame later");

    // Keys faster than frames: only the newest held load runs.
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    let fourth = h.state.posts.list.selected_id();
    h.take_dirty();
    h.settle();
    assert_eq!(article_id(&h), fourth);

    // Narrow screens take turns: opening an article is the frame, so nothing is held.
    let mut narrow = Headless::new(Store::open(&path).unwrap(), 80, 24).unwrap();
    narrow.set_frame_first(true);
    narrow.key(KeyCode::Enter);
    assert!(!narrow.holding());
    assert!(article_id(&narrow).is_some());
}

/// At a million posts counting the list takes longer than a frame: the first window is drawn
/// without its count, which the count lane brings after.
#[test]
fn the_first_window_is_drawn_before_the_list_is_counted_and_the_count_follows() {
    let (_dir, path) = seeded();
    let total = store::post_count(Store::open(&path).unwrap().conn(), &store::ListFilter::default(), i64::MAX).unwrap();
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    assert!(!h.state.posts.list.rows.is_empty(), "the first window is there");
    assert!(!h.state.posts.list.counted, "and was not held back for the count");
    let screen = h.screen();
    assert!(screen.contains("Posts 1/…") && screen.contains("counting posts"), "{screen}");

    assert!(h.wait_until(Duration::from_secs(10), |h| h.state.posts.list.counted), "the count arrived");
    assert_eq!(h.state.posts.list.total as i64, total);
    let screen = h.screen();
    assert!(screen.contains(&format!("Posts 1/{total}")), "{screen}");
    assert!(screen.contains(&format!("{total} posts")) && screen.contains("unread"), "{screen}");

    // A new filter is a new list: counted again, and a late count of the old one is dropped.
    h.key(KeyCode::Char('u'));
    assert!(h.wait_until(Duration::from_secs(10), |h| h.state.posts.list.counted && h.state.posts.filter.unread_only));
    let unread = h.state.posts.unread.unwrap();
    assert_eq!(h.state.posts.list.total, unread, "the unread-only list's length is the unread count");
}

#[test]
fn g_on_a_list_not_yet_counted_goes_to_the_real_last_post() {
    let (_dir, path) = seeded();
    let store = Store::open(&path).unwrap();
    let oldest = store::list_posts(store.conn(), &store::ListFilter::default(), i64::MAX).unwrap().pop().unwrap();
    let mut h = Headless::threaded(store, 120, 30).unwrap();
    assert!(!h.state.posts.list.counted);
    h.key(KeyCode::Char('G'));
    assert!(h.wait_until(Duration::from_secs(10), |h| h.state.posts.list.selected_id() == Some(oldest.id)));
    assert!(h.state.posts.list.counted);
}

/// The pickers count every post of each tag or author (at a million, about a second): the box
/// opens at once, loading, and the counts fill it from a lane.
#[test]
fn the_tag_picker_opens_at_once_and_its_counts_arrive_from_a_lane() {
    let (_dir, path) = seeded();
    let mut h = Headless::threaded(Store::open(&path).unwrap(), 120, 30).unwrap();
    h.key(KeyCode::Char('t'));
    let loading = |h: &Headless| match &h.state.overlay {
        Some(byline::app::Overlay::Picker(p)) => Some(p.loading),
        _ => None,
    };
    assert_eq!(loading(&h), Some(true), "the picker is open and waits for its counts");
    assert!(h.wait_until(Duration::from_secs(10), |h| loading(h) == Some(false)), "the counts arrived");
    let Some(byline::app::Overlay::Picker(p)) = &h.state.overlay else { panic!("the picker closed") };
    let tags = store::list_tags(h.store().conn()).unwrap();
    assert_eq!(p.items.len(), tags.len());
    assert!(p.items.iter().all(|i| i.posts > 0), "{:?}", p.items);
}
