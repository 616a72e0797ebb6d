//! `byline subscriber ...`: sign-ups, status changes, and CSV in and out.

use std::io::IsTerminal;
use std::path::Path;

use super::args::SubscriberCmd;
use super::output::{Out, SubscriberJson, fit};
use super::{CliError, progress};
use byline_core::domain::{Email, SubscriberStatus, TagName, time};
use byline_core::ops::{self, Changed, OpsError};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store};

pub fn run(cmd: SubscriberCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        SubscriberCmd::Add { email, name, tags, status } => {
            let email = Email::parse(&email)?;
            let tags = TagName::parse_all(&tags)?;
            let status = SubscriberStatus::parse(&status)?;
            let sub = ops::subscribers::add_subscriber(store, &email, name.as_deref(), &tags, status)?;
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
        SubscriberCmd::Edit { email, new_email, name, tags, all_posts, status } => {
            let change = ops::subscribers::SubscriberChange {
                email: new_email.as_deref().map(Email::parse).transpose()?,
                name,
                tags: if all_posts {
                    Some(Vec::new())
                } else {
                    Some(TagName::parse_all(&tags)?).filter(|t| !t.is_empty())
                },
                status: status.as_deref().map(SubscriberStatus::parse).transpose()?,
            };
            let sub = ops::subscribers::edit_subscriber(store, &email, &change)?;
            let was = email.trim();
            out.say(if sub.email == was {
                format!("saved {}", sanitize_line(&sub.email))
            } else {
                format!("saved {} (was {})", sanitize_line(&sub.email), sanitize_line(was))
            });
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Remove { email } => {
            let sub = ops::subscribers::remove_subscriber(store, &email)?;
            out.say(format!("removed {}", sub.email));
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Confirm { email } => {
            let Changed { changed, item: sub } = ops::subscribers::confirm_subscriber(store, &email)?;
            out.say(if changed {
                format!("{} is now active", sub.email)
            } else {
                format!("{} was already active", sub.email)
            });
            out.json(&SubscriberJson::from(&sub));
        }
        SubscriberCmd::Unsubscribe { email } => {
            let Changed { changed, item: sub } = ops::subscribers::unsubscribe_subscriber(store, &email)?;
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
    let bar = progress::Bar::for_stderr("importing");
    let ctl = bar.job_ctl();
    let result = ops::subscribers_csv::import_subscribers_file(store, file, strict, &ctl);
    bar.finish();
    let report = result.map_err(|e| match e {
        OpsError::StrictSkipped { .. } => CliError::Usage(e.to_string()),
        other => other.into(),
    })?;
    for (line, why) in &report.skipped {
        eprintln!("{}: line {line}: skipped: {}", file.display(), sanitize_line(why));
    }
    out.say(format!(
        "added {}, updated {}, unchanged {}, skipped {}",
        report.added,
        report.updated,
        report.unchanged,
        report.skipped.len()
    ));
    out.json(&serde_json::json!({
        "added": report.added, "updated": report.updated, "unchanged": report.unchanged,
        "skipped": report.skipped.iter().map(|(line, why)| serde_json::json!({"line": line, "reason": why})).collect::<Vec<_>>(),
    }));
    Ok(())
}

fn export(file: Option<&Path>, store: &Store, out: &mut Out) -> Result<(), CliError> {
    match file {
        None => {
            let mut buf = Vec::new();
            ops::subscribers_csv::export_subscribers(store, &mut buf)?;
            // On a terminal the names are shown, not kept: bidi controls and the like in a
            // name would reorder what is seen. Piped or redirected, the CSV stays exact.
            if std::io::stdout().is_terminal() {
                let text = String::from_utf8_lossy(&buf);
                out.raw(byline_core::sanitize::sanitize(&text).as_bytes());
            } else {
                out.raw(&buf);
            }
        }
        Some(path) => {
            let count = ops::subscribers_csv::export_subscribers_file(store, path)?;
            eprintln!("exported {count} subscriber(s) to {}", path.display());
        }
    }
    Ok(())
}
