//! What DNS records and an unsubscribe page say about a sending setup: pure functions from the
//! answers to a verdict with its fix, so the decisions are tested on record strings.

use serde::Serialize;

/// How a check came out; `Skipped` when it could not be made (no DNS), never a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdicts {
    Ok,
    Warn,
    Fail,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub status: Verdicts,
    pub message: String,
}

fn verdict(status: Verdicts, message: impl Into<String>) -> Verdict {
    Verdict { status, message: message.into() }
}

/// A DNS answer: the TXT records at a name (empty when there are none), or why no resolver
/// could be asked (no network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Records(Vec<String>),
    NoDns(String),
}

fn no_dns(why: &str) -> Verdict {
    verdict(Verdicts::Skipped, format!("not checked: no DNS ({why})"))
}

/// Whether `record` starts with the tag `v=NAME` (any case), followed by a space, `;` or its end.
fn has_version(record: &str, name: &str) -> bool {
    let r = record.trim_start();
    r.len() >= name.len() && r[..name.len()].eq_ignore_ascii_case(name) && {
        let rest = &r[name.len()..];
        rest.is_empty() || rest.starts_with([' ', ';'])
    }
}

/// SPF (RFC 7208): exactly one `v=spf1` record, ending in a policy that refuses other servers.
pub fn spf(domain: &str, answer: &Answer) -> Verdict {
    let records = match answer {
        Answer::NoDns(why) => return no_dns(why),
        Answer::Records(r) => r,
    };
    let spf: Vec<&String> = records.iter().filter(|r| has_version(r, "v=spf1")).collect();
    let record = match spf.as_slice() {
        [] => {
            return verdict(
                Verdicts::Fail,
                format!(
                    "{domain} has no SPF record: publish a TXT record \"v=spf1 include:YOUR-PROVIDER -all\" \
                     naming the servers that send its mail"
                ),
            );
        }
        [one] => one.to_ascii_lowercase(),
        more => {
            return verdict(
                Verdicts::Fail,
                format!(
                    "{domain} has {} SPF records: receivers reject that as an error; merge them into one",
                    more.len()
                ),
            );
        }
    };
    let terms: Vec<&str> = record.split_whitespace().collect();
    let last_all = terms.iter().rev().find(|t| t.trim_start_matches(['+', '-', '~', '?']) == "all");
    match last_all {
        Some(t) if t.starts_with('-') || t.starts_with('~') => verdict(Verdicts::Ok, format!("{domain}: {record}")),
        Some(t) if *t == "all" || t.starts_with('+') => verdict(
            Verdicts::Fail,
            format!("{domain}'s SPF record lets any server send as it ('{t}'): end it with -all or ~all"),
        ),
        Some(t) => verdict(
            Verdicts::Warn,
            format!(
                "{domain}'s SPF record ends with '{t}' (neutral): end it with -all or ~all once it lists every sender"
            ),
        ),
        None if terms.iter().any(|t| t.starts_with("redirect=")) => {
            verdict(Verdicts::Ok, format!("{domain}: {record}"))
        }
        None => verdict(
            Verdicts::Warn,
            format!("{domain}'s SPF record has no 'all' at its end, so it refuses no one: add -all or ~all"),
        ),
    }
}

/// DKIM (RFC 6376): a key record at SELECTOR._domainkey.DOMAIN with a non-empty `p=`.
pub fn dkim(selector: &str, domain: &str, answer: &Answer) -> Verdict {
    let name = format!("{selector}._domainkey.{domain}");
    let records = match answer {
        Answer::NoDns(why) => return no_dns(why),
        Answer::Records(r) => r,
    };
    let key = records
        .iter()
        .find_map(|r| r.split(';').map(str::trim).find_map(|tag| tag.strip_prefix("p=").map(|p| p.trim().to_string())));
    match key {
        None => verdict(
            Verdicts::Fail,
            format!(
                "no DKIM key at {name}: publish a TXT record \"v=DKIM1; k=rsa; p=PUBLIC-KEY\" (openssl rsa -in KEY -pubout)"
            ),
        ),
        Some(p) if p.is_empty() => verdict(
            Verdicts::Fail,
            format!("the DKIM key at {name} is revoked (empty p=): publish the current public key"),
        ),
        Some(p) => verdict(
            Verdicts::Ok,
            format!("a key is published at {name} ({} characters); it must be the public half of dkim_key", p.len()),
        ),
    }
}

