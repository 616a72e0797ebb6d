//! `db backup`: a consistent copy of the database, written beside its destination and put in place whole.

use std::path::Path;

use super::{Result, Store, StoreError};

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
        // Backups killed earlier left their hidden temporary files here; they go now.
        crate::private_file::remove_stale_beside(dest);
        let (tmp, _) = crate::private_file::temp_beside(dest).map_err(io)?;
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
        crate::private_file::sync_dir(dest);
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
