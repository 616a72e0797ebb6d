//! `byline db ...`: a new file, where the file is, whether it is sound, and a safe copy.

use super::args::DbCmd;
use super::output::Out;
use super::{CliError, DbChoice};
use byline_core::ops;
use byline_core::store::Store;

/// `db init`: creates the file (refusing one that exists, even one made a moment ago by another
/// process), then the schema, and with `seed` the sample blog. A file left half-made is removed.
pub fn init(choice: &DbChoice, seed: bool, json: bool) -> Result<(), CliError> {
    let path = &choice.path;
    let io = |e: std::io::Error| CliError::file(path.display(), e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    match byline_core::store::create_private_file(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(CliError::DbExists(path.clone())),
        Err(e) => return Err(io(e)),
    }
    let made = Store::open(path).map_err(CliError::from).and_then(|mut store| {
        if seed {
            byline_core::transfer::sample::load(&mut store)?;
        }
        Ok(())
    });
    if let Err(e) = made {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        return Err(e);
    }
    let out = &mut Out::new(json);
    let what = if seed { "with the sample blog" } else { "(an empty blog)" };
    out.say(format!("created {} {what}", path.display()));
    out.json(&serde_json::json!({ "path": path, "seeded": seed }));
    Ok(())
}

pub fn run(cmd: DbCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        // Handled before a store is opened (see `init`).
        DbCmd::Init => return Err(CliError::Usage("db init runs before the store is opened".into())),
        DbCmd::Path => {
            out.say(store.path().display());
            out.json(&serde_json::json!({ "path": store.path() }));
        }
        DbCmd::Check => {
            let problems = ops::db::check(store)?;
            out.json(&serde_json::json!({ "ok": problems.is_empty(), "problems": problems }));
            if !problems.is_empty() {
                // Under --json they are in the object on stdout, and stderr has only the error.
                for p in problems.iter().filter(|_| !out.json) {
                    eprintln!("{p}");
                }
                return Err(CliError::CheckFailed(format!(
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
