//! `byline subscriber ...`: sign-ups, status changes, and CSV in and out.

use std::path::Path;

use super::CliError;
use super::args::SubscriberCmd;
use super::output::{Out, SubscriberJson, fit};
use byline_core::domain::{Email, SubscriberStatus, TagName, time};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, ImportOutcome, Store, StoreError};
use byline_core::transfer::subscribers_csv;

pub fn run(cmd: SubscriberCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        SubscriberCmd::Add { email, name, tags, status } => {
            let email = Email::parse(&email)?;
            let tags = TagName::parse_all(&tags)?;
            let status = SubscriberStatus::parse(&status)?;
            store.write(|tx, now| store::add_subscriber(tx, &email, name.as_deref(), &tags, status, now))?;
            let sub = store::get_subscriber(store.conn(), email.as_str())?;
            out.say(format!("added {} ({})", sub.email, sub.status.as_str()));
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::List { status } => {
            let status = status.as_deref().map(SubscriberStatus::parse).transpose()?;
            let subs = store::list_subscribers(store.conn(), status)?;
            out.json(&subs.iter().map(SubscriberJson::from).collect::<Vec<_>>());
            if subs.is_empty() {
                out.say("no subscribers");
            } else {
                let rows: Vec<Vec<String>> = subs
                    .iter()
                    .map(|s| {
                        let tags = if s.tags.is_empty() { "(all posts)".to_string() } else { s.tags.join(", ") };
                        vec![
                            fit(&sanitize_line(&s.email), 40),
                            fit(&sanitize_line(s.name.as_deref().unwrap_or("-")), 24),
                            s.status.as_str().to_string(),
                            fit(&sanitize_line(&tags), 30),
                            time::local_date(s.created_at),
                        ]
                    })
                    .collect();
                out.table(&["EMAIL", "NAME", "STATUS", "TAGS", "SINCE"], &rows);
            }
        }
        SubscriberCmd::Remove { email } => {
            let sub = store::get_subscriber(store.conn(), &email)?;
            store.write(|tx, _| store::remove_subscriber(tx, &email))?;
            out.say(format!("removed {}", sub.email));
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Confirm { email } => {
            let changed = store.write(|tx, now| store::confirm_subscriber(tx, &email, now))?;
            let sub = store::get_subscriber(store.conn(), &email)?;
            out.say(if changed {
                format!("{} is now active", sub.email)
            } else {
                format!("{} was already active", sub.email)
            });
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Unsubscribe { email } => {
            let changed = store.write(|tx, now| store::unsubscribe_subscriber(tx, &email, now))?;
            let sub = store::get_subscriber(store.conn(), &email)?;
            out.say(if changed {
                format!("{} is unsubscribed", sub.email)
            } else {
                format!("{} had already unsubscribed", sub.email)
            });
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Import { file, strict } => import(&file, strict, store, out)?,
        SubscriberCmd::Export { file } => export(file.as_deref(), store, out)?,
    }
    Ok(())
}

/// Good rows are applied and bad ones reported by line; with `strict`, one bad row imports nothing.
fn import(file: &Path, strict: bool, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let reader = std::fs::File::open(file).map_err(|e| CliError::file(file.display(), e))?;
    let (rows, mut bad) = subscribers_csv::parse(reader).map_err(|e| CliError::file(file.display(), e))?;
    if strict && !bad.is_empty() {
        return Err(strict_failure(file, &bad));
    }
    let outcome: ImportOutcome = store
        .write(|tx, now| {
            let outcome = store::import_subscribers(tx, &rows, now)?;
            if strict && !outcome.skipped.is_empty() {
                // Returning an error rolls the whole import back.
                return Err(StoreError::Refused(String::new()));
            }
            Ok(outcome)
        })
        .map_err(|e| match e {
            StoreError::Refused(s) if s.is_empty() => CliError::Usage(
                "--strict: some rows would be skipped; nothing was imported (run without --strict to see them)".into(),
            ),
            other => other.into(),
        })?;
    bad.extend(outcome.skipped.iter().cloned());
    bad.sort();
    for (line, why) in &bad {
        eprintln!("{}: line {line}: skipped: {}", file.display(), sanitize_line(why));
    }
    out.say(format!(
        "added {}, updated {}, unchanged {}, skipped {}",
        outcome.added,
        outcome.updated,
        outcome.unchanged,
        bad.len()
    ));
    out.json(&serde_json::json!({
        "added": outcome.added, "updated": outcome.updated, "unchanged": outcome.unchanged,
        "skipped": bad.iter().map(|(line, why)| serde_json::json!({"line": line, "reason": why})).collect::<Vec<_>>(),
    }));
    Ok(())
}

fn strict_failure(file: &Path, bad: &[(u64, String)]) -> CliError {
    let (line, why) = &bad[0];
    CliError::file(file.display(), format!("line {line}: {why} ({} bad row(s); --strict imported nothing)", bad.len()))
}

fn export(file: Option<&Path>, store: &Store, out: &mut Out) -> Result<(), CliError> {
    let subs = store::list_subscribers(store.conn(), None)?;
    let mut buf = Vec::new();
    subscribers_csv::write(&mut buf, &subs).map_err(|e| CliError::file("CSV", e))?;
    match file {
        None => out.raw(&buf),
        Some(path) => {
            // The addresses are personal data: a new file is created readable only by its owner.
            let mut f = if path.exists() { std::fs::File::create(path) } else { store::create_private_file(path) }
                .map_err(|e| CliError::file(path.display(), e))?;
            std::io::Write::write_all(&mut f, &buf).map_err(|e| CliError::file(path.display(), e))?;
            eprintln!("exported {} subscriber(s) to {}", subs.len(), path.display());
        }
    }
    Ok(())
}
