//! A subscriber CSV import killed at random points: it is one transaction, so each run leaves
//! all of its rows or none, and a re-run gives exactly the file's subscribers.

use std::path::Path;

use super::*;

const ROWS: usize = 1200;

fn write_csv(path: &Path) {
    let mut text = String::from("email,name,status,tags\n");
    for i in 0..ROWS {
        text += &format!("reader{i}@example.net,Reader {i},active,{}\n", if i % 3 == 0 { "rust" } else { "" });
    }
    std::fs::write(path, text).unwrap();
}

/// The imported subscribers (the one added before the campaign is not counted), checked whole.
fn check(c: &Campaign, home: &Path, db: &Path) -> usize {
    db_check(c, home, db);
    let n = count(db, "SELECT count(*) FROM subscriber WHERE email LIKE 'reader%'") as usize;
    let named = count(
        db,
        "SELECT count(*) FROM subscriber WHERE email LIKE 'reader%' AND name = 'Reader ' || substr(email, 7, instr(email, '@') - 7)",
    ) as usize;
    assert_eq!(named, n, "{}", c.at("a subscriber with the wrong name"));
    let tagged = count(
        db,
        "SELECT count(*) FROM subscriber_tag st JOIN subscriber s ON s.id = st.subscriber_id WHERE s.email LIKE 'reader%'",
    ) as usize;
    let expect_tags = if n == ROWS { ROWS.div_ceil(3) } else { 0 };
    assert_eq!(tagged, expect_tags, "{}", c.at(format!("{n} subscribers but {tagged} tags")));
    assert_eq!(
        count(db, "SELECT count(*) FROM subscriber WHERE email = 'before@example.org'"),
        1,
        "{}",
        c.at("the earlier subscriber")
    );
    n
}

#[test]
fn kill_9_during_a_subscriber_csv_import() {
    let mut c = Campaign::new("subscriber CSV import");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let csv = home.join("people.csv");
    write_csv(&csv);
    let base = home.join("base.db");
    init(home, &base);
    run(
        {
            let mut cmd = byline(home, &base);
            cmd.args(["subscriber", "add", "before@example.org"]);
            cmd
        },
        "subscriber add",
    );
    settle(&base);
    let db = home.join("blog.db");
    let import = |db: &Path| {
        let mut cmd = byline(home, db);
        cmd.args(["subscriber", "import"]).arg(&csv);
        cmd
    };
    restore(&base, &db);
    let typical = timed(import(&db), "a whole CSV import");

    while c.more() {
        restore(&base, &db);
        let after = c.point(typical);
        c.kill_after(&mut import(&db), after);
        let n = check(&c, home, &db);
        assert!(n == 0 || n == ROWS, "{}", c.at(format!("{n} of {ROWS} rows: not all or nothing")));
        // A re-run gives exactly the file's subscribers, whether the killed run committed or
        // not (every fifth round: it takes as long as the import).
        if c.tried % 5 == 0 {
            run(import(&db), "the CSV import after a kill");
            assert_eq!(check(&c, home, &db), ROWS, "{}", c.at("the re-run"));
        }
    }
    c.finish();
}
