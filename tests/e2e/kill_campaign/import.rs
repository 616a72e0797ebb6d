//! A bulk import of a folder of markdown posts (more than one of the importer's 1,024-post
//! batches) killed at random points, from an empty blog and from what earlier kills left.

use std::collections::HashMap;
use std::path::Path;

use super::*;

const POSTS: usize = 1100;
/// Kills in a row on the same file before a run is let finish and the file is reset.
const CHAIN: usize = 10;

fn body(i: usize) -> String {
    format!("Post {i} of the campaign, with its own word kc{i}x.\n\nA second paragraph, so bodies have lines.\n")
}

fn write_site(root: &Path) {
    std::fs::create_dir_all(root).unwrap();
    for i in 0..POSTS {
        let text =
            format!("---\ntitle: Campaign post {i}\ndate: 2021-03-04T05:06:07Z\ntags: [t{}]\n---\n{}", i % 7, body(i));
        std::fs::write(root.join(format!("p{i}.md")), text).unwrap();
    }
}

/// Every post in the file, title -> body.
fn posts(db: &Path) -> HashMap<String, String> {
    let conn = open(db);
    let mut stmt = conn.prepare("SELECT p.title, b.body FROM post p JOIN post_body b ON b.post_id = p.id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// No post half-written: each one present has its whole body, no title twice, and the search
/// finds a post that is there by its own word, and not one that is not.
fn check_whole(c: &mut Campaign, home: &Path, db: &Path) -> usize {
    db_check(c, home, db);
    let found = posts(db);
    let rows = count(db, "SELECT count(*) FROM post") as usize;
    assert_eq!(rows, found.len(), "{}", c.at("a post without its body"));
    let mut present = Vec::new();
    for (title, text) in &found {
        let i: usize = title.strip_prefix("Campaign post ").unwrap().parse().unwrap();
        assert_eq!(text, &body(i), "{}", c.at(format!("{title} is not whole")));
        present.push(i);
    }
    let pick = c.dice.below(POSTS as u64) as usize;
    let hits = search(home, db, &format!("kc{pick}x"));
    let expect: Vec<String> = if present.contains(&pick) { vec![format!("p{pick}")] } else { vec![] };
    assert_eq!(hits, expect, "{}", c.at(format!("search for post {pick} disagrees with the posts")));
    found.len()
}

#[test]
fn kill_9_during_a_bulk_import() {
    let mut c = Campaign::new("import");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let site = home.join("site");
    write_site(&site);
    let base = home.join("base.db");
    init(home, &base);
    settle(&base);
    let db = home.join("blog.db");
    let import = |db: &Path| {
        let mut cmd = byline(home, db);
        cmd.arg("import").arg(&site);
        cmd
    };
    restore(&base, &db);
    let typical = timed(import(&db), "a whole import");

    while c.more() {
        restore(&base, &db);
        for _ in 0..CHAIN {
            let after = c.point(typical);
            c.kill_after(&mut import(&db), after);
            check_whole(&mut c, home, &db);
        }
        // A re-run finishes the work: exactly the posts of the folder.
        run(import(&db), "the import after kills");
        assert_eq!(check_whole(&mut c, home, &db), POSTS, "{}", c.at("the re-run left posts out"));
    }
    c.finish();
}

/// The check finds what it looks for: a post whose body was cut short fails it.
#[test]
fn the_import_check_finds_a_half_written_post() {
    let mut c = Campaign::new("import check");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let site = home.join("site");
    std::fs::create_dir_all(&site).unwrap();
    for i in 0..3 {
        std::fs::write(site.join(format!("p{i}.md")), format!("---\ntitle: Campaign post {i}\n---\n{}", body(i)))
            .unwrap();
    }
    let db = home.join("blog.db");
    init(home, &db);
    run(
        {
            let mut cmd = byline(home, &db);
            cmd.arg("import").arg(&site);
            cmd
        },
        "import",
    );
    assert_eq!(check_whole(&mut c, home, &db), 3);
    open(&db)
        .execute(
            "UPDATE post_body SET body = substr(body, 1, 12) WHERE post_id = (SELECT min(post_id) FROM post_body)",
            [],
        )
        .unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_whole(&mut c, home, &db)));
    assert!(caught.is_err(), "a half-written post passed the check");
}
