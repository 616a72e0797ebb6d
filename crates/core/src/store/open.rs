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
    ///
    /// A file byline may read but not write (a read-only file, folder or mount) is opened
    /// read-only: reading works, and every write is refused with `StoreError::ReadOnly` saying why.
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
        let first = match open_as(path, Access::ReadWrite) {
            Err(e) if read_only_symptom(&e) => e,
            other => return other,
        };
        if !path.is_file() {
            return Err(first);
        }
        // SQLite could not write the file, or could not make the -wal and -shm files beside it.
        let read_only = match open_as(path, Access::ReadOnly) {
            Err(e) if read_only_symptom(&e) => e,
            other => return other,
        };
        // A read-only folder with no -shm file: SQLite can read a WAL database only as
        // "immutable", which is right only when no -wal file holds commits it would not see.
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        if std::fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false) {
            let _ = read_only;
            let why = format!(
                "{}, and its -wal file holds changes SQLite can only read with write access",
                why_read_only(path)
            );
            return Err(StoreError::Io { path: path.to_path_buf(), source: std::io::Error::other(why) });
        }
        open_as(path, Access::Immutable).map_err(|_| first)
    }

    /// Why writes are refused, when the database was opened read-only.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    ReadWrite,
    ReadOnly,
    /// Read-only, and SQLite told that nobody changes the file (no locks, no -shm needed).
    Immutable,
}

/// Errors that mean "this connection cannot write here", after which a read-only open is tried.
fn read_only_symptom(e: &StoreError) -> bool {
    match e {
        StoreError::ReadOnly { .. } | StoreError::ReadOnlyDatabase | StoreError::Io { .. } => true,
        // An I/O error at open is what a full disk gives when the -shm file cannot grow.
        StoreError::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::SystemIoFailure | ErrorCode::DiskFull)
        ),
        _ => false,
    }
}

fn open_as(path: &Path, access: Access) -> Result<Store> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let mut conn = match access {
        Access::ReadWrite => {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        }
        Access::ReadOnly => {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        }
        Access::Immutable => Connection::open_with_flags(
            immutable_uri(path).map_err(io)?,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        ),
    }
    .map_err(|e| match e.sqlite_error_code() {
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
    // SQLite quietly opens a file it may not write read-only, even when asked for read-write.
    if access == Access::ReadWrite && conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnlyDatabase);
    }
    let read_only = (access != Access::ReadWrite).then(|| why_read_only(path));
    if let Some(why) = &read_only {
        if found < SCHEMA_VERSION {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                why: format!("{why}, and it needs upgrading to this byline's schema"),
            });
        }
    } else {
        // WAL lets the reader TUI and a CLI write at once; FULL makes a reported save survive power loss.
        enable_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    if read_only.is_none() {
        migrate(&mut conn, found)?;
    }
    Ok(Store { conn, path: path.to_path_buf(), clock: None, read_only })
}

/// Says in the person's terms why a database byline can read is not writable: the file, its
/// folder or its file system refuses writes, or the disk is full (found by writing one byte
/// to a probe file beside it, removed at once).
fn why_read_only(path: &Path) -> String {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
            return "it is on a read-only file system".into();
        }
        Err(_) => return "the database file is read-only".into(),
        Ok(_) => {}
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let folder_read_only =
        || format!("its folder {} is read-only (SQLite keeps its -wal and -shm files there)", dir.display());
    let probe = match crate::private_file::temp_beside(path) {
        Ok(probe) => probe,
        Err(_) => return folder_read_only(),
    };
    let (tmp, mut file) = probe;
    let written = std::io::Write::write_all(&mut file, b"x").and_then(|()| file.sync_all());
    drop(file);
    let _ = std::fs::remove_file(&tmp);
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::StorageFull => "the disk is full".into(),
        Err(e) => format!("writing beside it fails ({e})"),
        Ok(()) => "SQLite cannot make its -wal and -shm files beside it".into(),
    }
}

/// `file:/abs/path?immutable=1`, with every byte outside the unreserved set percent-encoded.
fn immutable_uri(path: &Path) -> std::io::Result<String> {
    let abs = std::fs::canonicalize(path)?;
    let mut uri = String::from("file:");
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(abs.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = abs.to_string_lossy().replace('\\', "/").into_bytes();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
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
