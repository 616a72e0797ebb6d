//! The sample blog loaded on first run: posts and subscribers written for byline, embedded at build time.

use crate::domain::{NewPost, PostStatus, Slug, TagName, Title, time::parse_user_datetime};
use crate::store::{self, Store, StoreError};

use super::frontmatter;

include!(concat!(env!("OUT_DIR"), "/sample_posts.rs"));

/// The sample blog's name, shown in the reader's header.
pub const SAMPLE_TITLE: &str = "Behind the Page";

const SAMPLE_SUBSCRIBERS: &str = include_str!("../../../../data/subscribers.csv");

/// How far ahead a sample post marked `status = "scheduled"` is scheduled, from loading time, so
/// the sample blog always has one scheduled post whatever the date.
const SCHEDULE_AHEAD: i64 = 30 * 86_400;

/// Turns a post file into a `NewPost`: `status = "draft"` stays a draft, `status = "scheduled"`
/// is scheduled a month after `now`, otherwise it is published at its `date`.
pub fn post_from_file(text: &str, now: i64) -> Result<NewPost, String> {
    let (front, body) = frontmatter::parse(text).map_err(|e| e.to_string())?;
    let title = Title::parse(&front.title).map_err(|e| e.to_string())?;
    let slug = front.slug.as_deref().map(Slug::parse).transpose().map_err(|e| e.to_string())?;
    let tags = TagName::parse_all(&front.tags).map_err(|e| e.to_string())?;
    let date = front.date.map(|d| parse_user_datetime(&d.to_string())).transpose().map_err(|e| e.to_string())?;
    let status = front.status.as_deref().map(PostStatus::parse).transpose().map_err(|e| e.to_string())?;
    let date = date.map(|d| d.as_second());
    Ok(NewPost {
        title,
        slug,
        author: front.author,
        tags,
        summary: front.summary.unwrap_or_default(),
        body,
        publish_at: match status {
            Some(PostStatus::Draft) => None,
            Some(PostStatus::Scheduled) => Some(now + SCHEDULE_AHEAD),
            _ => date,
        },
        created_at: date,
    })
}

/// Loads the sample blog into `store` in one transaction. Returns (posts, subscribers) added.
pub fn load(store: &mut Store) -> Result<(usize, usize), StoreError> {
    let posts: Vec<NewPost> = SAMPLE_POSTS
        .iter()
        .map(|text| {
            post_from_file(text, store.now()).map_err(|e| StoreError::SampleBroken(format!("sample post: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let (rows, bad) = super::subscribers_csv::parse(SAMPLE_SUBSCRIBERS.as_bytes())
        .map_err(|e| StoreError::SampleBroken(format!("sample subscribers: {e}")))?;
    if let Some((line, why)) = bad.first() {
        return Err(StoreError::SampleBroken(format!("sample subscribers line {line}: {why}")));
    }
    store.write(|tx, now| {
        // Two first runs at once both see a new file; the one that gets the lock second finds it loaded.
        if store::post_count(tx, &Default::default(), now)? > 0 {
            return Ok((0, 0));
        }
        for post in &posts {
            store::add_post(tx, post, now)?;
        }
        let outcome = store::import_subscribers(tx, &rows, now)?;
        store::set_setting(tx, "blog_title", SAMPLE_TITLE)?;
        Ok((posts.len(), outcome.added))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_post_parses() {
        assert!((8..=12).contains(&SAMPLE_POSTS.len()), "{} sample posts", SAMPLE_POSTS.len());
        for text in SAMPLE_POSTS {
            let post = post_from_file(text, 0).unwrap_or_else(|e| panic!("{e}\n{}", &text[..80.min(text.len())]));
            assert!(!post.summary.is_empty() && post.author.is_some() && !post.tags.is_empty());
        }
    }
}
