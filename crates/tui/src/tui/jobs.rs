//! Jobs the TUI starts: subscriber CSV import and export, the website export and newsletter
//! sends, run on the jobs lane with progress and cancel (inline when headless).

use byline_core::jobs::JobCtl;
use byline_core::ops::OpsError;
use byline_core::ops::subscribers_csv::{export_subscribers_file, import_subscribers_file};
use byline_core::sanitize::sanitize_line;
use byline_core::store::Store;
use byline_core::text::fit;

use super::writes::{done, expand};
use crate::app::form::FieldId;
use crate::app::{Msg, Reload};

/// Why a job on `path` cannot start, if it cannot: the file to import exists, or the folder to export into
/// does. A quick check on the drawing thread, so a typo is marked on the form field at once
/// instead of failing later in the background.
pub fn precheck(path: &str, import: bool) -> Option<Msg> {
    let target = expand(path);
    let problem = if import {
        (!target.is_file()).then_some("no such file")
    } else {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        (!parent.is_dir()).then_some("no such folder")
    };
    problem.map(|why| Msg::FormError { field: Some(FieldId::Path), message: format!("{path}: {why}") })
}

/// Imports a subscriber CSV in one transaction with progress; a cancel leaves nothing imported.
pub fn import(store: &mut Store, path: &str, ctl: &JobCtl) -> Msg {
    let report = match import_subscribers_file(store, &expand(path), false, ctl) {
        Ok(report) => report,
        Err(OpsError::Cancelled) => return Msg::Error("import cancelled; nothing was imported".into()),
        Err(e) => return Msg::Error(format!("import from {path} failed: {}", super::advice::message(&e))),
    };
    let bad = &report.skipped;
    let mut message = format!(
        "imported: {} added, {} updated, {} unchanged, {} skipped",
        report.added,
        report.updated,
        report.unchanged,
        bad.len()
    );
    let reasons: Vec<String> =
        bad.iter().take(3).map(|(line, why)| format!("line {line}: {}", sanitize_line(why))).collect();
    if !reasons.is_empty() {
        message += &format!(" ({}{})", reasons.join("; "), if bad.len() > 3 { "; …" } else { "" });
    }
    done(message, Reload::Subscribers)
}

/// Imports posts (`byline import PATH`) with progress; the status line says what was done and
/// the first files that could not be read.
pub fn import_posts(store: &mut Store, path: &str, ctl: &JobCtl) -> Msg {
    use byline_core::ops::import::{ImportOptions, import_paths};
    let summary = match import_paths(store, &[expand(path)], ImportOptions::default(), ctl) {
        Ok(summary) => summary,
        Err(OpsError::Cancelled) => return Msg::Error("import cancelled; the posts imported so far stay".into()),
        Err(e) => return Msg::Error(format!("import from {path} failed: {}", super::advice::message(&e))),
    };
    let mut message = summary.line();
    let reasons: Vec<String> =
        summary.problems.iter().take(2).map(|p| sanitize_line(&p.to_string()).into_owned()).collect();
    if !reasons.is_empty() {
        let more = if summary.problems.len() > 2 { "; …" } else { "" };
        message += &format!(" ({}{more})", reasons.join("; "));
    }
    done(message, Reload::Posts)
}

/// Exports every subscriber to a CSV file (created 0600 when new).
pub fn export(store: &Store, path: &str, ctl: &JobCtl) -> Msg {
    ctl.note("writing the CSV");
    let target = expand(path);
    match export_subscribers_file(store, &target) {
        Ok(n) => done(format!("exported {n} subscriber(s) to {}", target.display()), Reload::Subscribers),
        Err(e) => Msg::Error(format!("export to {path} failed: {}", super::advice::message(&e))),
    }
}

/// How a job's answer reads in the jobs list.
pub fn outcome_of(msg: &Msg, ctl: &JobCtl) -> byline_core::jobs::Outcome {
    use byline_core::jobs::Outcome;
    match msg {
        _ if ctl.is_cancelled() => Outcome::Cancelled,
        Msg::Done { message, .. } => Outcome::Done(message.clone()),
        Msg::FormError { message, .. } | Msg::Error(message) => Outcome::Failed(message.clone()),
        _ => Outcome::Done(String::new()),
    }
}

/// The website export's options from the config's `[site]`: its folder (else the one
/// `byline serve` uses), its base URL (else `/`); the blog's title and description are the
/// store's.
pub fn site_options(site: &byline_core::config::SiteConfig) -> byline_site::SiteOptions {
    let dir = site
        .output_dir
        .clone()
        .or_else(byline_core::config::default_preview_dir)
        .unwrap_or_else(|| std::path::PathBuf::from("site"));
    byline_site::SiteOptions {
        dir,
        base_url: site.base_url.clone().unwrap_or_else(|| "/".into()),
        title: None,
        description: None,
        signup_url: site.signup_url.clone(),
        precompress: site.precompress,
        theme_dir: site.theme_dir.clone(),
    }
}

