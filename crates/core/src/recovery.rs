//! Recovery files: compose text that could not reach the database, kept as markdown files with
//! front matter in the data directory, so quitting never drops what was typed.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::{Slug, time};
use crate::store::Draft;
use crate::transfer::frontmatter::{self, FrontMatter};

/// `recovery/` in the platform data directory (`~/.local/share/byline/recovery` on Linux): not
/// beside the database, whose directory may be the thing that cannot be written.
pub fn dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "byline").map(|d| d.data_dir().join("recovery"))
}

/// Where to try, in order: the data directory, then a directory beside the database.
fn candidates(db: &Path) -> Vec<PathBuf> {
    let beside = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("byline-recovery");
    dir().into_iter().chain([beside]).collect()
}

/// Writes `draft` to a new private file (0600, in a 0700 directory) and returns its path. The
/// file appears whole or not at all (written under a temporary name, then linked into place),
/// and never replaces another. `why` says what stopped the save; it goes into the front matter
/// as a comment, with the database's path, so the file explains itself.
pub fn write(draft: &Draft, db: &Path, why: &str, now: i64) -> std::io::Result<PathBuf> {
    let mut last = std::io::Error::other("no place for a recovery file");
    for dir in candidates(db) {
        match write_in(&dir, draft, db, why, now) {
            Ok(path) => return Ok(path),
            Err(e) => last = std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())),
        }
    }
    Err(last)
}

fn write_in(dir: &Path, draft: &Draft, db: &Path, why: &str, now: i64) -> std::io::Result<PathBuf> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let stamp = time::from_secs(now).strftime("%Y%m%dT%H%M%SZ").to_string();
    let slug = Slug::from_title(&draft.title);
    let tmp = dir.join(format!(".{stamp}-{}.{}.tmp", slug.as_str(), std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let written = crate::store::create_private_file(&tmp).and_then(|mut f| {
        f.write_all(render(draft, db, why, now).as_bytes())?;
        f.sync_all()
    });
    let placed = written.and_then(|()| {
        // A hard link fails if the name is taken, where a rename would replace the other file.
        for n in 1..1000 {
            let name = if n == 1 {
                format!("{stamp}-{}.md", slug.as_str())
            } else {
                format!("{stamp}-{}-{n}.md", slug.as_str())
            };
            let path = dir.join(name);
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("too many recovery files with this name"))
    });
    let _ = std::fs::remove_file(&tmp);
    placed
}

/// The file's text: front matter (with comments saying where it comes from), then the body.
pub fn render(draft: &Draft, db: &Path, why: &str, now: i64) -> String {
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let what = match draft.post_id {
        Some(id) => format!("an edit of post {id}"),
        None => "a new post".to_string(),
    };
    let mut head = format!(
        "# byline could not save this text ({what}) to {} at {}: {}\n",
        one_line(&db.display().to_string()),
        time::rfc3339(now),
        one_line(why)
    );
    head.push_str(&format!("{DB_LINE}{}\n", one_line(&db.display().to_string())));
    if let Some(id) = draft.post_id {
        head.push_str(&format!("{POST_LINE}{}\n", id.0));
    }
    if !draft.schedule.trim().is_empty() {
        head.push_str(&format!("{SCHEDULE_LINE}{}\n", one_line(&draft.schedule)));
    }
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let front = FrontMatter {
        title: draft.title.trim().to_string(),
        slug: some(&draft.slug),
        author: some(&draft.author),
        tags: draft.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect(),
        summary: some(&draft.summary),
        date: None,
        status: Some(if draft.published { "published" } else { "draft" }.to_string()),
    };
    let text = frontmatter::render(&front, &draft.body);
    // The comments go just inside the opening `+++`, where TOML reads them as comments.
    format!("+++\n{head}{}", text.strip_prefix("+++\n").unwrap_or(&text))
}

/// The comment lines that carry what the front matter has no key for.
const POST_LINE: &str = "# the post edited: ";
const DB_LINE: &str = "# the database: ";
const SCHEDULE_LINE: &str = "# the publish field said: ";

/// Whether a recovery file was written for the database at `db` (a draft's post id means
/// nothing in another blog).
pub fn is_for(path: &Path, db: &Path) -> bool {
    let same = |a: &Path, b: &Path| a == b || a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.lines().find_map(|l| l.strip_prefix(DB_LINE)).map(|p| same(Path::new(p.trim_end()), db)))
        .unwrap_or(false)
}

/// Reads a recovery file back into the draft it was written from; None if it is not one (or was
/// edited into something else).
pub fn read(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    let (front, body) = frontmatter::parse(&text).ok()?;
    let comment = |prefix: &str| {
        text.lines().take_while(|l| l.starts_with('#') || *l == "+++").find_map(|l| l.strip_prefix(prefix))
    };
    Some(Draft {
        post_id: comment(POST_LINE).and_then(|n| n.trim().parse().ok()).map(crate::domain::PostId),
        title: front.title,
        slug: front.slug.unwrap_or_default(),
        author: front.author.unwrap_or_default(),
        tags: front.tags.join(", "),
        summary: front.summary.unwrap_or_default(),
        body,
        published: front.status.as_deref() == Some("published"),
        schedule: comment(SCHEDULE_LINE).unwrap_or_default().to_string(),
    })
}

/// The recovery files waiting in the data directory, oldest first.
pub fn waiting() -> Vec<PathBuf> {
    let Some(dir) = dir() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_file_reads_back_as_a_post_file_and_never_replaces_another() {
        let dir = tempfile::tempdir().unwrap();
        let draft = Draft {
            title: "Notes \"quoted\"".into(),
            tags: "a, b".into(),
            body: "Line one.\n\nLine two.".into(),
            ..Draft::default()
        };
        let db = Path::new("/nowhere/blog.db");
        let first = write_in(dir.path(), &draft, db, "locked\nby another", 0).unwrap();
        let second = write_in(dir.path(), &draft, db, "locked", 0).unwrap();
        assert_ne!(first, second);
        let text = std::fs::read_to_string(&first).unwrap();
        let (front, body) = frontmatter::parse(&text).unwrap();
        assert_eq!(
            (front.title.as_str(), front.tags.len(), body.as_str()),
            ("Notes \"quoted\"", 2, "Line one.\n\nLine two.")
        );
        assert!(text.contains("# byline could not save this text (a new post) to /nowhere/blog.db"), "{text}");
        assert_eq!(read(&first), Some(draft.clone()));
        assert!(is_for(&first, db) && !is_for(&first, Path::new("/nowhere/other.db")));
        let edit = Draft {
            post_id: Some(crate::domain::PostId(7)),
            published: true,
            schedule: "2030-01-01 09:00".into(),
            ..draft
        };
        let third = write_in(dir.path(), &edit, db, "read-only", 0).unwrap();
        assert_eq!(read(&third), Some(edit));
        std::fs::remove_file(&third).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&first).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
