//! The byline binary: parse the command line, open the store, hand over to the CLI or the TUI.

use std::process::ExitCode;

use byline::cli::{self, Cli, CliError, DbChoice};
use clap::Parser;

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("byline: {}", byline::sanitize::sanitize_line(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn run(args: Cli) -> Result<(), CliError> {
    let choice = DbChoice::resolve(args.db)?;
    let mut store = cli::open_store(&choice, args.seed)?;
    match args.command {
        Some(command) => cli::run(command, &mut store, args.json),
        None => Ok(byline::tui::run(store)?),
    }
}
