//! The TUI's newsletter sender: byline-mail's resumable run with the config's `[smtp]` and
//! site address, handed to the terminal face, which does not link SMTP itself.

use std::sync::Arc;

use byline_core::config::Config;
use byline_core::domain::{PostId, PostRef};
use byline_core::jobs::JobCtl;
use byline_core::ops::mailing::{SendSummary, Sender};
use byline_core::store::Store;
use byline_mail::newsletter::{NewsletterError, SendOptions, send_post};
use byline_mail::{Mailer, SmtpSettings};

use super::newsletter::{blog_title, site_url};

/// Mail settings checked once at start; each send reads the blog's title afresh.
pub struct MailSender {
    settings: SmtpSettings,
    mailer: Mailer,
    base_url: String,
    config: Config,
}

impl MailSender {
    /// The sender for `config` (and `BYLINE_SMTP_URL`, `BYLINE_SITE_URL`), or why there is
    /// none, in words for the status bar (never with the password).
    pub fn from_config(config: &Config) -> Result<Arc<dyn Sender>, String> {
        let base_url = site_url(None, config).map_err(|e| e.to_string())?;
        let settings = SmtpSettings::from_env(&config.smtp).map_err(|e| e.to_string())?;
        let mailer = Mailer::new(&settings).map_err(|e| e.to_string())?;
        Ok(Arc::new(MailSender { settings, mailer, base_url, config: config.clone() }))
    }
}

impl Sender for MailSender {
    fn send(&self, store: &mut Store, post: PostId, retry_unknown: bool, ctl: &JobCtl) -> Result<SendSummary, String> {
        let opts =
            SendOptions { base_url: self.base_url.clone(), blog: blog_title(store, &self.config), retry_unknown };
        let report = send_post(store, &self.mailer, &self.settings, &PostRef::Id(post), &opts, ctl)
            .map_err(|e: NewsletterError| e.to_string())?;
        Ok(SendSummary {
            title: report.title,
            sent: report.sent,
            failed: report.failed,
            skipped: report.skipped,
            unknown: report.totals.unknown,
            deferred: report.totals.deferred,
            stopped: report.stopped,
        })
    }
}
