//! The import's two sides: parsers on worker threads (rayon) feeding batches through a bounded
//! channel, and this thread writing each batch, one savepoint per item.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};

use rayon::prelude::*;
use rusqlite::Connection;

use super::apply::{Applied, Applier, Refused};
use super::{ImportOptions, ImportSummary, OpsError, Result};
use crate::jobs::JobCtl;
use crate::store::{self, Store, StoreError, dump};
use crate::transfer::byline_json::Document;
use crate::transfer::import::{self, ImportItem, ImportProblem, Source, markdown};

/// How many files are parsed (and items written in one transaction) at a time: big enough that
/// a commit's sync is a small share, small enough that progress moves and memory stays flat.
const BATCH: usize = 256;

/// What the paths turned out to be, before anything is parsed.
#[derive(Default)]
pub struct Plan {
    markdown: Vec<PathBuf>,
    documents: Vec<(String, Document)>,
    items: Vec<Entry>,
}

/// One unit of work for the writer. (Items are most entries: boxing them would only add an
/// allocation each.)
#[allow(clippy::large_enum_variant)]
enum Entry {
    Item(ImportItem),
    /// A file or item that could not be read: counted as failed.
    Problem(ImportProblem),
}

impl Plan {
    pub fn open(paths: &[PathBuf]) -> Plan {
        let mut plan = Plan::default();
        for path in paths {
            match import::open(path) {
                Ok(Source::Markdown { files, problems }) => {
                    plan.markdown.extend(files);
                    plan.items.extend(problems.into_iter().map(Entry::Problem));
                }
                Ok(Source::Byline(doc)) => plan.documents.push((path.display().to_string(), *doc)),
                Ok(Source::Parsed(parsed)) => {
                    plan.items.extend(parsed.items.into_iter().map(Entry::Item));
                    plan.items.extend(parsed.problems.into_iter().map(Entry::Problem));
                }
                Err(problem) => plan.items.push(Entry::Problem(problem)),
            }
        }
        plan
    }

    /// Steps of progress: one per file or item.
    pub fn total(&self) -> usize {
        self.markdown.len() + self.items.len() + self.documents.iter().map(|(_, d)| d.posts.len()).sum::<usize>()
    }
}

/// Parses the markdown files in batches on rayon's threads, `BATCH` files at a time, ahead of
/// the writer by at most two batches.
fn parse_markdown(files: &[PathBuf], ctl: &JobCtl, out: std::sync::mpsc::SyncSender<Vec<Entry>>) {
    for chunk in files.chunks(BATCH) {
        if ctl.is_cancelled() {
            return;
        }
        let batch: Vec<Entry> = chunk.par_iter().map(|path| read_markdown(path)).collect();
        if out.send(batch).is_err() {
            return;
        }
    }
}

fn read_markdown(path: &Path) -> Entry {
    let origin = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match markdown::parse_file(path, &origin, &bytes) {
            Ok(item) => Entry::Item(item),
            Err(problem) => Entry::Problem(problem),
        },
        Err(e) => Entry::Problem(ImportProblem { origin, line: None, reason: e.to_string() }),
    }
}

/// Writes everything the plan holds; the summary of what was done.
pub fn run(store: &mut Store, plan: Plan, opts: ImportOptions, ctl: &JobCtl) -> Result<ImportSummary> {
    let Plan { markdown, documents, items } = plan;
    let mut writer =
        Writer { summary: ImportSummary { dry_run: opts.dry_run, ..Default::default() }, ..Default::default() };
    std::thread::scope(|scope| {
        let (send, batches) = sync_channel(2);
        scope.spawn(|| parse_markdown(&markdown, ctl, send));
        let whole = opts.dry_run || opts.all_or_nothing;
        if whole {
            store.write_or_discard(|tx, now| {
                writer.documents(tx, &documents, now, ctl)?;
                writer.batch(tx, items, now, ctl)?;
                for batch in batches.iter() {
                    writer.batch(tx, batch, now, ctl)?;
                }
                // A cancel while the parsers were finishing stops here too.
                ctl.check()?;
                let keep = !opts.dry_run && writer.summary.failed == 0;
                Ok::<_, OpsError>(((), keep))
            })?;
        } else {
            store.write_with(|tx, now| writer.documents(tx, &documents, now, ctl))?;
            store.write_with(|tx, now| writer.batch(tx, items, now, ctl))?;
            drain(store, &mut writer, batches, ctl)?;
            // The parsers stop quietly on a cancel; what was committed stays, item by item.
            ctl.check()?;
        }
        Ok::<_, OpsError>(())
    })?;
    Ok(writer.summary)
}

