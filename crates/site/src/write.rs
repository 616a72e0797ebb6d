//! Writing the site's files: only inside the output folder, each atomically, and only when its
//! bytes changed, so a re-export touches what changed and an interrupted one leaves whole files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// Whether text files get compressed copies beside them (`name.gz`, `name.br`).
    precompress: bool,
    /// Whether an export that began writing was cut short (killed, or stopped by an error) since
    /// the last one that finished: only then can temporary files lie about (see `UNFINISHED`).
    interrupted: bool,
    /// Whether this export has put down its `UNFINISHED` mark yet (before its first write).
    marked: Mutex<bool>,
}

/// Put down in the folder before an export writes its first file and removed when it finishes,
/// so the next export knows whether a kill may have left temporary files behind, and looks for
/// them in every folder only then, instead of reading thousands of folders on every export.
/// A dot name ending `.byline-tmp`, like the temporaries: never one of the site's own files.
const UNFINISHED: &str = ".byline-unfinished.byline-tmp";

/// The files worth a compressed copy: text. Images and the like are compressed already.
fn compressible(rel: &str) -> bool {
    [".html", ".xml", ".css", ".json", ".txt"].iter().any(|ext| rel.ends_with(ext))
}

/// `bytes` gzipped at the best level, with no name or time in the header: the same bytes give
/// the same file.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// `bytes` in brotli, at a quality that still writes a large site in seconds (11, the best,
/// is about ten times slower for a few percent).
fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 9, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
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
            precompress: false,
            interrupted: root.join(UNFINISHED).exists(),
            marked: Mutex::new(false),
        })
    }

    /// The text of the export's own bookkeeping file `name` (a dot name, never a page), if the
    /// last export left one.
    pub fn read_note(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(name)).ok()
    }

    /// Writes the bookkeeping file `name` atomically. It is not part of the site's manifest.
    pub fn write_note(&self, name: &str, text: &str) -> Result<()> {
        let path = self.root.join(name);
        self.mark_unfinished()?;
        let tmp = self.root.join(format!("{name}.byline-tmp"));
        let io = |source| SiteError::Io { path: path.clone(), source };
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    /// Puts down the `UNFINISHED` mark, once, before the export's first write.
    fn mark_unfinished(&self) -> Result<()> {
        let mut marked = self.marked.lock().unwrap_or_else(|e| e.into_inner());
        if !*marked {
            let path = self.root.join(UNFINISHED);
            std::fs::write(&path, b"").map_err(|source| SiteError::Io { path, source })?;
            *marked = true;
        }
        Ok(())
    }

    /// With `on`, every text file written or kept gets a `.gz` and a `.br` copy beside it, made
    /// again whenever the file changes; without, copies an earlier export made are removed.
    pub fn precompressed(self, on: bool) -> Self {
        SiteWriter { precompress: on, ..self }
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
        self.compressed_copies(rel, &path, None)?;
        Ok(true)
    }

    /// The `.gz` and `.br` copies of the file at `rel`, when precompressing: written from
    /// `changed` (the file's new bytes), or from the file on disk when a copy is missing.
    fn compressed_copies(&self, rel: &str, path: &Path, changed: Option<&[u8]>) -> Result<()> {
        if !self.precompress || !compressible(rel) {
            return Ok(());
        }
        let io = |source| SiteError::Io { path: path.to_path_buf(), source };
        let mut current: Option<Vec<u8>> = None;
        for (ext, compress) in [("gz", gzip as fn(&[u8]) -> std::io::Result<Vec<u8>>), ("br", brotli)] {
            let copy_rel = format!("{rel}.{ext}");
            let copy = self.path_of(&copy_rel)?;
            self.claim(&copy_rel, None)?;
            if changed.is_none() && copy.is_file() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let bytes = match (changed, &current) {
                (Some(bytes), _) => bytes,
                (None, Some(bytes)) => bytes.as_slice(),
                (None, None) => current.insert(std::fs::read(path).map_err(io)?).as_slice(),
            };
            self.replace(&copy, &compress(bytes).map_err(io)?)?;
        }
        Ok(())
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
        let same_length = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if same_length && std::fs::read(&path).is_ok_and(|old| old == bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return self.compressed_copies(rel, &path, None);
        }
        self.replace(&path, bytes)?;
        self.compressed_copies(rel, &path, Some(bytes))
    }

    /// Puts `bytes` at `path` atomically and counts it written.
    fn replace(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let io = |source| SiteError::Io { path: path.to_path_buf(), source };
        let dir = path.parent().unwrap_or(&self.root);
        self.mark_unfinished()?;
        std::fs::create_dir_all(dir).map_err(io)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // A dot name: never one of the site's own files (those are checked not to start with one).
        let tmp = dir.join(format!(".{name}.byline-tmp"));
        let result =
            std::fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes)).and_then(|()| std::fs::rename(&tmp, path));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl SiteWriter {
    /// Removes the temporary files that an export killed between writing one and renaming it
    /// left behind, in every folder this export or the last one wrote into. Nothing else would
    /// ever remove them (the next export may find their page unchanged, or drop it), and they
    /// would be published with the site. Only byline's own names go: a dot name ending
    /// `.byline-tmp`, which no page can have.
    fn sweep_temporaries(&self, seen: &BTreeMap<String, Option<Made>>) {
        let mut dirs = BTreeSet::from([self.root.clone()]);
        for rel in seen.keys().chain(self.last.keys()) {
            if let Some(dir) = self.path_of(rel).ok().as_deref().and_then(Path::parent) {
                dirs.insert(dir.to_path_buf());
            }
        }
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with('.') && name.ends_with(".byline-tmp") && name != UNFINISHED {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Ends an export: removes the files the previous export wrote that this one did not (and
    /// the folders that leaves empty), then records this export's files. Returns how many files
    /// it removed. Files the export never wrote are left alone.
    pub fn finish(self) -> Result<usize> {
        let manifest = self.root.join(MANIFEST);
        let seen = std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()));
        if self.interrupted {
            self.sweep_temporaries(&seen);
        }
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
            self.mark_unfinished()?;
            std::fs::write(&tmp, list).map_err(io)?;
            std::fs::rename(&tmp, &manifest).map_err(io)?;
        }
        // Last: every file is in place, no temporary is left, and the manifest is whole.
        if self.interrupted || *self.marked.lock().unwrap_or_else(|e| e.into_inner()) {
            let mark = self.root.join(UNFINISHED);
            match std::fs::remove_file(&mark) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(SiteError::Io { path: mark, source }),
            }
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

    #[test]
    fn temporary_files_a_killed_export_left_are_removed_by_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("robots.txt", b"r").unwrap();
        w.put("posts/a/index.html", b"a").unwrap();
        w.put("posts/b/index.html", b"b").unwrap();
        w.finish().unwrap();
        // An export killed after it began writing (it never reaches `finish`), and what a kill
        // between writing a temporary file and renaming it leaves behind: beside a file the next
        // export finds unchanged, beside one it rewrites, beside one it drops.
        let killed = SiteWriter::new(dir.path()).unwrap();
        killed.put("posts/a/index.html", b"a1").unwrap();
        drop(killed);
        assert!(dir.path().join(UNFINISHED).exists(), "the killed export's mark stays");
        let left = [".robots.txt.byline-tmp", "posts/a/.index.html.byline-tmp", "posts/b/.index.html.byline-tmp"];
        for rel in left {
            std::fs::write(dir.path().join(rel), "half").unwrap();
        }
        std::fs::write(dir.path().join(".mine"), "kept").unwrap();
        let w = SiteWriter::new(dir.path()).unwrap();
        w.put("robots.txt", b"r").unwrap();
        w.put("posts/a/index.html", b"a2").unwrap();
        w.finish().unwrap();
        for rel in left {
            assert!(!dir.path().join(rel).exists(), "{rel} is left");
        }
        assert!(!dir.path().join("posts/b").exists(), "the dropped page's folder goes, temporary and all");
        assert!(dir.path().join(".mine").exists(), "a dot file that is not byline's stays");
        assert!(!dir.path().join(UNFINISHED).exists(), "a finished export leaves no mark");
    }

    fn gunzip(path: &Path) -> Vec<u8> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()), &mut out)
            .unwrap();
        out
    }

    fn unbrotli(path: &Path) -> Vec<u8> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(std::fs::File::open(path).unwrap(), 4096), &mut out)
            .unwrap();
        out
    }

    #[test]
    fn precompressed_copies_follow_their_file_and_go_when_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a/index.html");
        let export = |html: &[u8], on: bool| {
            let w = SiteWriter::new(dir.path()).unwrap().precompressed(on);
            w.put("a/index.html", html).unwrap();
            w.put("logo.png", b"png").unwrap();
            let counts = w.counts();
            w.finish().unwrap();
            counts
        };
        assert_eq!(export(b"<p>one</p>", true), (4, 0), "the page, its two copies and the image");
        assert_eq!(gunzip(&dir.path().join("a/index.html.gz")), b"<p>one</p>");
        assert_eq!(unbrotli(&dir.path().join("a/index.html.br")), b"<p>one</p>");
        assert!(!dir.path().join("logo.png.gz").exists(), "images are not compressed again");
        let gz = std::fs::read(dir.path().join("a/index.html.gz")).unwrap();
        assert_eq!(export(b"<p>one</p>", true), (0, 4));
        assert_eq!(std::fs::read(dir.path().join("a/index.html.gz")).unwrap(), gz, "the same bytes, the same copy");
        export(b"<p>two</p>", true);
        assert_eq!(gunzip(&dir.path().join("a/index.html.gz")), b"<p>two</p>");
        assert_eq!(unbrotli(&dir.path().join("a/index.html.br")), b"<p>two</p>");
        // A copy lost (or precompressing just turned on) is made from the file as it is.
        std::fs::remove_file(dir.path().join("a/index.html.br")).unwrap();
        assert_eq!(export(b"<p>two</p>", true), (1, 3));
        assert_eq!(unbrotli(&dir.path().join("a/index.html.br")), b"<p>two</p>");
        export(b"<p>two</p>", false);
        assert!(
            page.exists()
                && !dir.path().join("a/index.html.gz").exists()
                && !dir.path().join("a/index.html.br").exists()
        );
    }
}