/// DMARC (RFC 7489): one `v=DMARC1` record with a `p=` policy, at `_dmarc.DOMAIN` (or, when the
/// sender's own name has none, the organisation's, `found_at`).
pub fn dmarc(domain: &str, found_at: &str, answer: &Answer) -> Verdict {
    let records = match answer {
        Answer::NoDns(why) => return no_dns(why),
        Answer::Records(r) => r,
    };
    let dmarc: Vec<&String> = records.iter().filter(|r| has_version(r, "v=DMARC1")).collect();
    let record = match dmarc.as_slice() {
        [] => {
            return verdict(
                Verdicts::Fail,
                format!(
                    "no DMARC record for {domain}: Gmail and Yahoo require one of bulk senders; publish a TXT record \
                     \"v=DMARC1; p=none; rua=mailto:dmarc@{domain}\" at _dmarc.{domain}"
                ),
            );
        }
        [one] => one.as_str(),
        more => {
            return verdict(
                Verdicts::Fail,
                format!("_dmarc.{found_at} has {} DMARC records: receivers ignore them all; keep one", more.len()),
            );
        }
    };
    let policy =
        record.split(';').map(str::trim).find_map(|tag| tag.strip_prefix("p=").map(|p| p.trim().to_ascii_lowercase()));
    match policy.as_deref() {
        Some("reject" | "quarantine") => verdict(Verdicts::Ok, format!("_dmarc.{found_at}: {record}")),
        Some("none") => verdict(
            Verdicts::Ok,
            format!("_dmarc.{found_at}: {record} (p=none only reports; quarantine or reject once reports are clean)"),
        ),
        Some(other) => verdict(
            Verdicts::Fail,
            format!("_dmarc.{found_at} has an unknown policy p={other}: use none, quarantine or reject"),
        ),
        None => verdict(
            Verdicts::Fail,
            format!("_dmarc.{found_at} has no p= policy, so receivers ignore it: add p=none (or quarantine, reject)"),
        ),
    }
}

/// What asking the unsubscribe URL gave: a status and body, or why there was no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Answered {
        status: u16,
        body: String,
    },
    /// The host's name did not resolve (no DNS here, or a typo).
    NoDns(String),
    NoAnswer(String),
}

