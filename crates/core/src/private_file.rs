//! Files that hold personal data, written whole or not at all: a hidden owner-only temporary
//! file beside the destination, synced, then given the destination's name.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Numbers the temporary files of writes running at once in one process.
static ATTEMPT: AtomicU32 = AtomicU32::new(0);

/// A new, empty, owner-only (0600) file named `.NAME.partial-PID-N` in `dest`'s folder (the
/// same file system, so it can become `dest` without copying). A relative folder gets a
/// leading `./`, so SQLite never reads the name as a `file:` URI.
pub fn temp_beside(dest: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = dest.file_name().ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = if dir.is_relative() { Path::new(".").join(dir) } else { dir.to_path_buf() };
    loop {
        let n = ATTEMPT.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{}.partial-{}-{n}", name.to_string_lossy(), std::process::id()));
        match crate::store::create_private_file(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files that writers killed half-way left in `dest`'s folder: hidden
/// `.NAME.partial-PID-N` files whose process is gone. A file whose PID is alive (this process,
/// or another writer at work) is left alone, and so is everything where there is no `/proc` to
/// tell. Best effort: a file that cannot be removed stays, and the caller goes on.
pub fn remove_stale_beside(dest: &Path) {
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(partial_pid) else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The PID in a name made by [`temp_beside`] (`.NAME.partial-PID-N`), or None for any other name.
fn partial_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(".partial-")?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then(|| pid.parse().ok()).flatten()
}

/// Writes `bytes` to `dest` as a new owner-only file that replaces whatever was there. A
/// symbolic link at `dest` is replaced itself, never followed to overwrite its target; a
/// failure (a full disk) leaves `dest` as it was and no temporary file behind.
pub fn replace_private(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if dest.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    let (tmp, mut file) = temp_beside(dest)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| std::fs::rename(&tmp, dest));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    sync_dir(dest);
    Ok(())
}

/// Makes a new name in `path`'s folder durable. Best effort: some systems cannot sync a folder.
pub fn sync_dir(path: &Path) {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::{partial_pid, remove_stale_beside};

    /// Above Linux's largest possible PID (2^22), so never a live process.
    const DEAD: u32 = 4_194_305;

    #[test]
    fn only_names_made_by_temp_beside_are_recognised() {
        assert_eq!(partial_pid(".blog.db.partial-123-4"), Some(123));
        assert_eq!(partial_pid(".a.partial-b.partial-9-0"), Some(9));
        for other in
            ["blog.db.partial-123-4", ".blog.db", ".x.partial-12", ".x.partial--1", ".x.partial-1-2a", ".x.partial-a-1"]
        {
            assert_eq!(partial_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_backup_removes_what_killed_writers_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("blog.db");
        let store = crate::store::Store::open(&db).unwrap();
        let backups = dir.path().join("backups");
        std::fs::create_dir(&backups).unwrap();
        let stale = [format!(".copy.db.partial-{DEAD}-0"), format!(".other.db.partial-{DEAD}-17")];
        let live = format!(".copy.db.partial-{}-99", std::process::id());
        let unrelated = ["notes.txt".to_string(), format!("copy.db.partial-{DEAD}-0"), ".hidden".to_string()];
        for name in stale.iter().chain([&live]).chain(&unrelated) {
            std::fs::write(backups.join(name), b"x").unwrap();
        }
        store.backup(&backups.join("copy.db")).unwrap();
        for name in &stale {
            assert!(!backups.join(name).exists(), "{name} should be gone");
        }
        for name in [&live].into_iter().chain(&unrelated) {
            assert!(backups.join(name).exists(), "{name} should be kept");
        }
        assert!(backups.join("copy.db").exists());
        // The same cleanup is harmless on a folder without leftovers or without /proc.
        remove_stale_beside(&backups.join("copy.db"));
    }
}
