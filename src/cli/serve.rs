//! `byline serve`: the site exported into a folder and served over HTTP for the editor to look
//! at, exported again whenever the store changes (a post saved in the reader, or by any other
//! byline process), so a browser reload shows it. Its pages carry the sign-up form, answered
//! by the same server (`crate::serve`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use byline_core::config::Config;
use byline_core::jobs::JobCtl;
use byline_core::ops::signup::SignupRules;
use byline_core::store::Store;
use byline_web::{Limits, Server};
use clap::Args;

use crate::serve::audience::StoreAudience;
use crate::serve::confirm_mail::{self, ConfirmMail, Confirmations};

use super::CliError;
use super::export::{said, site_error, site_options};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The folder the site is exported into and served from (default: a folder in the
    /// platform cache directory)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// How often the store is asked whether it changed (`PRAGMA data_version`, a cheap read).
const CHANGE_CHECK: Duration = Duration::from_millis(500);

/// How often sign-ups never confirmed are looked for (and once at the start).
const EXPIRY_CHECK: Duration = Duration::from_secs(600);

/// Exports, serves, and re-exports on every change until the process is stopped (Ctrl-C).
pub fn run(args: ServeArgs, store: &Store, config: &Config) -> Result<(), CliError> {
    let dir = args
        .dir
        .or_else(byline_core::config::default_preview_dir)
        .ok_or_else(|| CliError::Usage("serve: no cache directory here; name one with --dir".into()))?;
    std::fs::create_dir_all(&dir).map_err(|e| CliError::file(dir.display(), e))?;
    let server = Server::bind(&args.listen, dir.clone()).map_err(|e| CliError::Usage(e.to_string()))?;
    let addr = server.local_addr().map_or(args.listen.clone(), |a| a.to_string());
    // Links are site-relative, so the pages work at whatever address the browser used; the
    // form posts to this server whatever the config names.
    let mut opts = site_options(store, config, dir, Some("/".into()), None);
    opts.signup_url = Some("/subscribe".into());
    let title = blog_title(store, config);
    let base = links_base(config, &addr);
    // As many sending threads as the mailer keeps connections, so a burst drains at full speed.
    let workers = byline_mail::SmtpSettings::from_env(&config.smtp).map_or(1, |s| s.connections as usize);
    let mail = confirm_mail::spawn(workers, confirm_mail::QUEUE, confirm_sender(config, &title, &base));
    let audience = Arc::new(StoreAudience::new(Store::open(store.path())?, signup_rules(config), mail));
    let server = server.with_audience(audience.clone(), signup_limits(config), &title);
    let export = || byline_site::export(store, &opts, &JobCtl::detached()).map_err(site_error);
    eprintln!("byline: {}", said(&export()?));
    eprintln!("byline: serving http://{addr}/ (Ctrl-C stops); links in emails start {base}");
    let stopper = server.stopper();
    std::thread::scope(|scope| {
        scope.spawn(|| server.run());
        let stopped = watch(export, &audience);
        stopper.stop();
        stopped
    })
}

/// The blog's title for the sign-up pages and the confirmation mail: the database's, else the config's.
fn blog_title(store: &Store, config: &Config) -> String {
    byline_core::store::get_setting(store.conn(), "blog_title")
        .ok()
        .flatten()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| config.blog.title.clone())
        .unwrap_or_default()
}

/// Where links in emails point: `BYLINE_SITE_URL`, else the config's `base_url` when it is an
/// absolute URL, else this server.
fn links_base(config: &Config, addr: &str) -> String {
    let absolute = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    let base = std::env::var("BYLINE_SITE_URL")
        .ok()
        .filter(absolute)
        .or_else(|| config.site.base_url.clone().filter(absolute))
        .unwrap_or_else(|| format!("http://{addr}/"));
    if base.ends_with('/') { base } else { format!("{base}/") }
}

fn signup_rules(config: &Config) -> SignupRules {
    let c = &config.signup;
    SignupRules {
        resend_after: i64::from(c.resend_after_minutes) * 60,
        expire_after: i64::from(c.expire_after_hours) * 3600,
    }
}

fn signup_limits(config: &Config) -> Limits {
    let c = &config.signup;
    Limits { per_ip: c.per_ip_per_hour, per_address: c.per_address_per_hour, window: Duration::from_secs(3600) }
}

/// What the mail thread does with each confirmation: send it through the config's `[smtp]`
/// (or `BYLINE_SMTP_URL`), or, without a usable one, say in the log that it could not.
fn confirm_sender(config: &Config, title: &str, base: &str) -> impl Fn(ConfirmMail) + Send + Sync + 'static {
    let confirmations = byline_mail::SmtpSettings::from_env(&config.smtp)
        .and_then(|settings| byline_mail::Mailer::new(&settings))
        .map(|mailer| Confirmations::new(mailer, title, base));
    if let Err(e) = &confirmations {
        eprintln!("byline: sign-ups are kept but no confirmation mail can go out: {e}");
    }
    move |mail: ConfirmMail| match &confirmations {
        Ok(c) => {
            if let Err(e) = c.send(&mail) {
                let line = byline_core::sanitize::sanitize_line(&e.to_string()).into_owned();
                eprintln!("byline: the confirmation mail to {} was not sent: {line}", mail.email);
            }
        }
        Err(_) => eprintln!("byline: no SMTP: the confirmation mail to {} was not sent", mail.email),
    }
}

/// Re-exports whenever another program changes the store, and forgets expired sign-ups now and then; returns
/// only when the store cannot be read.
fn watch(
    export: impl Fn() -> Result<byline_site::ExportReport, CliError>,
    audience: &StoreAudience,
) -> Result<(), CliError> {
    // Changes are watched on the audience's connection: the export's only reads, and it would
    // also see every sign-up, none of which changes a page.
    let version = || audience.others_version().map_err(CliError::Store);
    let mut seen = version()?;
    let mut expired_at: Option<Instant> = None;
    loop {
        if expired_at.is_none_or(|at| at.elapsed() >= EXPIRY_CHECK) {
            expired_at = Some(Instant::now());
            match audience.expire() {
                Ok(0) => {}
                Ok(n) => eprintln!("byline: forgot {n} sign-up(s) never confirmed"),
                Err(e) => eprintln!("byline: expiring sign-ups failed: {e}"),
            }
        }
        std::thread::sleep(CHANGE_CHECK);
        let now = version()?;
        if now == seen {
            continue;
        }
        seen = now;
        // A failed re-export leaves the last good site served: say why and keep going.
        match export() {
            Ok(report) if report.written + report.removed > 0 => eprintln!("byline: {}", said(&report)),
            Ok(_) => {}
            Err(e) => eprintln!("byline: export failed: {}", byline_core::sanitize::sanitize_line(&e.to_string())),
        }
    }
}
