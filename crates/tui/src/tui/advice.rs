//! Errors worded for the TUI: the store's messages advise command-line flags and subcommands
//! (`--slug`, `byline tag list`), which mean nothing inside the reader; here they name the
//! field or the key to use instead.

use byline_core::ops::OpsError;
use byline_core::store::StoreError;

use crate::app::keymap::{TableId, key_for};
use crate::app::{Action, View};

/// The error as the TUI says it.
pub fn message(e: &OpsError) -> String {
    let view = |v: View| key_for(TableId::Reader, &Action::ShowView(v));
    match e.store_error() {
        Some(StoreError::SlugTaken(slug)) => {
            format!("the slug '{slug}' is already used by another post: change the Slug field")
        }
        Some(StoreError::PostNotFound(post)) => format!("no post '{post}': it may have been deleted"),
        Some(StoreError::TagNotFound(tag)) => {
            format!("no tag '{tag}': the tags view ({}) lists them", view(View::Tags))
        }
        Some(StoreError::AuthorNotFound(who)) => {
            format!(
                "no author '{who}': the author picker ({}) lists them",
                key_for(TableId::Reader, &Action::PickAuthor)
            )
        }
        Some(StoreError::NotInTrash(post)) => format!("no post '{post}' in the trash"),
        Some(StoreError::SubscriberNotFound(who)) => {
            format!("no subscriber '{who}': the subscribers view ({}) lists them", view(View::Subscribers))
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_tui_keys_not_flags() {
        let taken = OpsError::Store(StoreError::SlugTaken("hello".into()));
        assert_eq!(message(&taken), "the slug 'hello' is already used by another post: change the Slug field");
        let tag = OpsError::Store(StoreError::TagNotFound("rust".into()));
        assert_eq!(message(&tag), "no tag 'rust': the tags view (2) lists them");
        for e in [taken, tag] {
            assert!(!message(&e).contains("--") && !message(&e).contains("byline "));
        }
    }
}
