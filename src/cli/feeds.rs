//! `byline follow` and `byline feeds ...`: following other blogs, refreshing them, and moving
//! the list in and out as OPML or newsboat's `urls`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::CliError;
use super::output::{Out, fit};
use byline_core::domain::time;
use byline_core::follow::{self, FetchOptions, Fetcher, RefreshStatus};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store, feeds};

/// How feeds are fetched (the defaults suit the internet).
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Seconds to wait for a feed, from connecting to its last byte
    #[arg(long, env = "BYLINE_FETCH_TIMEOUT", default_value_t = 20.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// The largest feed read, in bytes
    #[arg(long, env = "BYLINE_FETCH_MAX_BYTES", default_value_t = 8 * 1024 * 1024, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Feeds fetched at once (never two at once from one host)
    #[arg(long, env = "BYLINE_FETCH_THREADS", default_value_t = 8, value_name = "N")]
    pub threads: usize,
}

impl FetchArgs {
    fn fetcher(&self) -> Result<Fetcher, CliError> {
        if !(self.timeout.is_finite() && self.timeout > 0.0 && self.timeout <= 3600.0) {
            return Err(CliError::Usage("--timeout: give seconds between 0 and 3600, e.g. 20 or 0.5".into()));
        }
        if self.threads == 0 || self.threads > 64 {
            return Err(CliError::Usage("--threads: give a number from 1 to 64".into()));
        }
        Ok(Fetcher::new(FetchOptions {
            timeout: Duration::from_secs_f64(self.timeout),
            max_bytes: self.max_bytes,
            threads: self.threads,
        }))
    }
}

#[derive(Debug, Args)]
pub struct FollowArgs {
    /// A feed's address, or a page that announces its feed (`<link rel="alternate">`)
    pub url: String,
    /// A category to file it under (as an OPML folder)
    #[arg(long)]
    pub category: Option<String>,
    /// Fetch each new item's full article from its link (for feeds that carry only summaries)
    #[arg(long)]
    pub full_articles: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Subcommand)]
