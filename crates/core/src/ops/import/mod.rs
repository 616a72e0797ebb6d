//! `byline import`: posts from markdown sites, other engines' exports and byline's own JSON,
//! as a job (progress, cancel). Files are parsed on worker threads while this thread writes.
//!
//! Every item lands whole or not at all: items are written in batches, one transaction per batch
//! and a savepoint per item, so a bad item rolls back alone and the rest go on. With
//! `all_or_nothing` (and for a dry run) the whole import is one transaction instead.

mod apply;
mod pipeline;

use std::path::PathBuf;

use serde::Serialize;

use super::{OpsError, Result};
use crate::jobs::JobCtl;
use crate::store::{self, Store};
use crate::transfer::import::{ImportProblem, Parsed};

pub use apply::author_line;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Do everything, report it, keep nothing.
    pub dry_run: bool,
    /// One transaction for the whole import: one failed item imports nothing.
    pub all_or_nothing: bool,
}

/// What an import did. `problems` lists every file or item not imported (and what was left out of
/// the ones that were), one line each, naming the file and the line where known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Items passed over on purpose (a second copy of one source id in the same import).
    pub skipped: usize,
    pub failed: usize,
    pub problems: Vec<ImportProblem>,
    /// Subscribers added from byline's JSON.
    pub subscribers: usize,
    pub dry_run: bool,
}

impl ImportSummary {
    /// "imported 5, updated 1, unchanged 10, skipped 0, failed 2".
    pub fn line(&self) -> String {
        let what = if self.dry_run { "would import" } else { "imported" };
        let mut s = format!(
            "{what} {}, updated {}, unchanged {}, skipped {}, failed {}",
            self.imported, self.updated, self.unchanged, self.skipped, self.failed
        );
        if self.subscribers > 0 {
            s.push_str(&format!("; {} subscriber(s) added", self.subscribers));
        }
        s
    }
}

/// Imports `paths` (folders of markdown, markdown files, exports). Problems with single files or
/// items are in the summary; an error means nothing of the current batch (with `all_or_nothing`,
/// nothing at all) was written: the store failed, the job was cancelled, or a strict import met
/// a problem.
pub fn import_paths(store: &mut Store, paths: &[PathBuf], opts: ImportOptions, ctl: &JobCtl) -> Result<ImportSummary> {
    ctl.note("finding files");
    let plan = pipeline::Plan::open(paths);
    ctl.set_total(plan.total() as u64);
    ctl.note("importing");
    run(store, plan, opts, ctl)
}

/// Imports items a parser has already read (another engine's export, a feed), with the same
/// matching, modes and summary as `import_paths`; the parser's problems count as failed.
pub fn import_parsed(store: &mut Store, parsed: Parsed, opts: ImportOptions, ctl: &JobCtl) -> Result<ImportSummary> {
    let plan = pipeline::Plan::from_parsed(parsed);
    ctl.set_total(plan.total() as u64);
    run(store, plan, opts, ctl)
}

fn run(store: &mut Store, plan: pipeline::Plan, opts: ImportOptions, ctl: &JobCtl) -> Result<ImportSummary> {
    let summary = pipeline::run(store, plan, opts, ctl)?;
    if opts.all_or_nothing && !opts.dry_run && summary.failed > 0 {
        // `pipeline::run` rolled everything back already; say why.
        return Err(OpsError::ImportFailed { problems: summary.problems });
    }
    Ok(summary)
}

/// The whole blog as byline's JSON (pretty, with a final newline): what `import_paths` reads back.
pub fn export_json(store: &Store) -> Result<Vec<u8>> {
    let doc = store::dump::document(store.conn(), store.now())?;
    let mut out = serde_json::to_vec_pretty(&doc)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests;
