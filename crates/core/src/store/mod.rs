//! The SQLite store: owns the connection, the schema and every query. Nothing above it writes SQL.

pub(crate) mod authors;
mod autosave;
mod backup;
pub mod dump;
mod error;
mod facets;
pub mod feeds;
mod fts;
pub mod import;
mod open;
pub mod outbox;
pub use open::{BUSY_WAIT, create_private as create_private_file};
mod post_batches;
mod posts;
mod related;
mod schema;
pub mod search;
mod signups;
mod sources;
mod state;
mod subscriber_list;
mod subscribers;
mod tags;
mod trash;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use error::StoreError;
pub use facets::{Facet, FacetCount, facet_counts};
pub use post_batches::{each_post, post_bodies, post_summaries};
pub use posts::{ListFilter, PostChanges, PostSource};
pub use schema::SCHEMA_VERSION;
pub use search::SearchHit;
pub use signups::{
    PendingSignup, SignupOutcome, TokenOutcome, confirm_signup, existing_tags, expire_signups, pending_signup,
    request_signup, set_tags_by_token, subscriber_by_token, tag_names, unsubscribe_by_token,
};
pub use sources::{SourceCount, category_exists, source_counts};
pub use subscriber_list::{
    SubscriberFilter, subscriber_count, subscriber_key, subscriber_status_counts, subscriber_window,
};
pub use subscribers::{ImportOutcome, ImportRow, Importer};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One open byline database. Reads take `&self`; writes take `&mut self` and run in one
/// `BEGIN IMMEDIATE` transaction each, so a command's changes land whole or not at all.
pub struct Store {
    conn: Connection,
    path: std::path::PathBuf,
    /// Fixed "now" for tests and deterministic snapshots; `None` reads the clock.
    clock: Option<i64>,
    /// Why writes are refused (a read-only file, folder or mount); `None` when writable.
    read_only: Option<String>,
}

impl Store {
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Current time in Unix seconds (or the injected one).
    pub fn now(&self) -> i64 {
        self.clock.unwrap_or_else(|| jiff::Timestamp::now().as_second())
    }

    /// Fixes the clock, for tests and reproducible renders.
    pub fn set_clock(&mut self, now: Option<i64>) {
        self.clock = now;
    }

    /// Runs `f` in one immediate transaction: committed if it returns Ok, rolled back otherwise.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, i64) -> Result<T>) -> Result<T> {
        self.write_with(f)
    }

    /// `write` for callers whose error type wraps `StoreError` (the use cases in `ops`, whose
    /// steps can also fail by cancellation or validation): any `Err` rolls everything back.
    pub fn write_with<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, i64) -> Result<T, E>,
    ) -> Result<T, E> {
        self.writable()?;
        let now = self.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let out = f(&tx, now)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// `write` that may roll back what succeeded: a dry run does all the work and then rolls it back,
    /// so what it reports is what a real run would do.
    /// `f` answers with its result and whether to keep what it did.
    pub fn write_or_discard<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, i64) -> Result<(T, bool), E>,
    ) -> Result<T, E> {
        self.writable()?;
        let now = self.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let (out, keep) = f(&tx, now)?;
        if keep {
            tx.commit().map_err(StoreError::from)?;
        }
        Ok(out)
    }

    /// Refuses a write up front on a database opened read-only, saying why.
    fn writable(&self) -> Result<()> {
        match &self.read_only {
            Some(why) => Err(StoreError::ReadOnly { path: self.path.clone(), why: why.clone() }),
            None => Ok(()),
        }
    }

    /// The raw connection, for the few read paths (and benchmarks) that need it.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A handle that can cancel a long query from another thread (search-as-you-type).
    /// How long a write waits for another connection's write lock before giving up as `Busy`
    /// (10 s by default). A worker that must not lose a queued write waits longer.
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// A counter that changes when another connection commits (PRAGMA data_version).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

pub use authors::list_authors;
pub use autosave::{Draft, clear_autosave, load_autosave, save_autosave};
pub use posts::{
    add_post, get_post, list_posts, post_count, post_position, publish_post, resolve_post, set_post_tags, tag_post,
    unpublish_post, untag_post, update_post,
};
pub use related::{SimilarIndex, related_posts};
pub use search::{SearchPage, SearchQuery, SearchRequest, search_count, search_page};
pub use state::{get_setting, mark_filter_read, mark_ids_read, mark_read, read_ids, set_setting, unread_count};
pub use subscribers::{
    add_subscriber, change_subscriber_email, confirm_subscriber, get_subscriber, import_subscribers, list_subscribers,
    remove_subscriber, unsubscribe_subscriber, update_subscriber,
};
pub use tags::{delete_tag, list_tags, merge_tags, rename_tag};
pub use trash::{TRASH_DAYS, Trashed, list_trash, purge_trash, restore_post, trash_post};

impl Store {
    /// SQLite's integrity and foreign-key checks plus FTS5's index check. Returns the problems found.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok(format!(
                "row {} of {} points to a missing {}",
                r.get::<_, i64>(1)?,
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?
            ))
        })? {
            problems.push(row?);
        }
        // FTS5's check is an INSERT of a command: a read-only file is checked in a copy in memory.
        let fts_check = match self.read_only {
            None => fts::integrity_check(&self.conn),
            Some(_) => self.memory_copy().and_then(|copy| fts::integrity_check(&copy)),
        };
        if let Err(e) = fts_check {
            problems.push(format!("search index: {e}"));
        }
        Ok(problems)
    }

    fn memory_copy(&self) -> Result<Connection> {
        let mut copy = Connection::open_in_memory()?;
        rusqlite::backup::Backup::new(&self.conn, &mut copy)?.run_to_completion(
            1024,
            std::time::Duration::ZERO,
            None,
        )?;
        Ok(copy)
    }
}
