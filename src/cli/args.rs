//! clap definitions for every subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// byline: read and run a blog from the terminal. With no command, opens the reader.
#[derive(Debug, Parser)]
#[command(name = "byline", version, about, max_term_width = 100)]
pub struct Cli {
    /// The database file (default: the platform data directory, e.g. ~/.local/share/byline/byline.db)
    #[arg(long, global = true, env = "BYLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The config file (default: the platform config directory, e.g. ~/.config/byline/config.toml)
    #[arg(long, global = true, env = "BYLINE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Load the sample blog into an empty database
    #[arg(long, global = true)]
    pub seed: bool,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write, list, show, edit, publish, tag and delete posts
    #[command(subcommand)]
    Post(PostCmd),
    /// List, rename and delete tags
    #[command(subcommand)]
    Tag(TagCmd),
    /// List authors
    #[command(subcommand)]
    Author(AuthorCmd),
    /// Full-text search over titles, summaries, bodies, authors and tags
    Search(SearchArgs),
    /// Manage the email subscribers
    #[command(subcommand)]
    Subscriber(SubscriberCmd),
    /// The database file: where it is, check it, back it up
    #[command(subcommand)]
    Db(DbCmd),
    /// The blog's title and description: show them, or set either
    Blog(BlogArgs),
    /// The config file: where it is, and the values in force
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Bring posts in from markdown sites (Hugo, Zola, Jekyll, Pelican, Astro) and byline's JSON;
    /// importing the same source again updates what changed and adds no duplicates
    Import(super::import::ImportArgs),
    /// Publish the blog elsewhere: `export site` writes the static website, `export json` everything
    #[command(subcommand)]
    Export(super::export::ExportCmd),
    /// Export the site into a folder and serve it (for a look before publishing), exporting
    /// again whenever the blog changes
    Serve(super::serve::ServeArgs),
    /// Email a published post to its subscribers, see how sends went, check the setup
    #[command(subcommand)]
    Newsletter(super::newsletter::NewsletterCmd),
    /// Follow another blog: its feed's items appear beside the blog's own posts (read-only)
    Follow(super::feeds::FollowArgs),
    /// The followed feeds: list, refresh, remove, and OPML or newsboat `urls` in and out
    #[command(subcommand)]
    Feeds(super::feeds::FeedsCmd),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print the config file's path, and whether it exists
    Path,
    /// Print the values in force (the file's over the defaults) as TOML
    Show,
}

