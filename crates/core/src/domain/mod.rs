//! Plain types of the blog (posts, tags, authors, subscribers) and their validation: no IO, no UI.

mod error;
mod ids;
mod post;
mod subscriber;
mod tag;
pub mod time;

pub use error::ValidationError;
pub use ids::{AuthorId, PostId, SubscriberId, TagId};
pub use post::{NewPost, Post, PostRef, PostStatus, PostSummary, Slug, Title};
pub use subscriber::{Email, MAX_NAME_CHARS, Subscriber, SubscriberStatus};
pub use tag::{TagCount, TagName};
