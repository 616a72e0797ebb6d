//! Path completion for the file prompts (import, CSV): the entries of the folder being typed in,
//! read here in the runtime because `update` never touches the disk.

use std::path::Path;

/// Entries offered at most: a prompt shows a few, and a huge folder must not stall the UI.
const MAX_ENTRIES: usize = 500;

/// The completions of `typed`: each entry of the folder it names (the part up to its last `/`;
/// the current folder without one) as `folder + name`, folders ending in `/`, sorted. Hidden
/// entries only when the name typed starts with a dot. A folder that cannot be read offers none.
pub fn complete(typed: &str) -> Vec<String> {
    let (folder, name) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let dir = if folder.is_empty() { Path::new(".").to_path_buf() } else { super::writes::expand(folder) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            // A name that is not UTF-8 cannot be typed back into the prompt.
            let file = entry.file_name().into_string().ok()?;
            if !file.starts_with(name) || (file.starts_with('.') && !name.starts_with('.')) {
                return None;
            }
            // A name holding control or bidi characters would reach the screen; it is not offered.
            if byline_core::sanitize::sanitize_line(&file) != file.as_str() {
                return None;
            }
            // Through symlinks: a link to a folder completes as a folder.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            Some(format!("{folder}{file}{}", if is_dir { "/" } else { "" }))
        })
        .take(MAX_ENTRIES)
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_the_typed_folder_complete_with_folders_marked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_str().unwrap();
        std::fs::create_dir(dir.path().join("posts")).unwrap();
        std::fs::write(dir.path().join("posts.json"), "[]").unwrap();
        std::fs::write(dir.path().join("pages.md"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        assert_eq!(complete(&format!("{root}/po")), [format!("{root}/posts.json"), format!("{root}/posts/")]);
        assert_eq!(complete(&format!("{root}/")).len(), 3, "hidden entries only when asked for");
        assert_eq!(complete(&format!("{root}/.h")), [format!("{root}/.hidden")]);
        assert!(complete(&format!("{root}/nothing/x")).is_empty());
    }
}
