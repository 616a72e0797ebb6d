//! The exported site in a real browser: headless Chromium loads pages from the real `byline serve`
//! on 127.0.0.1, at phone and desktop widths, light and dark, and the test checks what a reader
//! would meet: no console errors, similar-post cards that lead somewhere, the sign-up form, code
//! highlighted, nothing wider than the screen. Screenshots go to `$BYLINE_SCREENSHOTS` when set
//! (to look at them), else into the test's temporary folder.

mod cdp;

use std::path::PathBuf;

use serde_json::Value;

use crate::common::Db;
use crate::serve::{get, start};
use cdp::{Browser, chromium};

/// A small blog made through the CLI: posts sharing tags (so each has similar posts), authors,
/// and one body with a fenced code block, a list and a quote.
fn blog() -> Db {
    let db = Db::new();
    let body = db.file(
        "body.md",
        "Caches hide latency, until they do not.\n\n\
         ```rust\nfn hit_ratio(hits: u64, total: u64) -> f64 {\n    // Guard the empty case.\n    \
         if total == 0 { return 0.0; }\n    hits as f64 / total as f64\n}\n```\n\n\
         - measure first\n- then `tune`\n\n> A cache is a bet on the future.\n",
    );
    let body = body.display().to_string();
    let posts: [(&str, &str, &[&str]); 5] = [
        ("Caching at the edge", "Ada Lovelace", &["caching", "performance"]),
        ("Warm caches, cold starts", "Brook Tan", &["caching", "servers"]),
        ("Why one slow query sinks a site", "Ada Lovelace", &["databases", "performance"]),
        ("Indexes you forgot you had", "Brook Tan", &["databases"]),
        ("Load testing without fooling yourself", "Chen Wu", &["performance", "servers", "tooling"]),
    ];
    for (i, (title, author, tags)) in posts.iter().enumerate() {
        let at = format!("2024-0{}-01T10:00:00Z", i + 3);
        let mut args = vec!["--publish", "--at", &at, "--author", author, "--summary", "What this post is about."];
        for tag in *tags {
            args.extend(["--tag", tag]);
        }
        if i == 0 {
            args.extend(["--body-file", &body]);
        }
        db.add_post(title, &args);
    }
    db.add_post("A draft", &["--tag", "caching"]);
    db
}

/// The screenshot folder, and the temporary folder that holds it when none was named.
fn screenshot_dir(db: &Db) -> PathBuf {
    let dir = std::env::var_os("BYLINE_SCREENSHOTS").map_or_else(|| db.dir.path().join("screenshots"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_post_page_in_headless_chromium_has_no_console_errors_live_cards_and_the_sign_up_form() {
    // Debian's `chromium`, installed by .ci/run. Without it this test fails: it cannot check
    // anything, and passing would claim it had.
    let found = std::process::Command::new(chromium()).arg("--version").output();
    assert!(
        found.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs Chromium on the PATH (or BYLINE_CHROMIUM naming it): \
         `sudo apt-get install chromium`, as .ci/run does ({found:?})"
    );
    let db = blog();
    // No sign-up address configured: pages served by `byline serve` post the form to the server itself.
    let (_serving, addr) = start(&db, &db.dir.path().join("site"), &[]);
    let mut browser = Browser::launch(&db.dir.path().join("chromium-profile")).unwrap();
    let shots = screenshot_dir(&db);
    let post = format!("http://{addr}/posts/caching-at-the-edge/");

    let mut backgrounds = Vec::new();
    for (width, mobile, device) in [(390, true, "phone"), (1280, false, "desktop")] {
        for dark in [false, true] {
            browser.emulate(width, mobile, dark);
            for url in [&post, &format!("http://{addr}/"), &format!("http://{addr}/tags/caching/")] {
                browser.open(url);
                assert_eq!(browser.problems, Vec::<String>::new(), "the console of {url} at {width}px, dark {dark}");
                let overflow =
                    browser.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assert_eq!(overflow, 0, "{url} is wider than a {width}px screen (dark {dark})");
            }
            browser.open(&post);
            let scheme = if dark { "dark" } else { "light" };
            browser.screenshot(&shots.join(format!("post-{device}-{scheme}.png")));
            backgrounds.push((dark, browser.eval("getComputedStyle(document.body).backgroundColor")));
        }
    }
    for (dark, background) in &backgrounds {
        let white = *background == "rgb(255, 255, 255)";
        assert_eq!(white, !dark, "the page follows the reader's scheme (dark {dark}): {background}");
    }

    // Every link of every similar-post card (the post, its author) answers 200.
    let cards = browser.eval("document.querySelectorAll('.similar .card').length");
    assert!(cards.as_u64().unwrap() >= 2, "similar-post cards on the post page: {cards}");
    let links = browser.eval("[...document.querySelectorAll('.similar .card a')].map(a => a.href)");
    let links: Vec<&str> = links.as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert!(links.iter().filter(|l| l.contains("/posts/")).count() >= 2, "{links:?}");
    for link in &links {
        let path = link.strip_prefix(&format!("http://{addr}")).unwrap_or_else(|| panic!("{link} leaves the site"));
        let (status, _) = get(&addr, path);
        assert_eq!(status, 200, "the similar-post card link {link}");
    }

    // The sign-up form, visible, posting to this server, with a labelled, required email field.
    let form = browser.eval(
        "(() => { const f = document.querySelector('form[action=\"/subscribe\"]'); \
         if (!f) return null; const input = f.querySelector('input[type=email][required]'); \
         return { visible: f.getBoundingClientRect().height > 0, \
                  label: input && input.labels.length ? input.labels[0].textContent : null, \
                  button: f.querySelector('button[type=submit]')?.textContent ?? null }; })()",
    );
    assert_eq!(
        form,
        serde_json::json!({ "visible": true, "label": "Email address", "button": "Sign up" }),
        "the sign-up form on the post page"
    );

    // The code block is highlighted, and its tokens have a colour of their own.
    let colours = browser.eval(
        "(() => { const k = document.querySelector('pre code .hl-keyword'); \
         return k ? [getComputedStyle(k).color, getComputedStyle(k.closest('pre')).color] : null; })()",
    );
    let colours: Vec<&Value> = colours.as_array().map(|c| c.iter().collect()).unwrap_or_default();
    assert_eq!(colours.len(), 2, "a highlighted keyword in the code block");
    assert_ne!(colours[0], colours[1], "keywords stand out from the code around them");
    for shot in std::fs::read_dir(&shots).unwrap() {
        assert!(std::fs::metadata(shot.unwrap().path()).unwrap().len() > 1000);
    }
}
