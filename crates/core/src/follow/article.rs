//! The full article of a followed item whose feed carries only a summary: its link fetched with
//! the feed fetcher's limits, reduced to the readable text (dom_smoothie, after readability.js)
//! and kept as the item's markdown body.

use serde::Serialize;

use super::FollowError;
use super::discover::looks_like_html;
use super::fetch::Fetcher;
use crate::domain::PostId;
use crate::store::import::{self as rows, PostRow};
use crate::store::{Store, feeds};

/// What fetching an item's full article did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FullArticle {
    pub id: PostId,
    pub url: String,
    /// The readable text's length in characters (markdown).
    pub chars: usize,
}

/// The key in an item's `source_meta` saying its body is the full article: a refresh then keeps
/// it instead of putting the feed's summary back.
pub const FULL_KEY: &str = "full_article";

/// Fetches item `id`'s link, reduces the page to its readable text and stores it as the body,
/// in one transaction. Own posts and items without a link are refused; nothing changes on error.
pub fn fetch_full_article(store: &mut Store, id: PostId, fetcher: &Fetcher) -> Result<FullArticle, FollowError> {
    let refused = |url: &str, reason: String| FollowError::CannotFollow { url: url.to_string(), reason };
    if feeds::feed_of_post(store.conn(), id)?.is_none() {
        return Err(FollowError::NotAnItem(id));
    }
    let row = rows::read_row(store.conn(), id)?;
    let link = link_of(&row).ok_or(FollowError::NoLink(id))?;
    let markdown = readable_text(fetcher, &link).map_err(|reason| refused(&link, reason))?;
    let chars = markdown.chars().count();
    let meta = with_full_flag(row.source_meta.as_deref(), &link);
    store.write(|tx, _now| {
        // Read again inside the transaction: a refresh may have changed the row meanwhile.
        let old = rows::read_row(tx, id)?;
        let new = PostRow { body: markdown.clone(), source_meta: Some(meta.clone()), ..old };
        rows::replace_row(tx, id, &new)
    })?;
    Ok(FullArticle { id, url: link, chars })
}

/// The page at `link` reduced to its readable text, as markdown; Err says why there is none.
pub fn readable_text(fetcher: &Fetcher, link: &str) -> Result<String, String> {
    let page = fetcher.fetch(link, None, None).map_err(|e| e.message)?;
    let body = page.body.unwrap_or_default();
    if !looks_like_html(page.content_type.as_deref(), &body) {
        return Err("not a web page".into());
    }
    let html = String::from_utf8_lossy(&body).into_owned();
    let base = Some(page.final_url.as_str()).filter(|u| url::Url::parse(u).is_ok());
    let article = dom_smoothie::Readability::new(html, base, None)
        .and_then(|mut r| r.parse())
        .map_err(|e| format!("no readable text found ({e})"))?;
    let markdown = crate::transfer::import::html::html_to_markdown(&article.content);
    if markdown.trim().is_empty() {
        return Err("no readable text found".into());
    }
    Ok(markdown)
}

/// The item's link, as the refresh stored it.
fn link_of(row: &PostRow) -> Option<String> {
    let meta: serde_json::Value = serde_json::from_str(row.source_meta.as_deref()?).ok()?;
    meta.get("link")?.as_str().map(String::from)
}

fn with_full_flag(meta: Option<&str>, link: &str) -> String {
    let mut value: serde_json::Value =
        meta.and_then(|m| serde_json::from_str(m).ok()).unwrap_or_else(|| serde_json::json!({ "link": link }));
    if let Some(map) = value.as_object_mut() {
        map.insert(FULL_KEY.into(), serde_json::Value::Bool(true));
    }
    value.to_string()
}

/// Whether an item's stored `source_meta` says its body is a fetched full article.
pub fn has_full_article(meta: Option<&str>) -> bool {
    meta.and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
        .and_then(|v| v.get(FULL_KEY).and_then(serde_json::Value::as_bool))
        .unwrap_or(false)
}
