//! `byline serve`: the site exported into a folder and served over HTTP for the editor to look
//! at, exported again whenever the store changes (a post saved in the reader, or by any other
//! byline process), so a browser reload shows it.

use std::path::PathBuf;
use std::time::Duration;

use byline_core::config::Config;
use byline_core::jobs::JobCtl;
use byline_core::store::Store;
use byline_web::Server;
use clap::Args;

use super::CliError;
use super::export::{said, site_error, site_options};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The folder the site is exported into and served from (default: a folder in the
    /// platform cache directory)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// How often the store is asked whether it changed (`PRAGMA data_version`, a cheap read).
const CHANGE_CHECK: Duration = Duration::from_millis(500);

/// Exports, serves, and re-exports on every change until the process is stopped (Ctrl-C).
pub fn run(args: ServeArgs, store: &Store, config: &Config) -> Result<(), CliError> {
    let dir = args
        .dir
        .or_else(byline_core::config::default_preview_dir)
        .ok_or_else(|| CliError::Usage("serve: no cache directory here; name one with --dir".into()))?;
    std::fs::create_dir_all(&dir).map_err(|e| CliError::file(dir.display(), e))?;
    let server = Server::bind(&args.listen, dir.clone()).map_err(|e| CliError::Usage(e.to_string()))?;
    let addr = server.local_addr().map_or(args.listen.clone(), |a| a.to_string());
    // Links are site-relative, so the pages work at whatever address the browser used.
    let opts = site_options(store, config, dir, Some("/".into()), None);
    let export = || byline_site::export(store, &opts, &JobCtl::detached()).map_err(site_error);
    eprintln!("byline: {}", said(&export()?));
    eprintln!("byline: serving http://{addr}/ (Ctrl-C stops)");
    let stopper = server.stopper();
    std::thread::scope(|scope| {
        scope.spawn(|| server.run());
        let stopped = watch(store, export);
        stopper.stop();
        stopped
    })
}

/// Re-exports whenever the store changes; returns only when the store cannot be read.
fn watch(store: &Store, export: impl Fn() -> Result<byline_site::ExportReport, CliError>) -> Result<(), CliError> {
    let mut seen = store.data_version()?;
    loop {
        std::thread::sleep(CHANGE_CHECK);
        let now = store.data_version()?;
        if now == seen {
            continue;
        }
        seen = now;
        // A failed re-export leaves the last good site served: say why and keep going.
        match export() {
            Ok(report) if report.written + report.removed > 0 => eprintln!("byline: {}", said(&report)),
            Ok(_) => {}
            Err(e) => eprintln!("byline: export failed: {}", byline_core::sanitize::sanitize_line(&e.to_string())),
        }
    }
}
