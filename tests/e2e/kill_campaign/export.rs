//! A site export killed at random points: pages are written beside and renamed into place, so
//! the folder never holds a half-written page, whatever the kill; a re-run completes it.

use std::path::{Path, PathBuf};

use super::*;

const POSTS: usize = 120;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every page and feed in the folder is whole. Returns the pages (temporary files aside, which
/// are hidden and never served as pages) and the temporary files left.
fn check_site(c: &Campaign, site: &Path) -> (usize, usize) {
    let mut all = Vec::new();
    files(site, &mut all);
    let (mut pages, mut temps) = (0, 0);
    for path in all {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".byline-tmp") {
            assert!(name.starts_with('.'), "{}", c.at(format!("a temporary file not hidden: {}", path.display())));
            temps += 1;
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let tail = text.trim_end();
        let whole = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                tail.ends_with("</html>")
            }
            Some("xml") => tail.ends_with("</rss>") || tail.ends_with("</feed>") || tail.ends_with("</urlset>"),
            Some("json") => serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            _ => true,
        };
        assert!(whole, "{}", c.at(format!("half-written: {}", path.display())));
    }
    (pages, temps)
}

#[test]
fn kill_9_during_a_site_export() {
    let mut c = Campaign::new("site export");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let posts = home.join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    for i in 0..POSTS {
        let text = format!(
            "---\ntitle: Page {i}\ndate: 2021-03-04T05:06:07Z\ntags: [t{}]\n---\nThe text of page {i}.\n\n## A part\n\nMore of it, *styled*.\n",
            i % 9
        );
        std::fs::write(posts.join(format!("page-{i}.md")), text).unwrap();
    }
    let db = home.join("blog.db");
    init(home, &db);
    run(
        {
            let mut cmd = byline(home, &db);
            cmd.arg("import").arg(&posts);
            cmd
        },
        "import",
    );
    let site = home.join("site");
    // A title that changes each round makes every page change, so each run rewrites them all.
    let export = |round: usize| {
        let mut cmd = byline(home, &db);
        cmd.args(["export", "site"]).arg(&site).args(["--title", &format!("Round {round}")]);
        cmd
    };
    let typical = timed(export(0), "a whole export");
    let (whole, _) = check_site(&c, &site);

    let mut round = 1;
    while c.more() {
        // Half the rounds start from an empty folder, half over the last run's pages.
        // (A kill before the last run made it leaves no folder.)
        if c.dice.below(2) == 0 && site.exists() {
            std::fs::remove_dir_all(&site).unwrap();
        }
        let after = c.point(typical);
        c.kill_after(&mut export(round), after);
        check_site(&c, &site);
        round += 1;
        if round % 10 == 0 {
            run(export(round), "an export after kills");
            assert_eq!(check_site(&c, &site), (whole, 0), "{}", c.at("the re-run: every page, no temporary file"));
            round += 1;
        }
    }
    // The export only reads the blog: the file is as it was.
    db_check(&c, home, &db);
    run(export(round), "the last export");
    assert_eq!(check_site(&c, &site), (whole, 0), "{}", c.at("the last run: every page, no temporary file"));
    c.finish();
}

/// The check finds what it looks for: a page cut short fails it.
#[test]
fn the_site_check_finds_a_half_written_page() {
    let c = Campaign::new("site check");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("posts/a")).unwrap();
    std::fs::write(tmp.path().join("index.html"), "<html><body>whole</body></html>\n").unwrap();
    std::fs::write(tmp.path().join(".index.html.byline-tmp"), "<html><bo").unwrap();
    assert_eq!(check_site(&c, tmp.path()), (1, 1));
    std::fs::write(tmp.path().join("posts/a/index.html"), "<html><body>cut sh").unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_site(&c, tmp.path())));
    assert!(caught.is_err(), "a half-written page passed the check");
}
