//! The byline binary: parse the command line, read the config file, open the store, hand over to
//! the CLI or the TUI.

use std::process::ExitCode;

use byline::cli::{self, Cli, CliError, Command, DbChoice, DbCmd};
use byline_core::config::{ConfigChoice, LoadedConfig};
use byline_tui::config::TuiConfig;
use clap::Parser;

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        // Under --json a malformed command line is JSON too (still status 2); help and --version print as usual.
        Err(e) if e.use_stderr() && std::env::args_os().any(|a| a == "--json") => {
            // clap's text without its usage and tips, on one line.
            let text = e.render().to_string();
            let what = text.split("\n\n").next().unwrap_or_default().trim_start_matches("error: ");
            let message = what.split_whitespace().collect::<Vec<_>>().join(" ");
            let error = serde_json::json!({ "error": "usage", "message": message }).to_string();
            eprintln!("{}", cli::output::escape_json(&error));
            return ExitCode::from(2);
        }
        // clap's errors quote the argument that was wrong: an escape sequence in it (a screen
        // clear, an OSC 52 clipboard write) must not reach the terminal, so the message is printed
        // plain and sanitized rather than by `e.exit()`. Help and --version quote nothing.
        Err(e) if e.use_stderr() => {
            eprint!("{}", byline::sanitize::sanitize(&e.render().to_string()));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let json = args.json;
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if json => {
            eprintln!("{}", cli::output::escape_json(&e.to_json().to_string()));
            ExitCode::FAILURE
        }
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
    let loaded = LoadedConfig::load(&config)?;
    let tui_config = TuiConfig::from_loaded(&loaded)?;
    // The reader says it in its status bar; a command says it before its own output.
    if args.command.is_some() {
        for warning in loaded.exposed_secrets() {
            eprintln!("byline: warning: {}", byline::sanitize::sanitize_line(&warning));
        }
    }
    let choice = DbChoice::resolve(args.db)?;
    if let Some(Command::Db(DbCmd::Init)) = args.command {
        return cli::init(&choice, args.seed, args.json);
    }
    let mut store = cli::open_store(&choice, args.seed)?;
    match args.command {
        Some(Command::Export(cmd)) => cli::export::run(cmd, &store, &loaded.config, args.json),
        Some(Command::Serve(serve)) => cli::serve::run(serve, &store, &loaded.config),
        Some(Command::Newsletter(cmd)) => cli::newsletter::run(cmd, &mut store, &loaded.config, args.json),
        Some(command) => cli::run(command, &mut store, args.json),
        None => {
            let sender = cli::newsletter_sender::MailSender::from_config(&loaded.config);
            Ok(byline::tui::run(store, &tui_config, sender)?)
        }
    }
}