#[derive(Debug, Args)]
pub struct BlogArgs {
    /// A new title (shown in the reader's header)
    #[arg(long)]
    pub title: Option<String>,
    /// A new description
    #[arg(long)]
    pub description: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PostCmd {
    /// Add a post (a draft unless --publish)
    Add(PostAdd),
    /// List posts, newest first
    List(PostList),
    /// Show one post with its similar posts
    Show { post: String },
    /// Edit fields, or with no field flags open $EDITOR on the post
    Edit(PostEdit),
    /// Publish a draft or a scheduled post; a published post stays as it is. A post published
    /// before gets its first date back unless --now or --at says otherwise
    Publish {
        post: String,
        /// When: "now", 2026-12-01, "2026-12-01 09:30" (local time), RFC 3339, or with a zone
        /// ("2026-12-01T09:30[Europe/Paris]"); a future time schedules
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// Date it today, even if it was published before (same as --at now)
        #[arg(long, conflicts_with = "at")]
        now: bool,
    },
    /// Turn a post back into a draft
    Unpublish { post: String },
    /// Move a post to the trash (restorable for 30 days)
    Delete { post: String },
    /// Bring back a deleted post: the most recent, or the one named by its old id or slug
    Restore { post: Option<String> },
    /// List the posts in the trash
    Trash,
    /// Mark a post read, as opening it in the reader does
    Read { post: String },
    /// Mark a post unread again
    Unread { post: String },
    /// Add tags to a post (new tags are created)
    Tag {
        post: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from a post
    Untag {
        post: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct PostAdd {
    #[arg(long)]
    pub title: String,
    /// URL name (default: derived from the title)
    #[arg(long)]
    pub slug: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// A tag (repeat for more)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A one- or two-sentence excerpt for lists
    #[arg(long)]
    pub summary: Option<String>,
    /// The markdown body from a file, or - for standard input
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Publish now (or at --at)
    #[arg(long)]
    pub publish: bool,
    /// With --publish: when (2026-12-01, "2026-12-01 09:30" in the local zone, RFC 3339, or with a
    /// zone: "2026-12-01T09:30[Europe/Paris]")
    #[arg(long, requires = "publish", value_name = "DATETIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct PostList {
    #[arg(long)]
    pub tag: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// draft, scheduled or published
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub limit: Option<usize>,
    /// Whose posts: own (the blog's), followed (every followed feed's), category:NAME (the feeds
    /// filed under it), a followed feed's id, or all
    #[arg(long, default_value = "all", value_name = "own|followed|category:NAME|ID|all")]
    pub source: String,
}

#[derive(Debug, Args)]
pub struct PostEdit {
    pub post: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub slug: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TagCmd {
    /// Tags with their post counts
    List,
    /// Rename a tag on every post
    Rename { old: String, new: String },
    /// Merge a tag into another: its posts and its followers move to INTO, and it is gone
    Merge { from: String, into: String },
    /// Delete a tag from every post
    Delete {
        tag: String,
        /// Delete even if subscribers follow it
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuthorCmd {
    /// Authors with their post counts
    List,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (at most 8); all must match. The last word, and any ending in *, matches
    /// as a prefix (as in the TUI); a trailing space ("word ") makes the last one whole.
    #[arg(required = true)]
    pub query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Hits to skip: page through all of them with --offset 20, 40, ...
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

#[derive(Debug, Subcommand)]
pub enum SubscriberCmd {
    /// Add a subscriber (active unless --status pending)
    Add {
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// A tag to follow (repeat for more; none = every post)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// pending, active or unsubscribed
        #[arg(long, default_value = "active")]
        status: String,
    },
    /// Subscribers, newest first
    List {
        #[arg(long)]
        status: Option<String>,
    },
    /// Change a subscriber's name, followed tags or status, or correct the address; the rest
    /// (and its history) is kept
    #[command(group(clap::ArgGroup::new("change").required(true).multiple(true)
        .args(["new_email", "name", "tags", "all_posts", "status"])))]
    Edit {
        email: String,
        /// The corrected address (checked; refused if another subscriber has it)
        #[arg(long = "email", value_name = "NEW")]
        new_email: Option<String>,
        /// A new name ("" clears it)
        #[arg(long)]
        name: Option<String>,
        /// Follow these tags instead (repeat for more)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Follow every post again (clears the followed tags)
        #[arg(long, conflicts_with = "tags")]
        all_posts: bool,
        /// pending, active or unsubscribed (an unsubscribed address is not re-activated)
        #[arg(long)]
        status: Option<String>,
    },
    /// Delete a subscriber entirely
    Remove { email: String },
    /// Activate a pending subscriber
    Confirm { email: String },
    /// Mark a subscriber as unsubscribed
    Unsubscribe { email: String },
    /// Import a CSV (email,name,status,tags); bad rows are skipped and reported
    Import {
        file: PathBuf,
        /// Import nothing if any row is bad
        #[arg(long)]
        strict: bool,
    },
    /// Export all subscribers as CSV, to FILE or standard output
    Export { file: Option<PathBuf> },
}

#[derive(Debug, Subcommand)]
pub enum DbCmd {
    /// Create a new database: empty, or the sample blog with --seed. Never overwrites a file
    Init,
    /// Print the database path
    Path,
    /// Check the file's integrity and the search index
    Check,
    /// Copy the database to FILE (safe while byline runs)
    Backup { file: PathBuf },
}
