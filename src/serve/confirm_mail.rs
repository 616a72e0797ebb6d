//! The confirmation mail of a web sign-up: its link (`{base}confirm?token=T`, which opens a
//! page with a button: the link alone confirms nothing), its text, and the bounded queue whose
//! threads send them through byline-mail's `Mailer`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use byline_mail::{Mailer, Outgoing, SendError};

/// A confirmation due: `token` goes to `email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmMail {
    pub email: String,
    pub token: String,
}

/// `base` with exactly one `/` before `path`.
pub fn link(base: &str, path: &str, token: &str) -> String {
    format!("{}/{path}?token={token}", base.trim_end_matches('/'))
}

/// The subject and plain text of the mail.
pub fn message(blog_title: &str, base: &str, mail: &ConfirmMail) -> (String, String) {
    let blog = if blog_title.trim().is_empty() { "the blog" } else { blog_title.trim() };
    let subject = format!("Confirm your email alerts from {blog}");
    // Short lines: no mail client or transfer encoding ever breaks the link.
    let text = format!(
        "Someone, probably you, signed up {email}\n\
         for email alerts from {blog}.\n\n\
         To confirm, open this link and press the button on the page:\n\n\
         {url}\n\n\
         If it was not you, ignore this message: nothing more is sent,\n\
         and the sign-up is forgotten in a few days.\n",
        email = mail.email,
        url = link(base, "confirm", &mail.token),
    );
    (subject, text)
}

/// Sends confirmations through `mailer`, naming the blog `title` and building links on `base`.
pub struct Confirmations {
    pub mailer: Mailer,
    pub title: String,
    pub base: String,
    sent: AtomicU64,
}

/// Waits between tries of a temporarily refused mail (a 4xx, a dropped connection).
const RETRY_WAITS: [Duration; 2] = [Duration::from_secs(2), Duration::from_secs(10)];

impl Confirmations {
    pub fn new(mailer: Mailer, title: &str, base: &str) -> Confirmations {
        Confirmations { mailer, title: title.to_string(), base: base.to_string(), sent: AtomicU64::new(0) }
    }

    /// Sends one confirmation, trying again after temporary failures.
    pub fn send(&self, mail: &ConfirmMail) -> Result<(), SendError> {
        let (subject, text) = message(&self.title, &self.base, mail);
        let n = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        // Unique per message; the token stays out of it (Message-IDs end up in logs).
        let stamp = jiff::Timestamp::now().as_nanosecond();
        let domain = self.mailer.from().email.domain().to_string();
        let out = Outgoing {
            to_email: mail.email.clone(),
            to_name: None,
            subject,
            text,
            html: None,
            message_id: format!("confirm.{stamp}.{n}@{domain}"),
            list: None,
        };
        let mut result = self.mailer.send(&out);
        for wait in RETRY_WAITS {
            match &result {
                Err(e) if e.is_temporary() => std::thread::sleep(wait),
                _ => break,
            }
            result = self.mailer.send(&out);
        }
        result
    }
}

/// How many confirmations may wait at once. A flood of sign-ups faster than mail can go out
/// (loopback wrk: 2,000/s against a few hundred mails/s) would otherwise grow the queue without
/// end; at this size it holds about a megabyte and drains in under a minute.
pub const QUEUE: usize = 10_000;

/// The queue in front of the sending threads.
#[derive(Clone)]
pub struct MailQueue {
    tx: SyncSender<ConfirmMail>,
}

impl MailQueue {
    /// Queues `mail` without waiting; gives it back when the queue is full, so a sign-up request
    /// is never held up by mail and memory stays bounded. The sign-up itself is kept either way:
    /// the address can ask again once `resend_after` has passed.
    pub fn offer(&self, mail: ConfirmMail) -> Result<(), ConfirmMail> {
        match self.tx.try_send(mail) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(mail) | TrySendError::Disconnected(mail)) => Err(mail),
        }
    }
}

/// Starts `workers` threads that hand each queued mail to `deliver` (which may run on several
/// at once: the mailer's pool has a connection per worker); they end when every queue handle
/// is dropped.
pub fn spawn(workers: usize, capacity: usize, deliver: impl Fn(ConfirmMail) + Send + Sync + 'static) -> MailQueue {
    let (tx, rx) = sync_channel::<ConfirmMail>(capacity);
    let rx: Arc<Mutex<Receiver<ConfirmMail>>> = Arc::new(Mutex::new(rx));
    let deliver = Arc::new(deliver);
    for _ in 0..workers.max(1) {
        let (rx, deliver) = (rx.clone(), deliver.clone());
        std::thread::spawn(move || {
            loop {
                // The lock is held only to take one mail, never while sending it.
                let next = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                match next {
                    Ok(mail) => deliver(mail),
                    Err(_) => return,
                }
            }
        });
    }
    MailQueue { tx }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_joins_the_base_and_the_text_names_the_address() {
        assert_eq!(link("http://127.0.0.1:9/", "confirm", "ab"), "http://127.0.0.1:9/confirm?token=ab");
        assert_eq!(link("https://x.org/blog", "confirm", "ab"), "https://x.org/blog/confirm?token=ab");
        let mail = ConfirmMail { email: "a@example.com".into(), token: "ab".into() };
        let (subject, text) = message("My Blog", "https://x.org/", &mail);
        assert_eq!(subject, "Confirm your email alerts from My Blog");
        assert!(text.contains("a@example.com") && text.contains("https://x.org/confirm?token=ab"), "{text}");
    }

    #[test]
    fn a_full_queue_gives_the_mail_back_at_once_and_every_queued_mail_is_delivered() {
        let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
        let gate = Mutex::new(gate_rx);
        let (taken_tx, taken_rx) = std::sync::mpsc::channel::<()>();
        let taken = Mutex::new(taken_tx);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<String>();
        let done = Mutex::new(done_tx);
        // One worker, held at the gate after taking each mail until the test opens it: the queue fills.
        let queue = spawn(1, 2, move |mail: ConfirmMail| {
            taken.lock().unwrap().send(()).unwrap();
            gate.lock().unwrap().recv().unwrap();
            done.lock().unwrap().send(mail.email).unwrap();
        });
        let mail = |n: u32| ConfirmMail { email: format!("{n}@example.com"), token: "t".into() };
        assert!(queue.offer(mail(1)).is_ok());
        // The worker has taken mail 1 and waits at the gate; two more fit in the queue.
        taken_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(queue.offer(mail(2)).is_ok() && queue.offer(mail(3)).is_ok());
        assert_eq!(queue.offer(mail(4)).unwrap_err().email, "4@example.com", "full: handed back, not waited on");
        for _ in 0..3 {
            gate_tx.send(()).unwrap();
        }
        let got: Vec<String> = (0..3).map(|_| done_rx.recv_timeout(Duration::from_secs(5)).unwrap()).collect();
        assert_eq!(got, ["1@example.com", "2@example.com", "3@example.com"]);
    }
}
