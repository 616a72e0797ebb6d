//! The import's two sides: parsers on worker threads (rayon) feeding batches through a bounded
//! channel, and this thread writing each batch, one savepoint per item.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use rusqlite::Connection;

use super::apply::{Applied, Applier, Refused};
use super::{ImportOptions, ImportSummary, OpsError, Result};
use crate::jobs::JobCtl;
use crate::store::{self, Store, StoreError, dump};
use crate::transfer::byline_json::Document;
use crate::transfer::import::{self, ImportItem, ImportProblem, Source, markdown};

/// How many files are parsed (and items written in one transaction) at a time: a commit's sync
/// and the search index's segment per batch are small shares (10,000 files: 256 a batch took
/// 4.2 s, 1,024 3.4 s), and memory stays flat (about 40 MB at most).
const BATCH: usize = 1024;

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

    /// Items read already.
    pub fn from_parsed(parsed: import::Parsed) -> Plan {
        let mut plan = Plan::default();
        plan.items.extend(parsed.items.into_iter().map(Entry::Item));
        plan.items.extend(parsed.problems.into_iter().map(Entry::Problem));
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
        if opts.dry_run || opts.all_or_nothing {
            // A dry run counts every failure, so each item gets its savepoint; all or nothing
            // stops at the first write that fails, and the rollback undoes it with the rest.
            writer.savepoints = opts.dry_run;
            store.write_or_discard(|tx, now| {
                writer.documents(tx, &documents, now, ctl)?;
                let mut flow = writer.batch(tx, &items, now, ctl)?;
                ctl.advance(items.len() as u64);
                for batch in batches.iter() {
                    if flow == Flow::Stop {
                        break;
                    }
                    flow = writer.batch(tx, &batch, now, ctl)?;
                    ctl.advance(batch.len() as u64);
                }
                // A cancel while the parsers were finishing stops here too.
                ctl.check()?;
                let keep = !opts.dry_run && writer.summary.failed == 0;
                Ok::<_, OpsError>(((), keep))
            })?;
        } else {
            store.write_with(|tx, now| writer.documents(tx, &documents, now, ctl))?;
            write_batch(store, &mut writer, &items, ctl)?;
            for batch in batches.iter() {
                write_batch(store, &mut writer, &batch, ctl)?;
            }
            // The parsers stop quietly on a cancel; what was committed stays, item by item.
            ctl.check()?;
        }
        Ok::<_, OpsError>(())
    })?;
    Ok(writer.summary)
}

/// One batch in one transaction. First without savepoints: FTS5 writes its pending index data
/// out at every savepoint, which made a savepoint per item cost half the import. A write that
/// fails half way through an item rolls the batch back, and the batch runs again with a
/// savepoint per item, so the failed item alone is left out.
fn write_batch(store: &mut Store, writer: &mut Writer, batch: &[Entry], ctl: &JobCtl) -> Result<()> {
    let before = writer.checkpoint();
    writer.savepoints = false;
    let flow = store.write_or_discard(|tx, now| {
        let flow = writer.batch(tx, batch, now, ctl)?;
        Ok::<_, OpsError>((flow, flow == Flow::Go))
    })?;
    if flow == Flow::Stop {
        writer.restore(before);
        writer.savepoints = true;
        store.write_with(|tx, now| writer.batch(tx, batch, now, ctl))?;
    }
    ctl.advance(batch.len() as u64);
    Ok(())
}

/// Whether a batch may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    /// An item's write failed without a savepoint to undo it alone.
    Stop,
}

#[derive(Default, Clone)]
struct Writer {
    applier: Applier,
    summary: ImportSummary,
    /// Source ids met in this import: a second item with one is skipped, not a second post.
    seen: HashSet<String>,
    /// Each item in a savepoint of its own.
    savepoints: bool,
}

impl Writer {
    fn checkpoint(&self) -> Writer {
        self.clone()
    }

    fn restore(&mut self, saved: Writer) {
        *self = saved;
    }

    fn problem(&mut self, origin: &str, line: Option<usize>, reason: String) {
        self.summary.problems.push(ImportProblem { origin: origin.to_string(), line, reason });
    }

    fn batch(&mut self, conn: &Connection, batch: &[Entry], now: i64, ctl: &JobCtl) -> Result<Flow> {
        for entry in batch {
            ctl.check()?;
            match entry {
                Entry::Item(item) => {
                    if self.item(conn, item, now)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
                Entry::Problem(p) => {
                    self.summary.failed += 1;
                    self.summary.problems.push(p.clone());
                }
            }
        }
        self.applier.index_pending(conn)?;
        Ok(Flow::Go)
    }

    /// One item; with `savepoints`, a failure rolls back this item only.
    fn item(&mut self, conn: &Connection, item: &ImportItem, now: i64) -> Result<Flow> {
        if let Some(id) = &item.source_id {
            if !self.seen.insert(id.clone()) {
                self.summary.skipped += 1;
                self.problem(&item.origin, None, format!("skipped: an earlier item has the same id ({id})"));
                return Ok(Flow::Go);
            }
        }
        if self.savepoints {
            conn.execute_batch("SAVEPOINT import_item").map_err(StoreError::from)?;
        }
        let mut notes = Vec::new();
        let result = self.applier.apply(conn, item, now, &mut notes);
        if self.savepoints {
            let release = match &result {
                Ok(_) => "RELEASE import_item",
                Err(_) => "ROLLBACK TO import_item; RELEASE import_item",
            };
            conn.execute_batch(release).map_err(StoreError::from)?;
        }
        for note in notes {
            self.problem(&item.origin, None, note);
        }
        match result {
            Ok(Applied::Imported) => self.summary.imported += 1,
            Ok(Applied::Updated) => self.summary.updated += 1,
            Ok(Applied::Unchanged) => self.summary.unchanged += 1,
            // Another writer holds the file: every item would fail the same way; stop.
            Err(Refused::Store(StoreError::Busy)) => return Err(StoreError::Busy.into()),
            Err(Refused::Store(e)) => {
                self.fail(item, e.to_string());
                if !self.savepoints {
                    return Ok(Flow::Stop);
                }
            }
            Err(Refused::Invalid(why)) => self.fail(item, why),
        }
        Ok(Flow::Go)
    }

    fn fail(&mut self, item: &ImportItem, why: String) {
        self.summary.failed += 1;
        self.problem(&item.origin, None, why);
    }

    /// byline's JSON: tags first (with their slugs), then posts, subscribers and settings.
    fn documents(&mut self, conn: &Connection, docs: &[(String, Document)], now: i64, ctl: &JobCtl) -> Result<()> {
        // byline's JSON is written with a savepoint per post: it is one transaction of its own.
        let savepoints = std::mem::replace(&mut self.savepoints, true);
        for (origin, doc) in docs {
            dump::write_tags(conn, &doc.tags)?;
            for (n, post) in doc.posts.iter().enumerate() {
                ctl.check()?;
                match post.to_item(origin, n + 1) {
                    Ok(item) => {
                        self.item(conn, &item, now)?;
                    }
                    Err(why) => {
                        self.summary.failed += 1;
                        self.problem(&format!("{origin}#post {}", n + 1), None, why);
                    }
                }
                ctl.advance(1);
            }
            self.applier.index_pending(conn)?;
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
        self.savepoints = savepoints;
        Ok(())
    }
}