/// The unsubscribe URL must reach byline serve's page: the one-click POST mail clients send
/// goes there, and a static host would answer it with an error.
pub fn unsubscribe(url: &str, reply: &Reply) -> Verdict {
    match reply {
        Reply::NoDns(why) => verdict(Verdicts::Skipped, format!("{url} not checked: no DNS ({why})")),
        Reply::NoAnswer(why) => verdict(
            Verdicts::Fail,
            format!("{url} does not answer ({why}): one-click unsubscribes would fail; run byline serve behind it"),
        ),
        Reply::Answered { status: 200, body } if body.contains("List-Unsubscribe") && body.contains("One-Click") => {
            verdict(Verdicts::Ok, format!("{url} answers with byline's unsubscribe page"))
        }
        Reply::Answered { status, .. } if (200..300).contains(status) => verdict(
            Verdicts::Warn,
            format!(
                "{url} answers {status} but not with byline's unsubscribe page: is /unsubscribe passed to byline serve?"
            ),
        ),
        Reply::Answered { status, .. } => verdict(
            Verdicts::Fail,
            format!(
                "{url} answers {status}: one-click unsubscribes would fail; pass /subscribe, /confirm, /unsubscribe and \
                 /preferences to byline serve (README, nginx)"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(records: &[&str]) -> Answer {
        Answer::Records(records.iter().map(|r| r.to_string()).collect())
    }

    #[test]
    fn spf_wants_one_record_that_refuses_other_servers() {
        let d = "notes.example.org";
        assert_eq!(spf(d, &txt(&["v=spf1 include:_spf.mail.example -all"])).status, Verdicts::Ok);
        assert_eq!(spf(d, &txt(&["V=SPF1 mx ~all", "google-site-verification=x"])).status, Verdicts::Ok);
        assert_eq!(spf(d, &txt(&["v=spf1 redirect=_spf.example.net"])).status, Verdicts::Ok);
        let none = spf(d, &txt(&["google-site-verification=x", "v=spf10 -all"]));
        assert_eq!(none.status, Verdicts::Fail);
        assert!(none.message.contains("no SPF record"), "{}", none.message);
        let two = spf(d, &txt(&["v=spf1 mx -all", "v=spf1 a -all"]));
        assert!(two.status == Verdicts::Fail && two.message.contains("2 SPF records"), "{two:?}");
        assert_eq!(spf(d, &txt(&["v=spf1 +all"])).status, Verdicts::Fail);
        assert_eq!(spf(d, &txt(&["v=spf1 a all"])).status, Verdicts::Fail);
        assert_eq!(spf(d, &txt(&["v=spf1 a ?all"])).status, Verdicts::Warn);
        assert_eq!(spf(d, &txt(&["v=spf1 a mx"])).status, Verdicts::Warn);
        let offline = spf(d, &Answer::NoDns("no nameserver answered".into()));
        assert_eq!(offline, verdict(Verdicts::Skipped, "not checked: no DNS (no nameserver answered)"));
    }

    #[test]
    fn dkim_wants_a_key_that_is_not_revoked() {
        let ok = dkim("mail", "notes.example.org", &txt(&["v=DKIM1; k=rsa; p=MIIBIjANBgkq"]));
        assert_eq!(ok.status, Verdicts::Ok);
        assert!(ok.message.contains("mail._domainkey.notes.example.org"), "{}", ok.message);
        assert_eq!(dkim("mail", "d.example", &txt(&["v=DKIM1;k=rsa;p=AB"])).status, Verdicts::Ok);
        let revoked = dkim("mail", "d.example", &txt(&["v=DKIM1; p="]));
        assert!(revoked.status == Verdicts::Fail && revoked.message.contains("revoked"), "{revoked:?}");
        let missing = dkim("mail", "d.example", &txt(&[]));
        assert!(missing.status == Verdicts::Fail && missing.message.contains("no DKIM key at mail._domainkey"));
        assert_eq!(dkim("mail", "d.example", &Answer::NoDns("x".into())).status, Verdicts::Skipped);
    }

    #[test]
    fn dmarc_wants_one_record_with_a_policy() {
        let d = "notes.example.org";
        assert_eq!(dmarc(d, d, &txt(&["v=DMARC1; p=reject; rua=mailto:a@b.example"])).status, Verdicts::Ok);
        let monitoring = dmarc(d, "example.org", &txt(&["v=DMARC1;p=none"]));
        assert!(monitoring.status == Verdicts::Ok && monitoring.message.contains("only reports"), "{monitoring:?}");
        assert!(monitoring.message.starts_with("_dmarc.example.org"), "{monitoring:?}");
        let missing = dmarc(d, d, &txt(&["v=spf1 -all"]));
        assert!(missing.status == Verdicts::Fail && missing.message.contains("Gmail and Yahoo require"), "{missing:?}");
        assert_eq!(dmarc(d, d, &txt(&["v=DMARC1; rua=mailto:a@b.example"])).status, Verdicts::Fail);
        assert_eq!(dmarc(d, d, &txt(&["v=DMARC1; p=maybe"])).status, Verdicts::Fail);
        assert_eq!(dmarc(d, d, &txt(&["v=DMARC1; p=none", "v=DMARC1; p=reject"])).status, Verdicts::Fail);
        assert_eq!(dmarc(d, d, &Answer::NoDns("x".into())).status, Verdicts::Skipped);
    }

    #[test]
    fn the_unsubscribe_url_must_reach_byline_serve() {
        let url = "https://blog.example/unsubscribe?token=0";
        let page = r#"<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">"#;
        let answered = |status, body: &str| Reply::Answered { status, body: body.into() };
        assert_eq!(unsubscribe(url, &answered(200, page)).status, Verdicts::Ok);
        assert_eq!(unsubscribe(url, &answered(200, "<h1>Welcome</h1>")).status, Verdicts::Warn);
        let missing = unsubscribe(url, &answered(404, "Not Found"));
        assert!(missing.status == Verdicts::Fail && missing.message.contains("answers 404"), "{missing:?}");
        assert_eq!(unsubscribe(url, &Reply::NoAnswer("connection refused".into())).status, Verdicts::Fail);
        assert_eq!(unsubscribe(url, &Reply::NoDns("no such host".into())).status, Verdicts::Skipped);
    }
}