/// One transaction per batch as the parsers deliver them.
fn drain(store: &mut Store, writer: &mut Writer, batches: Receiver<Vec<Entry>>, ctl: &JobCtl) -> Result<()> {
    for batch in batches.iter() {
        store.write_with(|tx, now| writer.batch(tx, batch, now, ctl))?;
    }
    Ok(())
}

#[derive(Default)]
struct Writer {
    applier: Applier,
    summary: ImportSummary,
    /// Source ids met in this import: a second item with one is skipped, not a second post.
    seen: HashSet<String>,
}

impl Writer {
    fn problem(&mut self, origin: &str, line: Option<usize>, reason: String) {
        self.summary.problems.push(ImportProblem { origin: origin.to_string(), line, reason });
    }

    fn batch(&mut self, conn: &Connection, batch: Vec<Entry>, now: i64, ctl: &JobCtl) -> Result<()> {
        for entry in batch {
            ctl.check()?;
            match entry {
                Entry::Item(item) => self.item(conn, &item, now)?,
                Entry::Problem(p) => {
                    self.summary.failed += 1;
                    self.summary.problems.push(p);
                }
            }
            ctl.advance(1);
        }
        Ok(())
    }

    /// One item in a savepoint of its own: a failure rolls back this item only.
    fn item(&mut self, conn: &Connection, item: &ImportItem, now: i64) -> Result<()> {
        if let Some(id) = &item.source_id {
            if !self.seen.insert(id.clone()) {
                self.summary.skipped += 1;
                self.problem(&item.origin, None, format!("skipped: an earlier item has the same id ({id})"));
                return Ok(());
            }
        }
        conn.execute_batch("SAVEPOINT import_item").map_err(StoreError::from)?;
        let mut notes = Vec::new();
        let result = self.applier.apply(conn, item, now, &mut notes);
        let release = match &result {
            Ok(_) => "RELEASE import_item",
            Err(_) => "ROLLBACK TO import_item; RELEASE import_item",
        };
        conn.execute_batch(release).map_err(StoreError::from)?;
        for note in notes {
            self.problem(&item.origin, None, note);
        }
        match result {
            Ok(Applied::Imported) => self.summary.imported += 1,
            Ok(Applied::Updated) => self.summary.updated += 1,
            Ok(Applied::Unchanged) => self.summary.unchanged += 1,
            // Another writer holds the file: every item would fail the same way; stop.
            Err(Refused::Store(StoreError::Busy)) => return Err(StoreError::Busy.into()),
            Err(Refused::Store(e)) => self.fail(item, e.to_string()),
            Err(Refused::Invalid(why)) => self.fail(item, why),
        }
        Ok(())
    }

    fn fail(&mut self, item: &ImportItem, why: String) {
        self.summary.failed += 1;
        self.problem(&item.origin, None, why);
    }

    /// byline's JSON: tags first (with their slugs), then posts, subscribers and settings.
    fn documents(&mut self, conn: &Connection, docs: &[(String, Document)], now: i64, ctl: &JobCtl) -> Result<()> {
        for (origin, doc) in docs {
            dump::write_tags(conn, &doc.tags)?;
            for (n, post) in doc.posts.iter().enumerate() {
                ctl.check()?;
                match post.to_item(origin, n + 1) {
                    Ok(item) => self.item(conn, &item, now)?,
                    Err(why) => {
                        self.summary.failed += 1;
                        self.problem(&format!("{origin}#post {}", n + 1), None, why);
                    }
                }
                ctl.advance(1);
            }
            for sub in &doc.subscribers {
                match dump::write_subscriber(conn, sub) {
                    Ok(added) => self.summary.subscribers += usize::from(added),
                    Err(StoreError::Invalid(e)) => self.problem(origin, None, format!("subscriber {}: {e}", sub.email)),
                    Err(e) => return Err(e.into()),
                }
            }
            for (key, value) in &doc.settings {
                store::set_setting(conn, key, value)?;
            }
        }
        Ok(())
    }
}
