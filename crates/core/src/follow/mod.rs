//! Following other blogs: fetching their feeds over HTTP, storing their items beside the blog's
//! own posts, and the feed lists (OPML, newsboat's `urls`) readers move between programs.

pub mod article;
pub mod discover;
pub mod fetch;
pub mod lists;
pub mod refresh;

use serde::Serialize;
use thiserror::Error;

pub use article::{FullArticle, fetch_full_article};
pub use fetch::{FetchOptions, Fetcher};
pub use refresh::{FeedReport, Followed, RefreshStatus, follow, refresh};

use crate::store::feeds::{self, FeedId};
use crate::store::{Store, StoreError};

#[derive(Debug, Error)]
pub enum FollowError {
    /// The address gives no feed byline can read; nothing was stored.
    #[error("cannot follow {url}: {reason}")]
    CannotFollow { url: String, reason: String },
    /// A feed list (OPML, newsboat `urls`) that cannot be read at all; nothing was added.
    #[error("{path}: {reason}")]
    BadList { path: String, reason: String },
    /// The full article is fetched for followed items only.
    #[error("post {0} is the blog's own, not a followed item")]
    NotAnItem(crate::domain::PostId),
    #[error("item {0} has no link to fetch its full article from")]
    NoLink(crate::domain::PostId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What importing a feed list did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListImport {
    /// The feeds newly followed.
    pub added: Vec<FeedId>,
    /// Entries already followed (left as they were).
    pub already: usize,
    /// Entries that could not be read, one line each.
    pub skipped: Vec<String>,
}

/// Follows every feed of an OPML or newsboat `urls` file (told apart by content), in one
/// transaction. Nothing is fetched: `refresh` brings their items.
pub fn import_list(store: &mut Store, path: &std::path::Path) -> Result<ListImport, FollowError> {
    let shown = path.display().to_string();
    let bad = |reason: String| FollowError::BadList { path: shown.clone(), reason };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let head = crate::transfer::import::xml_guard::strip_bom(&bytes);
    let is_xml = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let list = if is_xml {
        lists::parse_opml(&shown, &bytes).map_err(bad)?
    } else {
        let text = std::str::from_utf8(&bytes).map_err(|_| bad("not UTF-8 text".into()))?;
        lists::parse_newsboat_urls(text)
    };
    if list.feeds.is_empty() && !list.skipped.is_empty() {
        return Err(bad(format!("no feed address could be read ({})", list.skipped.join("; "))));
    }
    let mut outcome = ListImport { skipped: list.skipped.clone(), ..ListImport::default() };
    store.write(|tx, now| {
        for feed in &list.feeds {
            let (id, added) = feeds::add_feed(tx, feed, now)?;
            if added {
                outcome.added.push(id);
            } else {
                outcome.already += 1;
            }
        }
        Ok(())
    })?;
    Ok(outcome)
}
