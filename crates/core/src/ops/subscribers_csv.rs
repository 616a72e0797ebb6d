//! Subscriber CSV in and out: an import that runs as a job (progress, cancel, all or nothing) and
//! an export to a writer or to a private file.

use std::io::{Read, Write};

use std::path::Path;

use super::{OpsError, Result};
use crate::jobs::JobCtl;
use crate::store::{self, Importer, Store};
use crate::transfer::subscribers_csv;

/// What an import did. `skipped` holds every row not applied, unreadable or against a rule,
/// as (line, reason) in line order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<(u64, String)>,
}

/// Imports a subscriber CSV in one transaction, reporting progress per row through `ctl`.
/// Bad rows are skipped and reported; with `strict`, one bad or skipped row imports nothing.
/// A cancel through `ctl` also imports nothing (`OpsError::Cancelled`).
pub fn import_subscribers(store: &mut Store, input: impl Read, strict: bool, ctl: &JobCtl) -> Result<ImportReport> {
    ctl.note("reading the CSV");
    let (rows, mut bad) = subscribers_csv::parse(input)?;
    if let Some((line, why)) = bad.first().filter(|_| strict) {
        return Err(OpsError::StrictBadRow { line: *line, why: why.clone(), bad: bad.len() });
    }
    ctl.check()?;
    ctl.set_total(rows.len() as u64);
    ctl.note("importing subscribers");
    let outcome = store.write_with(|tx, now| {
        let mut importer = Importer::default();
        for row in &rows {
            ctl.check()?;
            importer.apply(tx, row, now)?;
            ctl.advance(1);
        }
        let outcome = importer.finish();
        if strict && !outcome.skipped.is_empty() {
            // Returning an error rolls the whole import back.
            return Err(OpsError::StrictSkipped { skipped: outcome.skipped });
        }
        Ok(outcome)
    })?;
    bad.extend(outcome.skipped);
    bad.sort();
    Ok(ImportReport { added: outcome.added, updated: outcome.updated, unchanged: outcome.unchanged, skipped: bad })
}

/// `import_subscribers` from a file; errors about the file or its rows name it.
pub fn import_subscribers_file(store: &mut Store, path: &Path, strict: bool, ctl: &JobCtl) -> Result<ImportReport> {
    let file = std::fs::File::open(path).map_err(|source| OpsError::Io { path: path.to_path_buf(), source })?;
    import_subscribers(store, file, strict, ctl).map_err(|e| match e {
        OpsError::Csv(_) | OpsError::StrictBadRow { .. } => e.in_file(path),
        other => other,
    })
}

/// Writes every subscriber as CSV (the shape the import reads); returns how many.
pub fn export_subscribers(store: &Store, out: impl Write) -> Result<usize> {
    let subs = store::list_subscribers(store.conn(), None)?;
    subscribers_csv::write(out, &subs)?;
    Ok(subs.len())
}

/// Exports to `path`. The addresses are personal data: the file is written whole to a new
/// owner-only (0600) file that then replaces `path` (an older file's looser mode is not kept, a
/// symbolic link there is replaced rather than followed, and a failure leaves `path` as it was).
pub fn export_subscribers_file(store: &Store, path: &Path) -> Result<usize> {
    let mut buf = Vec::new();
    let count = export_subscribers(store, &mut buf)?;
    crate::private_file::replace_private(path, &buf)
        .map_err(|source| OpsError::Io { path: path.to_path_buf(), source })?;
    Ok(count)
}
