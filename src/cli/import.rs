//! `byline import PATH...`: posts from markdown sites and exports, with a progress bar, a summary
//! and one line per file or item that was not imported.

use std::path::PathBuf;

use byline_core::ops::import::{ImportOptions, import_paths};
use byline_core::sanitize::sanitize_line;
use byline_core::store::Store;
use clap::Args;

use super::CliError;
use super::output::Out;
use super::progress;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Folders of markdown (Hugo, Zola, Jekyll, Pelican, Astro sites), markdown files of any
    /// extension, or a byline JSON export
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read everything and report what would happen; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing if any file or item cannot be imported (default: each on its own)
    #[arg(long)]
    pub all_or_nothing: bool,
}

pub fn run(args: ImportArgs, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let opts = ImportOptions { dry_run: args.dry_run, all_or_nothing: args.all_or_nothing };
    let bar = progress::Bar::for_stderr("importing");
    let ctl = bar.job_ctl();
    let result = import_paths(store, &args.paths, opts, &ctl);
    bar.finish();
    let summary = result?;
    out.say(summary.line());
    for problem in &summary.problems {
        // File names and reasons quote the files' own text: never raw to the terminal.
        out.say(format!("  {}", sanitize_line(&problem.to_string())));
    }
    out.json(&summary);
    if summary.failed > 0 {
        return Err(CliError::Partial(format!(
            "{} file(s) or item(s) could not be imported (listed {})",
            summary.failed,
            if out.json { "in the JSON on stdout" } else { "above" }
        )));
    }
    Ok(())
}
