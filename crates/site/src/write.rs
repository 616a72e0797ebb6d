//! Writing the site's files: only inside the output folder, each atomically, and only when its
//! bytes changed, so a re-export touches what changed and an interrupted one leaves whole files.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Result, SiteError};

/// The site's output folder and the counts of what an export did to it.
pub struct SiteWriter {
    root: PathBuf,
    pub written: usize,
    pub unchanged: usize,
    /// Every path put this run: two pages claiming one file is a bug, never a silent overwrite.
    seen: BTreeSet<String>,
}

/// Whether `part` may be one component of a path in the site: a plain name, never `..`, a
/// separator, a hidden name or a control character, whatever the database holds.
pub fn safe_component(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 200
        && !part.starts_with('.')
        && !part.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
}

/// The list of files the last export wrote, so the next one can remove those it no longer
/// makes (a post unpublished or deleted), and nothing else of what is in the folder.
const MANIFEST: &str = ".byline-site";

impl SiteWriter {
    pub fn new(root: &Path) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|source| SiteError::Io { path: root.to_path_buf(), source })?;
        Ok(SiteWriter { root: root.to_path_buf(), written: 0, unchanged: 0, seen: BTreeSet::new() })
    }

    pub fn root(&self) -> &Path {
        &self.root
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

    /// Writes `bytes` at `rel` unless the file already holds exactly them. The new content goes to
    /// a temporary file beside it, then is renamed over it: a reader (or a crash) sees the old
    /// file or the new one, never half of one.
    pub fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !self.seen.insert(rel.to_string()) {
            return Err(SiteError::Clash(rel.to_string()));
        }
        let path = self.path_of(rel)?;
        let io = |source| SiteError::Io { path: path.clone(), source };
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            self.unchanged += 1;
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
        self.written += 1;
        Ok(())
    }
}

impl SiteWriter {
    /// Ends an export: removes the files the previous export wrote that this one did not (and
    /// the folders that leaves empty), then records this export's files. Returns how many files
    /// it removed. Files the export never wrote are left alone.
    pub fn finish(self) -> Result<usize> {
        let manifest = self.root.join(MANIFEST);
        let old = std::fs::read_to_string(&manifest).unwrap_or_default();
        let mut removed = 0;
        for rel in old.lines().filter(|rel| !self.seen.contains(*rel)) {
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
        for rel in &self.seen {
            list.push_str(rel);
            list.push('\n');
        }
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
        let mut w = SiteWriter::new(dir.path()).unwrap();
        for bad in ["../x.html", "posts/../../x", "/etc/passwd", "a//b", ".hidden", "a\\..\\b", "c:/x", ""] {
            assert!(matches!(w.put(bad, b"x"), Err(SiteError::UnsafePath(_))), "{bad}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unchanged_bytes_are_not_rewritten_and_a_path_is_claimed_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = SiteWriter::new(dir.path()).unwrap();
        w.put("a/b.html", b"one").unwrap();
        assert!(matches!(w.put("a/b.html", b"two"), Err(SiteError::Clash(_))));
        let mut w = SiteWriter::new(dir.path()).unwrap();
        w.put("a/b.html", b"one").unwrap();
        w.put("c.html", b"new").unwrap();
        assert_eq!((w.written, w.unchanged), (1, 1));
        assert_eq!(std::fs::read(dir.path().join("a/b.html")).unwrap(), b"one");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["b.html"], "no temporary file is left behind");
    }

    #[test]
    fn files_of_the_last_export_that_are_not_made_again_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "kept").unwrap();
        let mut w = SiteWriter::new(dir.path()).unwrap();
        w.put("posts/a/index.html", b"a").unwrap();
        w.put("posts/b/index.html", b"b").unwrap();
        assert_eq!(w.finish().unwrap(), 0);
        let mut w = SiteWriter::new(dir.path()).unwrap();
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
