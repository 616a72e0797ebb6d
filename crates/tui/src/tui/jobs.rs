//! Jobs the TUI starts: subscriber CSV import and export, run on the jobs lane with progress
//! and cancel (inline when headless).

use byline_core::jobs::JobCtl;
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store};
use byline_core::transfer::subscribers_csv;

use super::writes::{done, expand};
use crate::app::{Msg, Reload};

pub fn import(store: &mut Store, path: &str, _ctl: &JobCtl) -> Msg {
    let file = match std::fs::File::open(expand(path)) {
        Ok(f) => f,
        Err(e) => return Msg::FormError { field: Some("File"), message: format!("{path}: {e}") },
    };
    let (rows, mut bad) = match subscribers_csv::parse(file) {
        Ok(parsed) => parsed,
        Err(e) => return Msg::FormError { field: Some("File"), message: e.to_string() },
    };
    let outcome = match store.write(|tx, now| store::import_subscribers(tx, &rows, now)) {
        Ok(o) => o,
        Err(e) => return Msg::FormError { field: Some("File"), message: e.to_string() },
    };
    bad.extend(outcome.skipped.iter().cloned());
    bad.sort();
    let mut message = format!(
        "imported: {} added, {} updated, {} unchanged, {} skipped",
        outcome.added,
        outcome.updated,
        outcome.unchanged,
        bad.len()
    );
    let reasons: Vec<String> =
        bad.iter().take(3).map(|(line, why)| format!("line {line}: {}", sanitize_line(why))).collect();
    if !reasons.is_empty() {
        message += &format!(" ({}{})", reasons.join("; "), if bad.len() > 3 { "; …" } else { "" });
    }
    done(message, Reload::Subscribers)
}

pub fn export(store: &Store, path: &str, _ctl: &JobCtl) -> Msg {
    let subs = match store::list_subscribers(store.conn(), None) {
        Ok(s) => s,
        Err(e) => return Msg::Error(e.to_string()),
    };
    let target = expand(path);
    let file = if target.exists() { std::fs::File::create(&target) } else { store::create_private_file(&target) };
    let result =
        file.map_err(|e| e.to_string()).and_then(|f| subscribers_csv::write(f, &subs).map_err(|e| e.to_string()));
    match result {
        Ok(()) => done(format!("exported {} subscriber(s) to {}", subs.len(), target.display()), Reload::Subscribers),
        Err(e) => Msg::FormError { field: Some("File"), message: format!("{path}: {e}") },
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
