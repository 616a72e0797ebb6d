//! The byline binary: parse the command line, read the config file, open the store, hand over to
//! the CLI or the TUI.

use std::process::ExitCode;

use byline::cli::{self, Cli, CliError, Command, DbChoice};
use byline_core::config::{ConfigChoice, LoadedConfig};
use byline_tui::config::TuiConfig;
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
    let config = ConfigChoice::resolve(args.config);
    if let Some(Command::Config(cmd)) = args.command {
        return cli::config::run(cmd, &config, args.json);
    }
    // Every command reads the file, so a broken one is reported at once, never ignored.
    let tui_config = TuiConfig::from_loaded(&LoadedConfig::load(&config)?)?;
    let choice = DbChoice::resolve(args.db)?;
    let mut store = cli::open_store(&choice, args.seed)?;
    match args.command {
        Some(command) => cli::run(command, &mut store, args.json),
        None => Ok(byline::tui::run(store, &tui_config)?),
    }
}
