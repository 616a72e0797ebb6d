//! Whole real blogs imported with the real binary: the Rust project's blog (Zola, TOML, dates in
//! `path`, page bundles) and the Node.js project's blog (YAML, by category folders). Every post's
//! title, author, date and tags are compared with what a plain reading of its file says.
//!
//! The corpus lives beside the repository (`../shared/corpus`, see its README); where it is not
//! there, the tests say so and pass without checking.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::Db;

fn corpus(folder: &str) -> Option<PathBuf> {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let found = [beside, PathBuf::from("/tmp/shared/corpus")].into_iter().map(|c| c.join(folder)).find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("skipped: the corpus folder {folder} is not beside the repository (../shared/corpus)");
    }
    found
}

/// Markdown files that are posts: not section pages, not hidden, not the folder's own index.
fn post_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if name.ends_with(".md") && name != "_index.md" {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.retain(|p| p.parent() != Some(root) || p.file_name().is_some_and(|n| n != "index.md"));
    out
}

/// One post as compared: (title, author in lower case, date, tags in lower case and sorted).
type Seen = (String, Option<String>, Option<String>, Vec<String>);

fn byline_for(authors: &[String]) -> Option<String> {
    let line = match authors {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(if line.chars().count() > 100 { format!("{} and others", authors[0]) } else { line }.to_lowercase())
}

fn seen(title: &str, authors: &[String], date: Option<i64>, tags: &[String]) -> Seen {
    let mut tags: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    tags.sort();
    tags.dedup();
    let date = date.map(|d| jiff::Timestamp::from_second(d).unwrap().strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    (title.split_whitespace().collect::<Vec<_>>().join(" "), byline_for(authors), date, tags)
}

/// Imports `root` and returns every post as byline's JSON export holds it, counted.
fn imported(db: &Db, root: &Path) -> BTreeMap<Seen, usize> {
    let summary = db.json(&["import", root.to_str().unwrap()]);
    assert_eq!(summary["failed"], 0, "{summary}");
    let out = db.cmd().args(["export", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut all = BTreeMap::new();
    for p in doc["posts"].as_array().unwrap() {
        let tags: Vec<String> = p["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        let key = (
            p["title"].as_str().unwrap().to_string(),
            p["author"].as_str().map(str::to_lowercase),
            p["published_at"].as_str().map(str::to_string),
            {
                let mut t: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
                t.sort();
                t
            },
        );
        *all.entry(key).or_insert(0) += 1;
    }
    all
}

fn assert_same(expected: &BTreeMap<Seen, usize>, got: &BTreeMap<Seen, usize>) {
    let missing: Vec<_> = expected.iter().filter(|(k, n)| got.get(*k) != Some(n)).take(5).collect();
    let extra: Vec<_> = got.iter().filter(|(k, n)| expected.get(*k) != Some(n)).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "expected but not imported: {missing:#?}\nimported but not expected: {extra:#?}"
    );
}

#[test]
fn the_rust_blog_imports_whole_with_titles_authors_and_dates() {
    let Some(root) = corpus("rust-blog/content") else { return };
    let files = post_files(&root);
    let mut expected = BTreeMap::new();
    let mut untitled = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let front = text.split("+++").nth(1).unwrap();
        let table: toml::Table = toml::from_str(front).unwrap();
        if !table.contains_key("title") {
            // `releases/latest.md` is a template page: no title, no date. It is imported under
            // its file name, dated at the import, so only its title is checked (below).
            untitled.push(file.file_stem().unwrap().to_string_lossy().into_owned());
            continue;
        }
        let authors: Vec<String> =
            table["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
        // The date is the YYYY/MM/DD in `path`, at midnight UTC.
        let path = table["path"].as_str().unwrap();
        let parts: Vec<&str> = path.split('/').collect();
        let ymd = parts.windows(3).find(|w| w[0].len() == 4 && w[0].chars().all(|c| c.is_ascii_digit())).unwrap();
        let date: jiff::civil::Date = format!("{}-{}-{}", ymd[0], ymd[1], ymd[2]).parse().unwrap();
        let secs = date
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second();
        *expected.entry(seen(table["title"].as_str().unwrap(), &authors, Some(secs), &[])).or_insert(0) += 1;
    }
    let db = Db::new();
    let mut got = imported(&db, &root);
    assert_eq!(got.values().sum::<usize>(), files.len());
    for name in &untitled {
        let key = got.keys().find(|k| &k.0 == name).cloned();
        assert!(key.is_some_and(|k| got.remove(&k).is_some()), "{name} is imported under its file name");
    }
    assert_same(&expected, &got);
    // Again: nothing new, nothing changed.
    let again = db.json(&["import", root.to_str().unwrap()]);
    assert_eq!(
        (again["imported"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(files.len() as u64)),
        "{again}"
    );
}

/// A YAML scalar as the Node.js files write them: bare, 'single' ('' for ') or "double" quoted.
fn yaml_text(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        inner.replace("\\\"", "\"")
    } else {
        raw.to_string()
    }
}

#[test]
fn the_nodejs_blog_imports_whole_with_titles_authors_dates_and_categories() {
    let Some(root) = corpus("nodejs-blog/blog") else { return };
    let files = post_files(&root);
    let mut expected = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let front = text.split("---\n").nth(1).unwrap();
        let key = |k: &str| front.lines().find_map(|l| l.strip_prefix(&format!("{k}:"))).map(yaml_text);
        let date = key("date").map(|d| d.parse::<jiff::Timestamp>().unwrap().as_second());
        let authors: Vec<String> = key("author").into_iter().collect();
        let tags: Vec<String> = key("category").into_iter().collect();
        *expected.entry(seen(&key("title").unwrap(), &authors, date, &tags)).or_insert(0) += 1;
    }
    let db = Db::new();
    let got = imported(&db, &root);
    assert_eq!(got.values().sum::<usize>(), files.len());
    assert_same(&expected, &got);
}

#[test]
fn zolas_test_site_keeps_its_edge_cases() {
    let Some(root) = corpus("zola-test-site/test_site/content") else { return };
    let db = Db::new();
    let summary = db.json(&["import", root.to_str().unwrap()]);
    assert_eq!(summary["imported"].as_u64().unwrap() as usize, post_files(&root).len(), "{summary}");
    let all = db.posts(&[]);
    let titles: Vec<&str> = all.iter().map(|p| p["title"].as_str().unwrap()).collect();
    // `.should-not-be-picked-up.md` would be titled by its name.
    assert!(!titles.iter().any(|t| t.starts_with(".should")), "hidden files are not posts: {titles:?}");
    let dated = db.show("a-post-with-dates");
    assert_eq!(dated["published_at"], "2016-10-08T00:00:00Z", "the date in the file name");
    assert_eq!(db.show("something-else")["title"], "Fixed slug", "a slug byline cannot take is made from it");
    assert_eq!(db.show("draft")["status"], "draft");
    assert_eq!(db.show("with-assets")["title"], "With assets", "a bundle is named by its folder");
}
