//! `byline newsletter check` asks the unsubscribe URL: the real `byline serve` on loopback
//! answers with its page; a port nothing listens on is a failure. (The DNS records are judged by
//! pure functions in byline-mail's `check::records`, tested on record strings; here, without a
//! network, they must say "not checked" or give a verdict, never fail the command's run.)

use serde_json::Value;

use super::audience::serve_on;
use crate::common::Db;

/// The check's findings (it exits 1 when one fails: the site here is not https).
fn check(db: &Db, site_url: &str) -> Vec<Value> {
    let config = db.file(
        "check.toml",
        "[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"Field Notes <news@notes.example.org>\"\n",
    );
    let out = db
        .cmd()
        .env("BYLINE_SITE_URL", site_url)
        .args(["--config", config.to_str().unwrap(), "--json", "newsletter", "check"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(found: &'a [Value], check: &str) -> &'a Value {
    found.iter().find(|f| f["check"] == check).unwrap_or_else(|| panic!("no {check} in {found:?}"))
}

#[test]
fn check_asks_the_unsubscribe_url_on_byline_serve() {
    let db = Db::seeded();
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = probe.local_addr().unwrap().to_string();
    drop(probe);
    let site_url = format!("http://{addr}/");

    // Nothing listens yet.
    let found = check(&db, &site_url);
    let url = find(&found, "unsubscribe url");
    assert_eq!(url["status"], "fail", "{url}");
    assert!(url["message"].as_str().unwrap().contains("does not answer"), "{url}");
    assert_eq!(find(&found, "unsubscribe")["status"], "fail", "http, not https");

    let _server = serve_on(&db, &addr, "", &[("BYLINE_SITE_URL", &site_url)]);
    let found = check(&db, &site_url);
    let url = find(&found, "unsubscribe url");
    assert_eq!(url["status"], "ok", "{url}");
    assert!(url["message"].as_str().unwrap().contains("answers with byline's unsubscribe page"), "{url}");
    let gone = super::audience::subscriber(&db, "ada.fenwick@example.com").unwrap().0;
    assert_eq!(gone, "active", "asking changes nobody");

    // SPF and DMARC of the sender's domain: a verdict, or "not checked" without DNS.
    for name in ["spf", "dmarc"] {
        let f = find(&found, name);
        let status = f["status"].as_str().unwrap();
        assert!(["ok", "warn", "fail", "skip"].contains(&status), "{f}");
        if status == "skip" {
            assert!(f["message"].as_str().unwrap().starts_with("not checked: no DNS"), "{f}");
        }
    }
}
