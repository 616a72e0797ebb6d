//! The confirmation mail through a real SMTP server on loopback (Python's aiosmtpd): a sign-up
//! on `byline serve` mails a link built on `BYLINE_SITE_URL`, the link opens a page whose
//! button confirms, and a repeat within the interval sends nothing.

use std::path::Path;
use std::process::Command;

use super::audience::{post_form, request, serve_on, subscriber};
use crate::common::Db;
use crate::common::smtp::{SmtpServer, header};

fn free_addr() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().to_string()
}

/// The link in a mail's text that starts with `prefix`.
fn link_in(text: &str, prefix: &str) -> String {
    text.split_whitespace().find(|w| w.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix} in:\n{text}")).into()
}

#[test]
fn a_sign_up_mails_a_link_whose_page_confirms_only_with_its_button() {
    let db = Db::seeded();
    let sink = SmtpServer::start(&[]);
    let addr = free_addr();
    let site_url = format!("http://{addr}/");
    let config = format!(
        "[smtp]\nurl = \"smtp://127.0.0.1:{}\"\nfrom = \"Behind the Page <news@behindthepage.example>\"\n\
         [site]\nbase_url = \"https://not-used.example/\"\n",
        sink.port
    );
    let server = serve_on(&db, &addr, &config, &[("BYLINE_SITE_URL", &site_url)]);

    assert_eq!(post_form(&server.addr, "/subscribe", "email=reader%40example.com&tags=caching").0, 200);
    let mail = sink.message(1);
    assert_eq!(mail["rcpt_tos"], serde_json::json!(["reader@example.com"]));
    assert_eq!(mail["mail_from"], "news@behindthepage.example");
    assert_eq!(header(&mail, "Subject"), Some("Confirm your email alerts from Behind the Page"));
    let text = mail["text"].as_str().unwrap();
    let link = link_in(text, &format!("{site_url}confirm?token="));

    // Again at once: answered the same, but no second mail within the interval. A sign-up of
    // another address goes out after it, in order, so its arrival shows the repeat sent nothing.
    // (A repeat says again what to follow: the last sign-up's tags are the ones confirmed.)
    assert_eq!(post_form(&server.addr, "/subscribe", "email=reader%40example.com&tags=seo").0, 200);
    assert_eq!(post_form(&server.addr, "/subscribe", "email=second%40example.com").0, 200);
    assert_eq!(sink.message(2)["rcpt_tos"], serde_json::json!(["second@example.com"]));
    assert_eq!(sink.count(), 2);

    // Following the link (as a mail scanner would) confirms nothing; the button does.
    let path = link.strip_prefix(&format!("http://{addr}")).unwrap();
    let (code, page) = request(&server.addr, "GET", path, &[], b"");
    assert_eq!(code, 200);
    assert_eq!(subscriber(&db, "reader@example.com").unwrap().0, "pending");
    let token = path.split("token=").nth(1).unwrap();
    assert!(page.contains(&format!(r#"value="{token}""#)), "{page}");
    assert_eq!(post_form(&server.addr, "/confirm", &format!("token={token}")).0, 200);
    assert_eq!(subscriber(&db, "reader@example.com"), Some(("active".into(), vec!["seo".into()])));
}

#[test]
fn the_whole_flow_in_headless_chromium_then_one_click_unsubscribe() {
    let db = Db::seeded();
    let sink = SmtpServer::start(&[]);
    let addr = free_addr();
    let site_url = format!("http://{addr}/");
    let config = format!(
        "[smtp]\nurl = \"smtp://127.0.0.1:{}\"\nfrom = \"Behind the Page <news@behindthepage.example>\"\n",
        sink.port
    );
    let server = serve_on(&db, &addr, &config, &[("BYLINE_SITE_URL", &site_url)]);

    // A person: fills the form on the home page, reads the mail, opens its link, presses confirm.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/browser_flow.py");
    let out = Command::new("python3")
        .arg(script)
        .args([&site_url, sink.dir().to_str().unwrap(), "browser.reader@example.com"])
        .output()
        .expect("python3 with websockets (.ci/run installs it) and /usr/bin/chromium");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("signed up: Check your inbox") && said.contains("confirmed: You are signed up"), "{said}");
    assert_eq!(subscriber(&db, "browser.reader@example.com").unwrap().0, "active");

    // A mail client's one-click unsubscribe (RFC 8058): a POST to the List-Unsubscribe URL.
    let token = super::audience::subscriber_token(&db, "browser.reader@example.com");
    let (code, _) = post_form(&server.addr, &format!("/unsubscribe?token={token}"), "List-Unsubscribe=One-Click");
    assert_eq!(code, 200);
    assert_eq!(subscriber(&db, "browser.reader@example.com").unwrap().0, "unsubscribed");
}

/// `byline --json newsletter send SLUG` with the links on `site_url`; its report.
fn send_linked_to(db: &Db, config: &Path, site_url: &str, slug: &str) -> serde_json::Value {
    let out = db
        .cmd()
        .env("BYLINE_SITE_URL", site_url)
        .args(["--config", config.to_str().unwrap(), "--json", "newsletter", "send", slug])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_unsubscribe_link_of_a_sent_newsletter_works_on_byline_serve() {
    let db = super::newsletter::audience();
    let sink = SmtpServer::start(&[]);
    let addr = free_addr();
    let site_url = format!("http://{addr}/");
    let text = format!(
        "[smtp]\nurl = \"smtp://127.0.0.1:{}\"\nfrom = \"Field Notes <news@notes.example.org>\"\n\
         [site]\nbase_url = \"https://not-used.example/\"\n",
        sink.port
    );
    let server = serve_on(&db, &addr, &text, &[("BYLINE_SITE_URL", &site_url)]);
    let config = db.dir.path().join("config.toml");

    let report = send_linked_to(&db, &config, &site_url, super::newsletter::SLUG);
    assert_eq!(report["sent"], 2, "{report}");
    let mail = (1..=2).map(|n| sink.message(n)).find(|m| m["rcpt_tos"][0] == "rust@example.com").unwrap();

    // As a mail client does it (RFC 8058): the https-or-http URL of List-Unsubscribe, POSTed
    // with the one-click body, no cookie, no page visited first.
    let list_unsubscribe = header(&mail, "List-Unsubscribe").unwrap();
    let url = list_unsubscribe
        .split(',')
        .map(|part| part.trim().trim_start_matches('<').trim_end_matches('>'))
        .find(|u| u.starts_with(&site_url))
        .unwrap_or_else(|| panic!("no link on {site_url} in {list_unsubscribe}"));
    assert!(list_unsubscribe.contains("<mailto:"), "{list_unsubscribe}");
    assert_eq!(header(&mail, "List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
    let path = &url[site_url.len() - 1..];
    let (code, _) = post_form(&server.addr, path, "List-Unsubscribe=One-Click");
    assert_eq!(code, 200);
    assert_eq!(subscriber(&db, "rust@example.com").unwrap().0, "unsubscribed");
    assert_eq!(subscriber(&db, "all@example.com").unwrap().0, "active", "only the link's owner");

    // The next post for the same tag goes to the others only.
    let body = db.file("second.md", "Lifetimes, briefly.\n");
    db.ok(&[
        "post",
        "add",
        "--title",
        "Lifetimes in Rust",
        "--tag",
        "rust",
        "--publish",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    let report = send_linked_to(&db, &config, &site_url, "lifetimes-in-rust");
    assert_eq!((report["sent"].as_u64(), report["skipped"].as_u64()), (Some(1), Some(0)), "{report}");
    assert_eq!(sink.message(3)["rcpt_tos"], serde_json::json!(["all@example.com"]));
    assert_eq!(sink.count(), 3);
}
