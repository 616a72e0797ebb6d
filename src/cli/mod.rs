//! The command line: clap definitions and the handlers that turn them into store calls.

mod args;
mod blog;
pub mod config;
mod db;

mod error;
pub mod export;
mod feeds;
mod import;
pub mod newsletter;
mod newsletter_check;
pub mod newsletter_sender;
pub mod output;
mod post;
mod progress;
pub mod serve;
mod subscriber;
mod tag;

use std::path::PathBuf;

pub use args::{Cli, Command, ConfigCmd, DbCmd};
pub use db::init;
pub use error::CliError;

use byline_core::store::Store;

/// Which database a command uses, and whether it is the default one (first run seeds it).
pub struct DbChoice {
    pub path: PathBuf,
    pub is_default: bool,
}

impl DbChoice {
    /// `--db` wins over `BYLINE_DB` (clap reads both into `db`), then the platform default.
    pub fn resolve(db: Option<PathBuf>) -> Result<Self, CliError> {
        match db {
            Some(path) => Ok(DbChoice { path, is_default: false }),
            None => byline_core::config::default_db_path()
                .map(|path| DbChoice { path, is_default: true })
                .ok_or_else(|| CliError::Usage("no home directory to keep the database in: pass --db PATH".into())),
        }
    }
}

/// Opens the store; a new default database, or any empty one with `--seed`, gets the sample blog.
/// A file named by `--db` or `BYLINE_DB` must exist (`db init` makes one): a mistyped path is
/// an error, not a new empty blog.
pub fn open_store(choice: &DbChoice, seed: bool) -> Result<Store, CliError> {
    let existed = choice.path.exists();
    if !existed && !choice.is_default {
        return Err(CliError::NoDatabase(choice.path.clone()));
    }
    if existed && !choice.is_default && is_empty_file(&choice.path) {
        return Err(CliError::EmptyDbFile(choice.path.clone()));
    }
    let mut store = Store::open(&choice.path)?;
    let empty = byline_core::store::post_count(store.conn(), &Default::default(), store.now())? == 0;
    if seed && !empty {
        return Err(CliError::Usage(format!("--seed: {} already has posts", choice.path.display())));
    }
    if seed || (choice.is_default && !existed) {
        byline_core::transfer::sample::load(&mut store)?;
    }
    Ok(store)
}

/// A 0-byte file with no -wal beside it holding commits: SQLite would take it for a new, empty
/// database, but a file someone named is more likely a mistake (a truncated copy, the wrong path).
fn is_empty_file(path: &std::path::Path) -> bool {
    let len = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).ok();
    len(path) == Some(0) && len(&PathBuf::from(format!("{}-wal", path.display()))).unwrap_or(0) == 0
}

/// Runs one subcommand against the store.
pub fn run(command: Command, store: &mut Store, json: bool) -> Result<(), CliError> {
    let out = &mut output::Out::new(json);
    match command {
        Command::Post(cmd) => post::run(cmd, store, out),
        Command::Tag(cmd) => tag::run_tag(cmd, store, out),
        Command::Author(cmd) => tag::run_author(cmd, store, out),
        Command::Search(cmd) => post::search(cmd, store, out),
        Command::Subscriber(cmd) => subscriber::run(cmd, store, out),
        Command::Db(cmd) => db::run(cmd, store, out),
        Command::Blog(args) => blog::run(args, store, out),
        Command::Import(args) => import::run(args, store, out),
        Command::Follow(args) => feeds::follow(args, store, out),
        Command::Feeds(cmd) => feeds::run(cmd, store, out),
        // main.rs answers it before any store is opened (`config::run`): it needs none.
        Command::Config(_) => Err(CliError::Usage("byline config is answered without a database".into())),
        // main.rs answers it with the config file's `[site]` section (`export::run`).
        Command::Export(_) => Err(CliError::Usage("byline export needs the config: main.rs runs it".into())),
        Command::Serve(_) => Err(CliError::Usage("byline serve needs the config: main.rs runs it".into())),
        Command::Newsletter(_) => Err(CliError::Usage("byline newsletter needs the config: main.rs runs it".into())),
    }
}
