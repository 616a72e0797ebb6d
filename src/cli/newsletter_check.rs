//! `byline newsletter check`: the sending setup checked before a send, each problem with its fix:
//! the settings, then what needs the network (the unsubscribe URL answering; SPF, DKIM and DMARC).

use byline_core::config::Config;
use byline_core::store::Store;
use byline_mail::check::{self, Verdict, Verdicts};
use byline_mail::{Mailer, SIGNED_HEADERS, SmtpSettings};
use serde::Serialize;

use super::CliError;
use super::newsletter::{SITE_URL_ENV, site_url};
use super::output::Out;

#[derive(Debug, Serialize)]
struct Finding {
    check: &'static str,
    /// ok, warn, fail, or skip (a network check that could not be made: no DNS).
    status: &'static str,
    message: String,
}

fn finding(check: &'static str, status: &'static str, message: impl Into<String>) -> Finding {
    Finding { check, status, message: message.into() }
}

/// A network check's verdict as a finding: one that could not be made (no DNS) is "skip".
fn from_verdict(check: &'static str, v: Verdict) -> Finding {
    let status = match v.status {
        Verdicts::Ok => "ok",
        Verdicts::Warn => "warn",
        Verdicts::Fail => "fail",
        Verdicts::Skipped => "skip",
    };
    finding(check, status, v.message)
}

pub fn run(_store: &Store, config: &Config, out: &mut Out) -> Result<(), CliError> {
    let mut found = Vec::new();
    let settings = SmtpSettings::from_env(&config.smtp);
    match &settings {
        Err(e) => found.push(finding("smtp", "fail", e.to_string())),
        Ok(settings) => check_settings(settings, &mut found),
    }
    match site_url(None, config) {
        Ok(base) => {
            if base.starts_with("https://") {
                found.push(finding("unsubscribe", "ok", format!("one-click unsubscribe links on {base}unsubscribe")));
            } else {
                found.push(finding(
                    "unsubscribe",
                    "fail",
                    format!("{base} is not https: Gmail and Yahoo ignore List-Unsubscribe without an https URL; serve the site on https and set [site] base_url"),
                ));
            }
            found.push(from_verdict("unsubscribe url", check::probe_unsubscribe(&base)));
        }
        Err(_) => found.push(finding(
            "unsubscribe",
            "fail",
            format!("no site address for the links: set base_url in [site] or {SITE_URL_ENV}"),
        )),
    }
    if let Ok(s) = &settings {
        let domain = s.from.email.domain().to_ascii_lowercase();
        let selector = s.dkim.as_ref().map(|d| d.selector.as_str());
        let dns = check::Dns::system();
        for (name, verdict) in check::check_domain(&dns, &domain, selector) {
            found.push(from_verdict(name, verdict));
        }
    }
    let failed = found.iter().filter(|f| f.status == "fail").count();
    for f in &found {
        out.say(format!("{:<4}  {:<15} {}", f.status, f.check, byline_core::sanitize::sanitize_line(&f.message)));
    }
    out.json(&found);
    match failed {
        0 => Ok(()),
        n => Err(CliError::CheckFailed(format!("{n} problem(s) would keep mail from arriving or being trusted"))),
    }
}

fn check_settings(s: &SmtpSettings, found: &mut Vec<Finding>) {
    let url = s.url.expose();
    let secure = url.starts_with("smtps://") || url.contains("tls=required") || url.contains("tls=starttls");
    let host = s.url.redacted();
    let local = host.contains("://127.0.0.1") || host.contains("://localhost") || host.contains("@127.0.0.1");
    found.push(match (secure, local) {
        (true, _) => finding("smtp", "ok", format!("{host}, encrypted")),
        (false, true) => finding("smtp", "ok", format!("{host}, plain text on this machine")),
        (false, false) => finding(
            "smtp",
            "warn",
            format!("{host} sends the password and the mail unencrypted: use smtps:// or add ?tls=starttls"),
        ),
    });
    let domain = s.from.email.domain().to_ascii_lowercase();
    let example = ["example.org", "example.com", "example.net", "localhost"].iter().any(|d| domain.ends_with(d));
    found.push(if example {
        finding("from", "warn", format!("{} is a placeholder domain: set from in [smtp] to your own address", s.from))
    } else {
        finding("from", "ok", s.from.to_string())
    });
    found.push(finding("list-id", "ok", format!("<{}>", s.list_id)));
    found.push(finding("mailto", "ok", format!("List-Unsubscribe also offers mailto:{}", s.unsubscribe_mailto)));
    found.push(match (&s.dkim, Mailer::new(s)) {
        (_, Err(e)) => finding("dkim", "fail", e.to_string()),
        (None, Ok(_)) => finding(
            "dkim",
            "warn",
            "not signed: set dkim_key and dkim_selector in [smtp] (openssl genrsa -traditional 2048 > dkim.pem) and publish the public key as SELECTOR._domainkey",
        ),
        (Some(d), Ok(_)) => finding(
            "dkim",
            "ok",
            format!(
                "signed with {} as {}._domainkey.{domain}, covering {}",
                d.key.display(),
                d.selector,
                SIGNED_HEADERS.join(", ")
            ),
        ),
    });
}
