//! Writing the site's files: only inside the output folder, each atomically, and only when its
//! bytes changed, so a re-export touches what changed and an interrupted one leaves whole files.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Result, SiteError};

/// A file's digest of what it was made from, and its length: a page whose inputs have the same
/// digest as last time, and whose file still has the length written, is not made again.
pub type Made = (u64, u64);

/// The site's output folder and the counts of what an export did to it. Shared by the threads
/// that write pages: every method takes `&self`.
pub struct SiteWriter {
    root: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// What the last export recorded for each file it wrote.
    last: HashMap<String, Option<Made>>,
    /// Every path put this run and what it was made from: two pages claiming one file is a bug,
    /// never a silent overwrite.
    seen: Mutex<BTreeMap<String, Option<Made>>>,
}

/// Whether `part` may be one component of a path in the site: a plain name, never `..`, a
/// separator, a hidden name or a control character, whatever the database holds.
pub fn safe_component(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 200
        && !part.starts_with('.')
        && !part.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
}

/// The list of files the last export wrote (with the digest of a page's inputs, where it has
/// one), so the next one can remove those it no longer makes (a post unpublished or deleted) and
/// skip those whose inputs did not change, and touch nothing else in the folder.
const MANIFEST: &str = ".byline-site";

/// One line of the manifest: `path`, or `path TAB digest TAB length`.
fn manifest_line(line: &str) -> (String, Option<Made>) {
    let mut parts = line.split('\t');
    let rel = parts.next().unwrap_or_default().to_string();
    let made = match (parts.next().map(str::parse), parts.next().map(str::parse)) {
        (Some(Ok(digest)), Some(Ok(len))) => Some((digest, len)),
        _ => None,
    };
    (rel, made)
}

impl SiteWriter {
    pub fn new(root: &Path) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|source| SiteError::Io { path: root.to_path_buf(), source })?;
        let last = std::fs::read_to_string(root.join(MANIFEST)).unwrap_or_default();
        Ok(SiteWriter {
            root: root.to_path_buf(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            last: last.lines().map(manifest_line).collect(),
            seen: Mutex::new(BTreeMap::new()),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Files whose bytes changed (or are new), and files left as they were, so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.written.load(Ordering::Relaxed), self.unchanged.load(Ordering::Relaxed))
    }

    /// The file at `rel` (components joined by `/`), checked to stay inside the folder.
    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let mut path = self.root.clone();
        for part in rel.split('/') {
            if !safe_component(part) {
                return Err(SiteError::UnsafePath(rel.to_string()));
            }
            path.push(part);
        }
        // Belt and braces: a checked component cannot climb, so this only fails on a bug above.
        if !path.starts_with(&self.root) {
            return Err(SiteError::UnsafePath(rel.to_string()));
        }
        Ok(path)
    }

    /// Claims `rel` for this run.
    fn claim(&self, rel: &str, made: Option<Made>) -> Result<()> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.insert(rel.to_string(), made).is_some() {
            return Err(SiteError::Clash(rel.to_string()));
        }
        Ok(())
    }

    /// Keeps the file at `rel` as it is when the last export made it from inputs of the same
    /// `digest` and it still has the length written then; says whether it did. A page whose
    /// inputs did not change is then neither rendered nor read.
    pub fn keep_if_made_from(&self, rel: &str, digest: u64) -> Result<bool> {
        let Some(Some((last, len))) = self.last.get(rel) else { return Ok(false) };
        let path = self.path_of(rel)?;
        if *last != digest || !std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == *len) {
            return Ok(false);
        }
        self.claim(rel, Some((digest, *len)))?;
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Writes `bytes` at `rel` unless the file already holds exactly them.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.put_made(rel, bytes, None)
    }

    /// `put`, recording the digest of what the file was made from (see `keep_if_made_from`).
    /// The new content goes to a temporary file beside it, then is renamed over it: a reader
    /// (or a crash) sees the old file or the new one, never half of one.
    pub fn put_made(&self, rel: &str, bytes: &[u8], digest: Option<u64>) -> Result<()> {
        let path = self.path_of(rel)?;
        self.claim(rel, digest.map(|d| (d, bytes.len() as u64)))?;
        let io = |source| SiteError::Io { path: path.clone(), source };
        let same_length = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if same_length && std::fs::read(&path).is_ok_and(|old| old == bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir).map_err(io)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // A dot name: never one of the site's own files (those are checked not to start with one).
        let tmp = dir.join(format!(".{name}.byline-tmp"));
        let result = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl SiteWriter {
    /// Ends an export: removes the files the previous export wrote that this one did not (and
    /// the folders that leaves empty), then records this export's files. Returns how many files
    /// it removed. Files the export never wrote are left alone.
    pub fn finish(self) -> Result<usize> {
        let manifest = self.root.join(MANIFEST);
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        let mut removed = 0;
        let mut gone: Vec<&String> = self.last.keys().filter(|rel| !seen.contains_key(*rel)).collect();
        gone.sort();
        for rel in gone {
            // Checked like a page's path: a manifest edited by hand cannot name a file outside.
            let Ok(path) = self.path_of(rel) else { continue };
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(SiteError::Io { path, source }),
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.root && d.starts_with(&self.root)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut list = String::new();
        for (rel, made) in &seen {
            list.push_str(rel);
            if let Some((digest, len)) = made {
                list.push_str(&format!("\t{digest}\t{len}"));
            }
            list.push('\n');
        }
        let old = std::fs::read_to_string(&manifest).unwrap_or_default();
        if old != list {
            let tmp = self.root.join(".byline-site.byline-tmp");
            let io = |source| SiteError::Io { path: manifest.clone(), source };
            std::fs::write(&tmp, list).map_err(io)?;
            std::fs::rename(&tmp, &manifest).map_err(io)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_or_hide_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let w = SiteWriter::new(dir.path()).unwrap();
        for bad in ["../x.html", "posts/../../x", "/etc/passwd", "a//b", ".hidden", "a\\..\\b", "c:/x", ""] {
            assert!(matches!(w.put(bad, b"x"), Err(SiteError::UnsafePath(_))), "{bad}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unchanged_bytes_are_not_rewritten_and_a_path_is_claimed_once() {
        let dir = tempfile::tempdir().unwrap();
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("a/b.html", b"one").unwrap();
        assert!(matches!(w.put("a/b.html", b"two"), Err(SiteError::Clash(_))));
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("a/b.html", b"one").unwrap();
        w.put("c.html", b"new").unwrap();
        assert_eq!(w.counts(), (1, 1));
        assert_eq!(std::fs::read(dir.path().join("a/b.html")).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["b.html"], "no temporary file is left behind");
    }

    #[test]
    fn files_of_the_last_export_that_are_not_made_again_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "kept").unwrap();
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("posts/a/index.html", b"a").unwrap();
        w.put("posts/b/index.html", b"b").unwrap();
        assert_eq!(w.finish().unwrap(), 0);
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("posts/a/index.html", b"a").unwrap();
        assert_eq!(w.finish().unwrap(), 1);
        assert!(!dir.path().join("posts/b").exists(), "the emptied folder goes too");
        assert!(dir.path().join("posts/a/index.html").exists());
        assert!(dir.path().join("mine.txt").exists(), "a file the export never wrote stays");
        std::fs::write(dir.path().join(".byline-site"), "../mine.txt\nposts/../../x\n").unwrap();
        assert_eq!(SiteWriter::new(dir.path()).unwrap().finish().unwrap(), 0);
        assert!(dir.path().join("mine.txt").exists());
    }
}
