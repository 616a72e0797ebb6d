//! The `Audience` of `byline serve`: each request one use case of `ops::signup` on the server's
//! own connection to the store (WAL, with a busy timeout, so the open reader writes meanwhile),
//! and a confirmation mail handed to the mail thread when one is due.

use std::sync::Mutex;

use byline_core::domain::Email;
use byline_core::ops::signup::{self, SignupRules};
use byline_core::store::{SignupOutcome, Store, TokenOutcome};
use byline_web::{Audience, AudienceError, Done, Preferences, SignUp, TagChoice};

use super::confirm_mail::{ConfirmMail, MailQueue};

/// Subscribers through the store; confirmation mails go to `mail` (a thread of their own, so a
/// slow SMTP server never holds a visitor's page).
pub struct StoreAudience {
    /// One connection for every worker: SQLite writes one at a time anyway, and a sign-up is
    /// a short transaction.
    store: Mutex<Store>,
    rules: SignupRules,
    mail: MailQueue,
}

impl StoreAudience {
    pub fn new(store: Store, rules: SignupRules, mail: MailQueue) -> StoreAudience {
        StoreAudience { store: Mutex::new(store), rules, mail }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A worker that panicked mid-request rolled its transaction back: the store is fine.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `PRAGMA data_version` on the audience's own connection: it moves when another program
    /// (the reader, the CLI) commits, never for this server's own sign-ups, so a sign-up does
    /// not make `byline serve` export the whole site again.
    pub fn others_version(&self) -> Result<i64, byline_core::store::StoreError> {
        self.store().data_version()
    }

    /// Forgets sign-ups never confirmed in time; returns how many addresses went.
    pub fn expire(&self) -> Result<usize, AudienceError> {
        signup::expire_signups(&mut self.store(), self.rules).map_err(failed)
    }
}

fn failed(e: impl std::fmt::Display) -> AudienceError {
    AudienceError(byline_core::sanitize::sanitize_line(&e.to_string()).into_owned())
}

fn done(outcome: TokenOutcome) -> Done {
    match outcome {
        TokenOutcome::Done(_) => Done::Done,
        TokenOutcome::AlreadyDone(_) => Done::AlreadyDone,
        TokenOutcome::Unknown => Done::Unknown,
    }
}

fn page(prefs: signup::Preferences) -> Preferences {
    let followed = |name: &str| prefs.subscriber.tags.iter().any(|t| t.eq_ignore_ascii_case(name));
    Preferences {
        email: prefs.subscriber.email.clone(),
        tags: prefs.all_tags.iter().map(|name| TagChoice { name: name.clone(), followed: followed(name) }).collect(),
    }
}

impl Audience for StoreAudience {
    fn sign_up(&self, email: &str, tags: &[String]) -> Result<SignUp, AudienceError> {
        let Ok(email) = Email::parse(email) else { return Ok(SignUp::InvalidEmail) };
        let outcome = signup::subscriber_signup(&mut self.store(), &email, tags, self.rules).map_err(failed)?;
        if let SignupOutcome::Mail { email, token } = outcome {
            if let Err(mail) = self.mail.offer(ConfirmMail { email, token }) {
                let email = byline_core::sanitize::sanitize_line(&mail.email).into_owned();
                eprintln!(
                    "byline: too many confirmation mails waiting: none sent to {email} now (the sign-up is kept)"
                );
            }
        }
        Ok(SignUp::Accepted)
    }

    fn confirm(&self, token: &str) -> Result<Done, AudienceError> {
        signup::confirm(&mut self.store(), token, self.rules).map(done).map_err(failed)
    }

    fn unsubscribe(&self, token: &str) -> Result<Done, AudienceError> {
        signup::unsubscribe_by_token(&mut self.store(), token).map(done).map_err(failed)
    }

    fn preferences(&self, token: &str) -> Result<Option<Preferences>, AudienceError> {
        signup::preferences(&self.store(), token).map(|p| p.map(page)).map_err(failed)
    }

    fn save_preferences(&self, token: &str, tags: &[String]) -> Result<Option<Preferences>, AudienceError> {
        signup::set_preferences(&mut self.store(), token, tags).map(|p| p.map(page)).map_err(failed)
    }
}
