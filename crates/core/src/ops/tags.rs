//! Tags: rename, merge, delete (a tag subscribers follow only with `force`).

use super::Result;
use crate::domain::TagName;
use crate::store::{self, Store};

/// Renames a tag on every post and subscriber.
pub fn rename_tag(store: &mut Store, old: &str, new: &TagName) -> Result<()> {
    Ok(store.write(|tx, _| store::rename_tag(tx, old, new))?)
}

/// Moves every post and follower of `from` to `into`; returns how many posts carried `from`.
pub fn merge_tags(store: &mut Store, from: &str, into: &str) -> Result<usize> {
    Ok(store.write(|tx, _| store::merge_tags(tx, from, into))?)
}

/// Deletes a tag from every post; returns how many posts carried it. A tag subscribers follow
/// is refused (`StoreError::TagFollowed`) unless `force`: they would start receiving every post.
pub fn delete_tag(store: &mut Store, name: &str, force: bool) -> Result<usize> {
    Ok(store.write(|tx, _| store::delete_tag(tx, name, force))?)
}
