//! `byline newsletter send|status|check`: mail a published post to its subscribers, resumably,
//! and see where each send stands.

use byline_core::config::Config;
use byline_core::domain::PostRef;
use byline_core::ops::newsletter;
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store};
use byline_mail::newsletter::{SendOptions, SendReport, send_post};
use byline_mail::{Mailer, SmtpSettings};
use clap::{Args, Subcommand};

use super::CliError;
use super::output::Out;
use super::progress;

/// The environment variable naming the site's address, over the config's `[site] base_url`.
pub const SITE_URL_ENV: &str = "BYLINE_SITE_URL";

#[derive(Debug, Subcommand)]
pub enum NewsletterCmd {
    /// Mail a published post to every active subscriber who follows one of its tags or follows
    /// everything. Run again to resume: sent messages are never sent again
    Send(SendArgs),
    /// Sends so far with their counts; with POST, its failed, unknown and deferred addresses
    Status {
        /// The post's id or slug
        post: Option<String>,
    },
    /// Check the sending setup: sender, DKIM key, List-Id, the unsubscribe URL (https, answering) and the SPF, DKIM and DMARC records of the sender domain
    Check,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The post's id or slug
    pub post: String,
    /// Show who would get it and what would be sent; send and record nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Send again the messages an interrupted run left unknown (the server may have them already)
    #[arg(long)]
    pub retry_unknown: bool,
    /// The site's address for links (default: BYLINE_SITE_URL, else the config's [site] base_url)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

pub fn run(cmd: NewsletterCmd, store: &mut Store, config: &Config, json: bool) -> Result<(), CliError> {
    let out = &mut Out::new(json);
    match cmd {
        NewsletterCmd::Send(args) if args.dry_run => dry_run(&args, store, config, out),
        NewsletterCmd::Send(args) => send(&args, store, config, out),
        NewsletterCmd::Status { post } => status(post.as_deref(), store, out),
        NewsletterCmd::Check => super::newsletter_check::run(store, config, out),
    }
}

/// The site's absolute address: the flag, then `BYLINE_SITE_URL`, then `[site] base_url`.
pub fn site_url(flag: Option<&str>, config: &Config) -> Result<String, CliError> {
    let url = flag
        .map(str::to_string)
        .or_else(|| std::env::var(SITE_URL_ENV).ok().filter(|u| !u.trim().is_empty()))
        .or_else(|| config.site.base_url.clone())
        .ok_or_else(|| {
            CliError::Usage(format!("emails link to the site: set base_url in [site], {SITE_URL_ENV} or --base-url"))
        })?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(CliError::Usage(format!(
            "{url}: the site's address in emails must start with https:// or http://"
        )));
    }
    Ok(byline_mail::newsletter::base_url(&url))
}

/// The blog's title as the list's name: the database's, else the config's.
pub fn blog_title(store: &Store, config: &Config) -> String {
    store::get_setting(store.conn(), "blog_title")
        .ok()
        .flatten()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| config.blog.title.clone())
        .unwrap_or_else(|| "the blog".into())
}

fn smtp_error(e: byline_mail::SettingsError) -> CliError {
    CliError::Usage(e.to_string())
}

fn dry_run(args: &SendArgs, store: &Store, config: &Config, out: &mut Out) -> Result<(), CliError> {
    let preview = newsletter::preview(store, &PostRef::parse(&args.post))?;
    let base = site_url(args.base_url.as_deref(), config)?;
    let settings = SmtpSettings::from_env(&config.smtp).map_err(smtp_error)?;
    let r = &preview.recipients;
    let title = sanitize_line(&preview.post.title);
    out.say(format!("would send \"{title}\" ({})", preview.post.status.as_str()));
    match &preview.outbox {
        Some(c) => out.say(format!(
            "already started: {} sent, {} queued, {} unknown, {} failed of {} frozen recipients",
            c.sent,
            c.queued,
            c.unknown,
            c.failed,
            c.total()
        )),
        None => {
            out.say(format!("to {} subscriber(s): {} following everything", r.total, r.everything));
            for (tag, n) in &r.by_tag {
                out.say(format!("  {n} following {}", sanitize_line(tag)));
            }
        }
    }
    if r.bouncing > 0 {
        out.say(format!("({} bouncing address(es) left out)", r.bouncing));
    }
    out.say(format!("from {} through {}", settings.from, settings.url));
    out.say(format!("List-Id <{}>, links on {base}", settings.list_id));
    out.say(format!("DKIM: {}", if settings.dkim.is_some() { "signed" } else { "off" }));
    out.json(&serde_json::json!({
        "post": preview.post.slug,
        "title": preview.post.title,
        "status": preview.post.status.as_str(),
        "recipients": r,
        "outbox": preview.outbox,
        "from": settings.from.to_string(),
        "smtp": settings.url.redacted(),
        "list_id": settings.list_id,
        "base_url": base,
        "dkim": settings.dkim.is_some(),
    }));
    Ok(())
}

