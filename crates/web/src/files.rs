//! From a request path to a file of the site folder: percent-decoding, no way out of the folder,
//! `index.html` for directories, and what each kind of file is sent as.

use std::path::{Component, Path, PathBuf};

/// What a request path names in the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file to send.
    File(PathBuf),
    /// A directory asked for without its trailing slash: its relative links need the slash.
    Redirect(String),
    NotFound,
}

/// Finds what `url_path` (the request's path, query string included or not) names under
/// `root`. A path that is not valid percent-encoded UTF-8, or that tries to leave the folder
/// (`..`, an absolute or drive component, a NUL), is not found, never an error page of its own.
/// So is any name starting with a dot (an export's temporary files, a `.git` folder, editor
/// leftovers), as nginx is told in the README; `.well-known` alone is served.
pub fn resolve(root: &Path, url_path: &str) -> Resolved {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else { return Resolved::NotFound };
    let mut file = root.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part.starts_with('.') && part != ".well-known" {
            return Resolved::NotFound;
        }
        let mut components = Path::new(part).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(name)), None) if !part.contains(['\0', '\\']) => file.push(name),
            _ => return Resolved::NotFound,
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            // One leading slash: `//host/dir` sent back as-is would be a link to another site.
            return Resolved::Redirect(format!("/{}/", path.trim_start_matches('/')));
        }
        file.push("index.html");
    }
    if file.is_file() { Resolved::File(file) } else { Resolved::NotFound }
}

/// `%XX` sequences decoded; None when one is malformed or the bytes are not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/feed+json; charset=utf-8",
        "xml" => xml_type(path),
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Feeds say what they are, so browsers and readers treat them as feeds; other XML (the
/// sitemap) is plain XML.
fn xml_type(path: &Path) -> &'static str {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("feed.xml") => "application/rss+xml; charset=utf-8",
        Some("atom.xml") => "application/atom+xml; charset=utf-8",
        _ => "application/xml; charset=utf-8",
    }
}

/// Whether a site file is text, worth gzipping on the way out (images and fonts are compressed
/// already).
pub fn is_text(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm" | "css" | "js" | "json" | "xml" | "txt" | "svg")
    )
}

/// How long caches may keep a file: pages and feeds change with every export, so they are
/// checked each time (cheap with `Last-Modified`); the stylesheet and images a day.
pub fn cache_control(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" | "xml" | "json" | "txt" => "no-cache",
        _ => "public, max-age=86400",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts/hello")).unwrap();
        std::fs::write(dir.path().join("index.html"), "home").unwrap();
        std::fs::write(dir.path().join("posts/hello/index.html"), "post").unwrap();
        std::fs::write(dir.path().join("a b.txt"), "spaced").unwrap();
        dir
    }

    #[test]
    fn paths_name_files_and_directories_their_index() {
        let dir = site();
        let root = dir.path();
        assert_eq!(resolve(root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(resolve(root, "/posts/hello/"), Resolved::File(root.join("posts/hello/index.html")));
        assert_eq!(resolve(root, "/posts/hello/?utm=x"), Resolved::File(root.join("posts/hello/index.html")));
        assert_eq!(resolve(root, "/posts/hello"), Resolved::Redirect("/posts/hello/".into()));
        assert_eq!(resolve(root, "/a%20b.txt"), Resolved::File(root.join("a b.txt")));
        assert_eq!(resolve(root, "/missing"), Resolved::NotFound);
        assert_eq!(resolve(root, "//posts//hello"), Resolved::Redirect("/posts//hello/".into()));
    }

    #[test]
    fn dot_files_are_not_served_but_well_known_is() {
        let dir = site();
        let root = dir.path();
        std::fs::write(root.join(".index.html.tmp"), "half").unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "secret").unwrap();
        std::fs::create_dir_all(root.join(".well-known")).unwrap();
        std::fs::write(root.join(".well-known/security.txt"), "contact").unwrap();
        for path in ["/.index.html.tmp", "/.git/config", "/%2egit/config", "/.git/", "/posts/../.git/config"] {
            assert_eq!(resolve(root, path), Resolved::NotFound, "{path}");
        }
        assert_eq!(resolve(root, "/.well-known/security.txt"), Resolved::File(root.join(".well-known/security.txt")));
    }

    #[test]
    fn nothing_outside_the_folder_is_reachable() {
        let dir = site();
        let inner = dir.path().join("posts");
        for path in
            ["/../index.html", "/%2e%2e/index.html", "/..%2findex.html", "/%2E%2E%5Cindex.html", "/%00", "/%zz", "/%ff"]
        {
            assert_eq!(resolve(&inner, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn feeds_and_pages_say_what_they_are() {
        assert_eq!(content_type(Path::new("x/feed.xml")), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type(Path::new("atom.xml")), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type(Path::new("sitemap.xml")), "application/xml; charset=utf-8");
        assert_eq!(content_type(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(cache_control(Path::new("index.html")), "no-cache");
        assert_eq!(cache_control(Path::new("style.css")), "public, max-age=86400");
    }
}
