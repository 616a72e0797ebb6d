//! `byline db ...`: where the file is, whether it is sound, and a safe copy.

use super::CliError;
use super::args::DbCmd;
use super::output::Out;
use byline_core::ops;
use byline_core::store::Store;

pub fn run(cmd: DbCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        DbCmd::Path => {
            out.say(store.path().display());
            out.json(&serde_json::json!({ "path": store.path() }));
        }
        DbCmd::Check => {
            let problems = ops::db::check(store)?;
            out.json(&serde_json::json!({ "ok": problems.is_empty(), "problems": problems }));
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("{p}");
                }
                return Err(CliError::Usage(format!(
                    "{} problem(s) found in {}",
                    problems.len(),
                    store.path().display()
                )));
            }
            out.say(format!("ok: {} passed the integrity and search-index checks", store.path().display()));
        }
        DbCmd::Backup { file } => {
            ops::db::backup(store, &file)?;
            out.say(format!("backed up to {}", file.display()));
            out.json(&serde_json::json!({ "backup": file }));
        }
    }
    Ok(())
}