fn send(args: &SendArgs, store: &mut Store, config: &Config, out: &mut Out) -> Result<(), CliError> {
    let base = site_url(args.base_url.as_deref(), config)?;
    let settings = SmtpSettings::from_env(&config.smtp).map_err(smtp_error)?;
    let mailer = Mailer::new(&settings).map_err(smtp_error)?;
    let opts = SendOptions { base_url: base, blog: blog_title(store, config), retry_unknown: args.retry_unknown };
    let bar = progress::Bar::for_stderr("sending");
    let ctl = bar.job_ctl();
    let result = send_post(store, &mailer, &settings, &PostRef::parse(&args.post), &opts, &ctl);
    bar.finish();
    let report = result.map_err(|e| match e {
        byline_mail::newsletter::NewsletterError::Ops(e) => CliError::Ops(e),
        other => CliError::Usage(other.to_string()),
    })?;
    say_report(&report, out);
    out.json(&report);
    match &report.stopped {
        Some(why) => Err(CliError::Usage(format!("stopped: {why}"))),
        None => Ok(()),
    }
}

fn say_report(r: &SendReport, out: &mut Out) {
    let t = &r.totals;
    out.say(format!(
        "\"{}\": sent {}, skipped {}, failed {}, unknown {}",
        sanitize_line(&r.title),
        r.sent,
        r.skipped,
        r.failed,
        t.unknown
    ));
    out.say(format!(
        "all runs: {} of {} delivered, {} failed, {} skipped, {} deferred",
        t.sent,
        t.total(),
        t.failed,
        t.skipped,
        t.deferred
    ));
    if r.found_unknown > 0 || t.unknown > 0 {
        out.say(format!(
            "{} message(s) were in flight when an earlier run stopped: the server may have them. \
             `byline newsletter status {}` lists them; --retry-unknown sends them again",
            r.found_unknown.max(t.unknown),
            r.post
        ));
    }
    if t.deferred > 0 {
        out.say(format!("{} message(s) met only temporary failures: run again to retry them", t.deferred));
    }
}

fn status(post: Option<&str>, store: &Store, out: &mut Out) -> Result<(), CliError> {
    let post = post.map(PostRef::parse);
    let sends = newsletter::status(store, post.as_ref())?;
    let rows: Vec<Vec<String>> = sends
        .iter()
        .map(|s| {
            let c = &s.counts;
            vec![
                s.post_id.to_string(),
                super::output::fit(&sanitize_line(&s.title), 40),
                c.sent.to_string(),
                c.queued.to_string(),
                c.failed.to_string(),
                c.unknown.to_string(),
                c.skipped.to_string(),
                if s.running.is_some() { "sending".into() } else { String::new() },
            ]
        })
        .collect();
    if sends.is_empty() {
        out.say("no newsletter sent yet");
    } else {
        out.table(&["ID", "TITLE", "SENT", "QUEUED", "FAILED", "UNKNOWN", "SKIPPED", ""], &rows);
    }
    for s in &sends {
        for p in &s.problems {
            let error = p.error.as_deref().map(sanitize_line).unwrap_or_default();
            out.say(format!("{:<8} {}  {error}", p.status, sanitize_line(&p.email)));
        }
    }
    out.json(&sends);
    Ok(())
}
