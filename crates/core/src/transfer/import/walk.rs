//! Which files of a site folder are posts: markdown files by the extensions generators read,
//! without section pages (`_index.md`), hidden files, or the folders generators keep for themselves.

use std::path::{Path, PathBuf};

use super::ImportProblem;

/// The extensions Hugo, Zola, Jekyll, Pelican and Astro read as markdown.
const MARKDOWN: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdx"];

/// The markdown files under `root`, sorted by path so an import runs in the same order every
/// time. A folder that cannot be read is a problem; the rest of the walk goes on.
pub fn markdown_files(root: &Path) -> (Vec<PathBuf>, Vec<ImportProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    visit(root, root, &mut files, &mut problems);
    files.sort();
    (files, problems)
}

fn visit(root: &Path, dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<ImportProblem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(ImportProblem { origin: dir.display().to_string(), line: None, reason: e.to_string() });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // Symbolic links to folders are not followed: a link back up would walk for ever.
        let Ok(kind) = entry.file_type() else { continue };
        let is_dir = kind.is_dir();
        let is_file = kind.is_file() || (kind.is_symlink() && path.is_file());
        if is_dir {
            // Jekyll's own folders (`_layouts`, `_site`...) hold no posts, but for these two.
            if !name.starts_with('_') || name == "_posts" || name == "_drafts" {
                visit(root, &path, files, problems);
            }
        } else if is_file && is_post(root, &path, &name) {
            files.push(path);
        }
    }
}

fn is_post(root: &Path, path: &Path, name: &str) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !MARKDOWN.contains(&ext.as_str()) {
        return false;
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // `_index.md` is a section's page; an `index.md` at the top is the site's home page (a
    // bundle's `index.md` further down is a post).
    !(name.starts_with("_index.") || (stem == "index" && path.parent() == Some(root)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_posts_and_leaves_sections_hidden_files_and_generator_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "index.md",
            "_index.md",
            "a.md",
            "b.markdown",
            "notes.txt",
            ".hidden.md",
            ".git/x.md",
            "posts/_index.md",
            "posts/c.md",
            "posts/bundle/index.md",
            "posts/bundle/image.png",
            "_posts/2020-01-01-d.md",
            "_drafts/e.md",
            "_layouts/f.md",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (files, problems) = markdown_files(root);
        assert!(problems.is_empty());
        let rel: Vec<String> =
            files.iter().map(|f| f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(
            rel,
            ["_drafts/e.md", "_posts/2020-01-01-d.md", "a.md", "b.markdown", "posts/bundle/index.md", "posts/c.md"]
        );
    }
}
