//! Use-case tests on real temporary SQLite files: each one transaction, whole or not at all.

mod guid;
mod newsletter;
mod posts;
mod publish;
mod reading;
mod signup;
mod subscribers;

use crate::store::Store;

pub(super) fn blog() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    store.set_clock(Some(1_700_000_000));
    (dir, store)
}
