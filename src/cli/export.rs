//! `byline export site`: the blog as a static website in a folder, with a progress bar.

use std::path::PathBuf;

use byline_core::config::Config;
use byline_core::store::Store;
use byline_site::{SiteError, SiteOptions};
use clap::{Args, Subcommand};

use super::CliError;
use super::output::Out;
use super::progress;

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Write the published posts as a static website (pages, tags, authors, archive) into DIR
    Site(SiteArgs),
    /// Write the whole blog (posts with every field, tags, subscribers, settings) as byline's
    /// JSON, to FILE or standard output; `byline import FILE` reads it back
    Json {
        /// A new file is readable only by you: it holds the subscribers' addresses
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write (default: `output_dir` of the config's [site] section)
    pub dir: Option<PathBuf>,
    /// The address the site is served from, e.g. https://example.org/blog/ (default: the
    /// config's `base_url`, else `/`)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The blog's title on the site (default: the blog's title)
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Also write .gz and .br files beside the pages, for nginx's gzip_static (default: the
    /// config's `precompress`)
    #[arg(long)]
    pub precompress: bool,
}

/// Runs `byline export ...`: flags win over the config, which wins over the built-in defaults.
pub fn run(cmd: ExportCmd, store: &Store, config: &Config, json: bool) -> Result<(), CliError> {
    let args = match cmd {
        ExportCmd::Site(args) => args,
        ExportCmd::Json { file } => return export_json(store, file, json),
    };
    let dir = args.dir.or_else(|| config.site.output_dir.clone()).ok_or_else(|| {
        CliError::Usage("export site: name the folder (byline export site DIR) or set output_dir in [site]".into())
    })?;
    let mut opts = site_options(store, config, dir, args.base_url, args.title);
    opts.precompress |= args.precompress;
    let bar = progress::Bar::for_stderr("exporting");
    let ctl = bar.job_ctl();
    let result = byline_site::export(store, &opts, &ctl);
    bar.finish();
    let report = result.map_err(site_error)?;
    let mut out = Out::new(json);
    out.say(said(&report));
    out.json(&report);
    Ok(())
}

/// The export's options: flags first, then the config's `[site]`, then the defaults; the
/// database's own title and description win over the config's `[blog]`.
pub fn site_options(
    store: &Store,
    config: &Config,
    dir: PathBuf,
    base_url: Option<String>,
    title: Option<String>,
) -> SiteOptions {
    let site = &config.site;
    SiteOptions {
        dir,
        base_url: base_url.or_else(|| site.base_url.clone()).unwrap_or_else(|| "/".into()),
        title: title.or_else(|| config.blog.title.clone().filter(|_| blog_title_unset(store))),
        description: config.blog.description.clone().filter(|_| blog_description_unset(store)),
        signup_url: site.signup_url.clone(),
        theme_dir: site.theme_dir.clone(),
        precompress: site.precompress,
    }
}

/// What an export did, in a sentence.
pub fn said(report: &byline_site::ExportReport) -> String {
    format!(
        "exported {} post(s) to {}: {} file(s) written, {} unchanged, {} removed",
        report.posts,
        report.dir.display(),
        report.written,
        report.unchanged,
        report.removed
    )
}

pub fn site_error(e: SiteError) -> CliError {
    match e {
        SiteError::Store(e) => CliError::Store(e),
        SiteError::Io { path, source } => CliError::file(path.display(), source),
        SiteError::Cancelled => CliError::Ops(byline_core::ops::OpsError::Cancelled),
        other => CliError::Usage(other.to_string()),
    }
}

/// The database's own title wins over the config's (as in the reader); only an unset one is filled.
fn blog_title_unset(store: &Store) -> bool {
    setting_unset(store, "blog_title")
}

fn blog_description_unset(store: &Store) -> bool {
    setting_unset(store, "blog_description")
}

fn setting_unset(store: &Store, key: &str) -> bool {
    byline_core::store::get_setting(store.conn(), key).ok().flatten().is_none_or(|v| v.trim().is_empty())
}

/// `byline export json [FILE]`: the document to the file, or as it is to standard output.
fn export_json(store: &Store, file: Option<PathBuf>, json: bool) -> Result<(), CliError> {
    let bytes = byline_core::ops::import::export_json(store)?;
    let mut out = Out::new(json);
    let Some(path) = file else {
        out.raw(&bytes);
        return Ok(());
    };
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut f =
            if path.exists() { std::fs::File::create(&path)? } else { byline_core::store::create_private_file(&path)? };
        f.write_all(&bytes)
    };
    write().map_err(|e| CliError::file(path.display(), e))?;
    out.say(format!("wrote {} ({} bytes)", path.display(), bytes.len()));
    out.json(&serde_json::json!({ "file": path, "bytes": bytes.len() }));
    Ok(())
}
