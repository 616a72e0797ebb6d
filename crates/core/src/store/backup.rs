//! `db backup`: a consistent copy of the database, written beside its destination and put in place whole.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::{Result, Store, StoreError};

/// Numbers the temporary files of backups running at once in one process.
static ATTEMPT: AtomicU32 = AtomicU32::new(0);

impl Store {
    /// Copies the database to `dest`, which must not exist; it is created readable only by its owner.
    ///
    /// `VACUUM INTO` reads one snapshot in a single read transaction, so writers in other
    /// processes go on and the copy finishes however often they commit (SQLite's online backup
    /// starts over after every foreign write and never finishes under a steady writer). The copy
    /// goes to a hidden temporary file in the destination's folder, is synced, and is then linked
    /// into place: a backup killed half-way leaves nothing at `dest`, and an existing file there
    /// is never replaced, even one created meanwhile.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let io = |source| StoreError::Io { path: dest.to_path_buf(), source };
        let (tmp, _) = create_temp_beside(dest).map_err(io)?;
        let copied = self.vacuum_into(&tmp).and_then(|()| {
            sync_file(&tmp).and_then(|()| publish(&tmp, dest)).map_err(|source| match source.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    StoreError::Io { path: dest.to_path_buf(), source: std::io::Error::other("already exists") }
                }
                _ => io(source),
            })
        });
        // Whatever happened, the temporary file goes (after a successful link it is a second name).
        let _ = std::fs::remove_file(&tmp);
        copied?;
        if let Some(dir) = dest.parent() {
            sync_dir(dir);
        }
        Ok(())
    }

    fn vacuum_into(&self, tmp: &Path) -> Result<()> {
        let name = tmp.to_str().ok_or_else(|| StoreError::Io {
            path: tmp.to_path_buf(),
            source: std::io::Error::other("the backup path is not valid UTF-8"),
        })?;
        self.conn.execute("VACUUM INTO ?1", [name])?;
        Ok(())
    }
}

/// A new, empty, owner-only file named `.NAME.partial-PID-N` in `dest`'s folder (the same
/// filesystem, so it can become `dest` without copying). A relative folder gets a leading `./`
/// so SQLite never reads the name as a `file:` URI.
fn create_temp_beside(dest: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = dest.file_name().ok_or_else(|| std::io::Error::other("the backup path names no file"))?;
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = if dir.is_relative() { Path::new(".").join(dir) } else { dir.to_path_buf() };
    loop {
        let n = ATTEMPT.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{}.partial-{}-{n}", name.to_string_lossy(), std::process::id()));
        match super::open::create_private(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Gives the finished copy its name without ever replacing a file: a hard link fails if `dest`
/// exists. Where the filesystem has no hard links, a rename after checking is the fallback.
fn publish(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if dest.symlink_metadata().is_ok() => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(tmp, dest),
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Makes the new name durable. Best effort: some systems cannot sync a directory.
fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