pub enum FeedsCmd {
    /// The followed feeds with their item and unread counts and the last error
    List,
    /// Stop following a feed (by id or address); its items are removed too
    Remove { feed: String },
    /// Fetch new items: every feed, or the one named (by id or address)
    Refresh {
        feed: Option<String>,
        #[command(flatten)]
        fetch: FetchArgs,
    },
    /// Follow the feeds of an OPML file (folders become categories) or of newsboat's `urls` file
    Import { file: PathBuf },
    /// Print the followed feeds as OPML (categories as folders)
    Export,
    /// Whether each refresh fetches the full article of a feed's new items from their links
    /// (for feeds that carry only a summary; at most 10 pages per feed and refresh)
    FullArticles {
        /// The feed, by id or address
        feed: String,
        #[arg(value_enum)]
        setting: OnOff,
    },
    /// Fetch one item's full article from its link now and keep it as the item's text
    Article {
        /// The item, by id or slug
        item: String,
        #[command(flatten)]
        fetch: FetchArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

pub fn follow(args: FollowArgs, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let fetcher = args.fetch.fetcher()?;
    let done = follow::follow(store, &args.url, args.category.as_deref(), args.full_articles, &fetcher)?;
    let f = &done.feed;
    out.json(&done);
    if done.added {
        out.say(format!(
            "following '{}' (feed {}, {}): {} item(s)",
            sanitize_line(&f.title),
            f.id,
            sanitize_line(&f.url),
            done.counts.new
        ));
    } else {
        out.say(format!("already following '{}' (feed {}, {})", sanitize_line(&f.title), f.id, sanitize_line(&f.url)));
    }
    Ok(())
}

pub fn run(cmd: FeedsCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        FeedsCmd::List => list(store, out),
        FeedsCmd::Remove { feed } => {
            let id = feeds::resolve_feed(store.conn(), &feed)?;
            let before = feeds::get_feed(store.conn(), id)?;
            let removed = store.write(|tx, _| feeds::remove_feed(tx, id))?;
            out.json(
                &serde_json::json!({ "id": id, "url": before.url, "title": before.title, "removed_items": removed }),
            );
            out.say(format!(
                "stopped following '{}' (feed {id}); removed {removed} item(s)",
                sanitize_line(&before.title)
            ));
            Ok(())
        }
        FeedsCmd::Refresh { feed, fetch } => {
            let fetcher = fetch.fetcher()?;
            let which = feed.map(|f| feeds::resolve_feed(store.conn(), &f)).transpose()?;
            let bar = super::progress::Bar::for_stderr("refreshing feeds");
            let result = follow::refresh(store, which, &fetcher, &bar.job_ctl());
            bar.finish();
            let reports = result?;
            out.json(&reports);
            if reports.is_empty() {
                out.say("no feeds followed: add one with `byline follow URL`");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = reports
                .iter()
                .map(|r| {
                    let status = match r.status {
                        RefreshStatus::Fetched => "fetched",
                        RefreshStatus::NotModified => "not modified",
                        RefreshStatus::Error => "error",
                        RefreshStatus::Waiting => "waiting",
                    };
                    vec![
                        r.id.to_string(),
                        fit(&sanitize_line(&r.title), 40),
                        status.to_string(),
                        r.counts.new.to_string(),
                        r.counts.updated.to_string(),
                        r.counts.unchanged.to_string(),
                        match (r.full_articles, r.full_article_errors) {
                            (0, 0) => String::new(),
                            (n, 0) => n.to_string(),
                            (n, e) => format!("{n} ({e} failed)"),
                        },
                        sanitize_line(r.error.as_deref().or(r.moved_to.as_deref().map(|_| "moved")).unwrap_or(""))
                            .into_owned(),
                    ]
                })
                .collect();
            out.table(&["ID", "FEED", "STATUS", "NEW", "UPDATED", "UNCHANGED", "FULL", "ERROR"], &rows);
            for r in reports.iter().filter(|r| r.moved_to.is_some()) {
                out.say(format!("feed {} moved for good to {}", r.id, sanitize_line(&r.url)));
            }
            // Like an import with files it could not read: the report is out, and the exit
            // status tells a script that not every feed was read. Waiting is what the server
            // asked for, not a failure.
            let failed = reports.iter().filter(|r| r.status == RefreshStatus::Error).count();
            if failed > 0 {
                return Err(CliError::Partial(format!(
                    "{failed} of {} feed(s) could not be refreshed (listed {})",
                    reports.len(),
                    if out.json { "in the JSON on stdout" } else { "above" }
                )));
            }
            Ok(())
        }
        FeedsCmd::Import { file } => {
            let done = follow::import_list(store, &file)?;
            out.json(&done);
            out.say(format!(
                "following {} new feed(s); {} already followed; {} skipped{}",
                done.added.len(),
                done.already,
                done.skipped.len(),
                if done.added.is_empty() { "" } else { ": `byline feeds refresh` fetches their items" }
            ));
            for line in &done.skipped {
                out.say(format!("  skipped {}", sanitize_line(line)));
            }
            Ok(())
        }
        FeedsCmd::FullArticles { feed, setting } => {
            let id = feeds::resolve_feed(store.conn(), &feed)?;
            let on = setting == OnOff::On;
            let changed = store.write(|tx, _| feeds::set_full_articles(tx, id, on))?;
            let f = feeds::get_feed(store.conn(), id)?;
            out.json(&serde_json::json!({ "id": id, "title": f.title, "full_articles": on, "changed": changed }));
            let title = sanitize_line(&f.title);
            out.say(match (on, changed) {
                (true, true) => format!("'{title}' (feed {id}): each refresh now fetches new items' full articles"),
                (false, true) => format!("'{title}' (feed {id}): refreshes keep what the feed carries"),
                (true, false) => format!("'{title}' (feed {id}) already fetches full articles"),
                (false, false) => format!("'{title}' (feed {id}) already keeps what the feed carries"),
            });
            Ok(())
        }
        FeedsCmd::Article { item, fetch } => {
            let fetcher = fetch.fetcher()?;
            let id = store::resolve_post(store.conn(), &byline_core::domain::PostRef::parse(&item))?;
            let done = follow::fetch_full_article(store, id, &fetcher)?;
            out.json(&done);
            out.say(format!(
                "post {}: kept the full article from {} ({} characters)",
                done.id,
                sanitize_line(&done.url),
                done.chars
            ));
            Ok(())
        }
        FeedsCmd::Export => {
            let list = feeds::list_feeds(store.conn())?;
            let opml = follow::lists::write_opml(&list);
            if out.json {
                out.json(&serde_json::json!({ "format": "opml", "feeds": list.len(), "opml": opml }));
            } else {
                out.raw(opml.as_bytes());
            }
            Ok(())
        }
    }
}

fn list(store: &Store, out: &mut Out) -> Result<(), CliError> {
    let list = feeds::list_feeds(store.conn())?;
    out.json(&list);
    if list.is_empty() {
        out.say("no feeds followed: add one with `byline follow URL`");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|f| {
            vec![
                f.id.to_string(),
                fit(&sanitize_line(&f.title), 32),
                fit(&sanitize_line(&f.url), 48),
                f.items.to_string(),
                f.unread.to_string(),
                f.last_fetched.map(time::local_date).unwrap_or_else(|| "never".into()),
                if f.full_articles { "yes" } else { "" }.to_string(),
                fit(&sanitize_line(f.last_error.as_deref().unwrap_or("")), 50),
            ]
        })
        .collect();
    out.table(&["ID", "TITLE", "URL", "ITEMS", "UNREAD", "FETCHED", "FULL", "LAST ERROR"], &rows);
    Ok(())
}

/// `--source own|followed|category:NAME|ID|all` for `post list`.
pub fn parse_source(store: &Store, value: &str) -> Result<store::PostSource, CliError> {
    match value.trim() {
        "own" => Ok(store::PostSource::Own),
        "all" => Ok(store::PostSource::All),
        "followed" => Ok(store::PostSource::Followed),
        other if other.starts_with("category:") => {
            let name = other["category:".len()..].trim();
            // A name no feed is filed under is a typo, not an empty list.
            if name.is_empty() || !store::category_exists(store.conn(), name)? {
                let shown = sanitize_line(name);
                return Err(CliError::Usage(format!("--source: no followed feed is in the category '{shown}'")));
            }
            Ok(store::PostSource::Category(name.to_string()))
        }
        other => {
            let id = feeds::resolve_feed(store.conn(), other).map_err(|_| {
                CliError::Usage(format!(
                    "--source: give own, followed, all, category:NAME or a followed feed's id, not '{other}'"
                ))
            })?;
            Ok(store::PostSource::Feed(id.0))
        }
    }
}
