//! Subscribers: the CSV import as a job (progress, cancel, strict) and the private export.

use std::sync::Arc;
use std::time::Duration;

use super::blog;
use crate::domain::{Email, SubscriberStatus};
use crate::jobs::{CancelToken, JobCtl};
use crate::ops::subscribers_csv::{export_subscribers, export_subscribers_file, import_subscribers};
use crate::ops::{OpsError, subscribers};
use crate::store::Store;

/// The whole subscriber table as CSV, to compare before and after.
fn table(store: &Store) -> String {
    let mut buf = Vec::new();
    export_subscribers(store, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

fn with_one_subscriber() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = blog();
    let email = Email::parse("old@example.com").unwrap();
    subscribers::add_subscriber(&mut store, &email, Some("Old"), &[], SubscriberStatus::Pending).unwrap();
    (dir, store)
}

fn csv_of(rows: usize) -> String {
    let mut csv = String::from("email,name,status,tags\nold@example.com,Old Renamed,active,\n");
    for i in 0..rows {
        csv += &format!("user{i}@example.com,User {i},,news;rust\n");
    }
    csv
}

#[test]
fn an_import_adds_updates_and_reports_skipped_rows_by_line() {
    let (_dir, mut store) = with_one_subscriber();
    let csv = "email,name,status,tags\nold@example.com,Old,pending,\nnew@example.com,New,,\nbad@,X,,\nnew@example.com,Again,,\n";
    let report = import_subscribers(&mut store, csv.as_bytes(), false, &JobCtl::detached()).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 0, 1));
    let lines: Vec<u64> = report.skipped.iter().map(|s| s.0).collect();
    assert_eq!(lines, [4, 5], "{:?}", report.skipped);
}

#[test]
fn progress_reaches_the_row_count() {
    let (_dir, mut store) = with_one_subscriber();
    let ctl = JobCtl::detached();
    import_subscribers(&mut store, csv_of(300).as_bytes(), false, &ctl).unwrap();
    let progress = ctl.progress();
    assert_eq!((progress.done, progress.total), (301, Some(301)));
}

#[test]
fn a_cancelled_import_leaves_the_table_as_it_was() {
    let (_dir, mut store) = with_one_subscriber();
    let before = table(&store);
    let token = CancelToken::default();
    let canceller = token.clone();
    // The first reports come before any row (done = 0): wait there past the report interval, so
    // the first row's report is due at once, and cancel from it: the import stops mid-way.
    let reporter = move |p: &crate::jobs::Progress| {
        if p.done == 0 {
            std::thread::sleep(Duration::from_millis(60));
        } else {
            canceller.cancel();
        }
    };
    let ctl = JobCtl::new(token, Some(Arc::new(reporter)));
    let err = import_subscribers(&mut store, csv_of(2_000).as_bytes(), false, &ctl).unwrap_err();
    assert!(matches!(err, OpsError::Cancelled), "{err:?}");
    let progress = ctl.progress();
    assert!(progress.done >= 1 && progress.done < 2_001, "cancelled mid-way: {progress:?}");
    assert_eq!(table(&store), before, "the rows applied before the cancel were rolled back");
}

#[test]
fn a_cancel_from_another_thread_rolls_back_too() {
    let (_dir, mut store) = with_one_subscriber();
    let before = table(&store);
    let ctl = JobCtl::detached();
    let token = ctl.token().clone();
    std::thread::scope(|s| {
        s.spawn(|| {
            while ctl.progress().done < 100 {
                std::thread::yield_now();
            }
            token.cancel();
        });
        // Plenty of rows, so the cancel lands long before the end.
        let result = import_subscribers(&mut store, csv_of(20_000).as_bytes(), false, &ctl);
        token.cancel(); // frees the watcher, should the import have won the race
        assert!(matches!(result, Err(OpsError::Cancelled)), "{result:?}");
    });
    assert_eq!(table(&store), before);
}

#[test]
fn a_strict_import_with_a_skipped_row_imports_nothing() {
    let (_dir, mut store) = with_one_subscriber();
    let before = table(&store);
    // Every row parses; the repeat on the last line is skipped only when applied, after the others.
    let csv = csv_of(50) + "user1@example.com,Repeat,,\n";
    let err = import_subscribers(&mut store, csv.as_bytes(), true, &JobCtl::detached()).unwrap_err();
    let OpsError::StrictSkipped { skipped } = &err else { panic!("{err:?}") };
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        err.to_string(),
        "--strict: some rows would be skipped; nothing was imported (run without --strict to see them)"
    );
    assert_eq!(table(&store), before, "the 51 good rows were rolled back");
}

#[test]
fn a_strict_import_with_an_unreadable_row_names_it_and_imports_nothing() {
    let (_dir, mut store) = with_one_subscriber();
    let before = table(&store);
    let csv = csv_of(5) + "not-an-address,X,,\n";
    let err = import_subscribers(&mut store, csv.as_bytes(), true, &JobCtl::detached()).unwrap_err();
    assert!(matches!(err, OpsError::StrictBadRow { line: 8, bad: 1, .. }), "{err:?}");
    assert_eq!(table(&store), before);
}

#[test]
fn a_file_import_names_the_file_in_its_errors() {
    let (dir, mut store) = blog();
    let path = dir.path().join("subs.csv");
    std::fs::write(&path, "name\nx\n").unwrap();
    let err = crate::ops::subscribers_csv::import_subscribers_file(&mut store, &path, false, &JobCtl::detached())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: {}", path.display(), crate::transfer::subscribers_csv::CsvError::NoEmailColumn { hint: "" })
    );
}

#[cfg(unix)]
#[test]
fn an_export_to_a_new_file_is_private_and_reads_back() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut store) = with_one_subscriber();
    let path = dir.path().join("subscribers.csv");
    assert_eq!(export_subscribers_file(&store, &path).unwrap(), 1);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "personal data: readable by its owner only");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, table(&store));
    let report = import_subscribers(&mut store, text.as_bytes(), true, &JobCtl::detached()).unwrap();
    assert_eq!((report.added, report.unchanged), (0, 1), "an export imports back unchanged");
}
