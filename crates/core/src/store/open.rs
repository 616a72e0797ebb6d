//! Opening a database file safely: private permissions, WAL, and refusing files that are not ours.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::{APPLICATION_ID, SCHEMA_VERSION, migrate};
use super::{Result, Store, StoreError};

/// How long a connection waits for another process's write lock before answering "busy".
pub const BUSY_WAIT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed, with mode 0600) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            // Another byline may create it between the check and here; then it is simply there.
            match create_private(path) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(io(e)),
                _ => {}
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::CannotOpen) => io(std::io::Error::other("permission denied or not a regular file")),
            _ => StoreError::from(e),
        })?;
        // Two byline processes on one file wait for each other instead of failing.
        conn.busy_timeout(BUSY_WAIT)?;

        let (found, app_id, has_tables) = read_header(&conn, path)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
        }
        if app_id != APPLICATION_ID && (app_id != 0 || found != 0 || has_tables) {
            return Err(StoreError::NotByline {
                path: path.to_path_buf(),
                why: "it is an SQLite database of another program".into(),
            });
        }

        // WAL lets the reader TUI and a CLI write at once; FULL makes a reported save survive power loss.
        enable_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate(&mut conn, found)?;
        Ok(Store { conn, path: path.to_path_buf(), clock: None })
    }
}

/// Switching a file to WAL needs it to itself for a moment, and SQLite answers "busy" at once
/// instead of calling the busy handler; two byline processes opening a new file both try it.
fn enable_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

/// Reads user_version, application_id and whether any table exists, without writing anything.
fn read_header(conn: &Connection, path: &Path) -> Result<(i64, i64, bool)> {
    let not_sqlite = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            StoreError::NotByline { path: PathBuf::from(path), why: "it is not an SQLite file".into() }
        }
        _ => StoreError::from(e),
    };
    // One read transaction, so a migration committed by another process meanwhile is seen whole or not at all.
    let _snapshot = conn.unchecked_transaction()?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(not_sqlite)?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(not_sqlite)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))
        .map_err(not_sqlite)?;
    Ok((version, app_id, tables > 0))
}

/// Creates an empty file readable only by its owner: the database holds subscribers' addresses.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}