/// Exports the website, with progress; says where it went and how many files changed.
pub fn export_site(store: &Store, opts: &byline_site::SiteOptions, ctl: &JobCtl) -> Msg {
    match byline_site::export(store, opts, ctl) {
        Ok(r) => done(
            format!(
                "site exported to {}: {} file(s) written, {} unchanged, {} removed",
                r.dir.display(),
                r.written,
                r.unchanged,
                r.removed
            ),
            Reload::Posts,
        ),
        Err(byline_site::SiteError::Cancelled) => Msg::Error("site export cancelled".into()),
        Err(e) => Msg::Error(format!("site export failed: {}", sanitize_line(&e.to_string()))),
    }
}

/// Fetches every followed feed (a few at once, one host at a time) and stores the new items,
/// with the feeds done of the total as progress. The summary says the new items and names the
/// feeds that failed; the list reloads after it, cancelled or not (the feeds done are kept).
pub fn refresh_feeds(store: &mut Store, fetch: byline_core::follow::FetchOptions, ctl: &JobCtl) -> Msg {
    use byline_core::follow::{self, Fetcher};
    match follow::refresh(store, None, &Fetcher::new(fetch), ctl) {
        Ok(reports) if reports.is_empty() && !ctl.is_cancelled() => {
            Msg::Error("no feeds followed: add one with `byline follow URL`".into())
        }
        Ok(reports) => done(refresh_summary(&reports, ctl), Reload::Posts),
        Err(e) => Msg::Error(format!("refreshing the feeds failed: {}", sanitize_line(&e.to_string()))),
    }
}

/// "5 feed(s) refreshed: 3 new item(s), 1 updated; 1 failed (Bike blog: HTTP 500)".
fn refresh_summary(reports: &[byline_core::follow::FeedReport], ctl: &JobCtl) -> String {
    use byline_core::follow::RefreshStatus;
    let new: usize = reports.iter().map(|r| r.counts.new).sum();
    let updated: usize = reports.iter().map(|r| r.counts.updated).sum();
    let failed: Vec<_> = reports.iter().filter(|r| r.status == RefreshStatus::Error).collect();
    let head = match ctl.progress().total {
        Some(total) if ctl.is_cancelled() => {
            format!("refresh cancelled after {} of {total} feed(s)", reports.len())
        }
        _ => format!("{} feed(s) refreshed", reports.len()),
    };
    let mut line = format!("{head}: {new} new item(s), {updated} updated");
    if !failed.is_empty() {
        let named: Vec<String> = failed
            .iter()
            .take(2)
            .map(|r| {
                let why = r.error.as_deref().unwrap_or("failed");
                format!("{}: {}", fit(&sanitize_line(&r.title), 24), fit(&sanitize_line(why), 40))
            })
            .collect();
        let more = if failed.len() > 2 { "; …" } else { "" };
        line += &format!("; {} failed ({}{more})", failed.len(), named.join("; "));
    }
    line
}

/// Fetches a followed item's full article from its link and stores it; the open article
/// reloads with it.
pub fn fetch_article(
    store: &mut Store,
    id: byline_core::domain::PostId,
    fetch: byline_core::follow::FetchOptions,
) -> Msg {
    use byline_core::follow::{Fetcher, fetch_full_article};
    match fetch_full_article(store, id, &Fetcher::new(fetch)) {
        Ok(a) => done(
            format!("full article fetched from {} ({} characters)", fit(&sanitize_line(&a.url), 60), a.chars),
            Reload::Posts,
        ),
        Err(e) => Msg::Error(format!("cannot fetch the full article: {}", sanitize_line(&e.to_string()))),
    }
}

/// Sends (or resumes) a post's newsletter through the binary's sender, with progress.
pub fn send_newsletter(
    store: &mut Store,
    sender: &dyn byline_core::ops::mailing::Sender,
    post: byline_core::domain::PostId,
    title: &str,
    retry_unknown: bool,
    ctl: &JobCtl,
) -> Msg {
    let title = byline_core::text::fit(&sanitize_line(title), 40);
    let s = match sender.send(store, post, retry_unknown, ctl) {
        Ok(summary) => summary,
        Err(why) => return Msg::Error(format!("mailing '{title}' failed: {}", sanitize_line(&why))),
    };
    let counts = format!("{} sent, {} failed, {} skipped", s.sent, s.failed, s.skipped);
    let mut later = Vec::new();
    if s.unknown > 0 {
        later.push(format!("{} unknown (maybe delivered; the outbox view can send them again)", s.unknown));
    }
    if s.deferred > 0 {
        later.push(format!("{} deferred (retry from the outbox view)", s.deferred));
    }
    let later = if later.is_empty() { String::new() } else { format!("; {}", later.join("; ")) };
    match &s.stopped {
        Some(why) => Msg::Error(format!("mailing '{title}' stopped ({}): {counts}{later}", sanitize_line(why))),
        None => done(format!("mailed '{title}': {counts}{later}"), Reload::Outbox),
    }
}
