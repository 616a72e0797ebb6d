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
