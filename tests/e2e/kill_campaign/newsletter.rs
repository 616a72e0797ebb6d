//! A newsletter send killed at random points, the approach of `tests/cli/newsletter_faults.rs`
//! at campaign scale: each round of kills starts from the same prepared file and a fresh SMTP
//! server; after the kills, a run to the end and one with --retry-unknown leave every
//! subscriber with the post exactly once, but for rows in flight at a kill (reported unknown),
//! which get it at most twice.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::smtp::SmtpServer;

use super::*;

const PEOPLE: usize = 100;
const SLUG: &str = "the-kill-letter";
/// Kills in a row on one send before it is let finish.
const CHAIN: usize = 10;

fn config(home: &Path, server: &SmtpServer) -> PathBuf {
    let path = home.join("config.toml");
    let text = format!(
        "[smtp]\nurl = \"{}\"\nfrom = \"Kill Notes <news@kill.example.org>\"\n\n[site]\nbase_url = \"https://kill.example.org/\"\n",
        server.url()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn send(home: &Path, db: &Path, config: &Path, extra: &[&str]) -> Command {
    let mut cmd = byline(home, db);
    cmd.arg("--config").arg(config).args(["--json", "newsletter", "send", SLUG]).args(extra);
    cmd
}

fn received(server: &SmtpServer) -> HashMap<String, usize> {
    let mut n = HashMap::new();
    for r in server.recipients() {
        *n.entry(r).or_default() += 1;
    }
    n
}

/// The outbox rows of the send by state.
fn rows(db: &Path) -> HashMap<String, String> {
    let conn = open(db);
    let mut stmt =
        conn.prepare("SELECT s.email, o.status FROM outbox o JOIN subscriber s ON s.id = o.subscriber_id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// A round: a fresh copy and server, CHAIN kills, then the run to the end and the retry.
fn round(c: &mut Campaign, home: &Path, base: &Path, typical: Option<std::time::Duration>) -> std::time::Duration {
    let server = SmtpServer::start(&["--delay-ms", "6"]);
    let config = config(home, &server);
    let db = home.join("blog.db");
    restore(base, &db);
    let Some(typical) = typical else {
        return timed(send(home, &db, &config, &[]), "a whole send");
    };
    let mut typical = typical;
    for _ in 0..CHAIN {
        // Each kill leaves less to send: the kill points shrink with the rows still queued, so
        // they keep landing during the send. (No rows yet: killed before the list was frozen.)
        let rows = count(&db, "SELECT count(*) FROM outbox");
        let queued = count(&db, "SELECT count(*) FROM outbox WHERE status = 'queued'");
        if rows > 0 && queued == 0 {
            break;
        }
        let left = if rows == 0 { 1.0 } else { (queued as f64 / PEOPLE as f64).max(0.05) };
        let after = c.point(typical.mul_f64(left));
        c.kill_after(&mut send(home, &db, &config, &[]), after);
        // A run that ended first shows the sends are quicker than timed: later points follow.
        if let Some(took) = c.ran_to_end {
            typical = typical.min(took.div_f64(left));
        }
        db_check(c, home, &db);
        let twice: Vec<_> = received(&server).into_iter().filter(|(_, n)| *n > 1).collect();
        assert!(twice.is_empty(), "{}", c.at(format!("sent twice to {twice:?}")));
    }
    let report: serde_json::Value =
        serde_json::from_str(&run(send(home, &db, &config, &[]), "the send after kills")).unwrap();
    assert_eq!(report["totals"]["queued"].as_u64(), Some(0), "{}", c.at(&report));
    let got = received(&server);
    let states = rows(&db);
    assert_eq!(states.len(), PEOPLE, "{}", c.at("everyone is in the outbox"));
    let mut unknown = Vec::new();
    for (email, status) in &states {
        let n = got.get(email).copied().unwrap_or(0);
        match status.as_str() {
            "sent" => assert_eq!(n, 1, "{}", c.at(format!("{email} is sent but received {n}"))),
            "unknown" => {
                assert!(n <= 1, "{}", c.at(format!("{email} is unknown and received {n}")));
                unknown.push(email.clone());
            }
            other => panic!("{}", c.at(format!("{email} ended {other}"))),
        }
    }
    // Rows in flight at a kill: at most one per connection (8) each time.
    assert!(unknown.len() <= CHAIN * 8, "{}", c.at(format!("{} unknown", unknown.len())));
    let retried: serde_json::Value =
        serde_json::from_str(&run(send(home, &db, &config, &["--retry-unknown"]), "--retry-unknown")).unwrap();
    assert_eq!(retried["sent"].as_u64(), Some(unknown.len() as u64), "{}", c.at(&retried));
    assert_eq!(retried["totals"]["sent"].as_u64(), Some(PEOPLE as u64), "{}", c.at(&retried));
    let got = received(&server);
    for email in states.keys() {
        let n = got.get(email).copied().unwrap_or(0);
        let most = if unknown.contains(email) { 2 } else { 1 };
        assert!((1..=most).contains(&n), "{}", c.at(format!("{email} received {n}")));
    }
    assert_eq!(got.len(), PEOPLE, "{}", c.at("nobody outside the list got it"));
    typical
}

#[test]
fn kill_9_during_a_newsletter_send() {
    let mut c = Campaign::new("newsletter send");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let base = home.join("base.db");
    init(home, &base);
    std::fs::write(home.join("body.md"), "A letter sent while being **killed**.\n").unwrap();
    run(
        {
            let mut cmd = byline(home, &base);
            cmd.args(["post", "add", "--title", "The kill letter", "--publish", "--body-file"])
                .arg(home.join("body.md"));
            cmd
        },
        "post add",
    );
    let mut text = String::from("email,name,status,tags\n");
    for i in 0..PEOPLE {
        text += &format!("reader{i}@example.net,Reader {i},active,\n");
    }
    std::fs::write(home.join("people.csv"), text).unwrap();
    run(
        {
            let mut cmd = byline(home, &base);
            cmd.args(["subscriber", "import"]).arg(home.join("people.csv"));
            cmd
        },
        "import",
    );
    settle(&base);
    let mut typical = round(&mut c, home, &base, None);
    while c.more() {
        typical = round(&mut c, home, &base, Some(typical));
    }
    c.finish();
}
