//! `byline tag ...` and `byline author ...`.

use super::CliError;
use super::args::{AuthorCmd, TagCmd};
use super::output::Out;
use byline_core::domain::TagName;
use byline_core::ops::{self, OpsError};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store, StoreError};

pub fn run_tag(cmd: TagCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        TagCmd::List => {
            let tags = store::list_tags(store.conn())?;
            out.json(&tags);
            if tags.is_empty() {
                out.say("no tags");
            } else {
                let rows: Vec<Vec<String>> = tags
                    .iter()
                    .map(|t| vec![sanitize_line(&t.name).into_owned(), t.slug.clone(), t.posts.to_string()])
                    .collect();
                out.table(&["TAG", "SLUG", "POSTS"], &rows);
            }
        }
        TagCmd::Rename { old, new } => {
            let new = TagName::parse(&new)?;
            ops::tags::rename_tag(store, &old, &new)?;
            out.say(format!("renamed '{}' to '{}'", sanitize_line(&old), sanitize_line(new.as_str())));
            out.json(&serde_json::json!({ "renamed": old, "to": new.as_str() }));
        }
        TagCmd::Merge { from, into } => {
            let posts = ops::tags::merge_tags(store, &from, &into)?;
            out.say(format!("merged '{}' into '{}' ({posts} posts)", sanitize_line(&from), sanitize_line(&into)));
            out.json(&serde_json::json!({ "merged": from, "into": into, "posts": posts }));
        }
        TagCmd::Delete { tag, force } => {
            let posts = ops::tags::delete_tag(store, &tag, force).map_err(|e| match e {
                OpsError::Store(e @ StoreError::TagFollowed { .. }) => {
                    CliError::Usage(format!("{e}: pass --force to delete anyway"))
                }
                other => other.into(),
            })?;
            out.say(format!("deleted '{}' from {posts} post(s)", sanitize_line(&tag)));
            out.json(&serde_json::json!({ "deleted": tag, "posts": posts }));
        }
    }
    Ok(())
}

pub fn run_author(cmd: AuthorCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        AuthorCmd::List => {
            let authors = store::list_authors(store.conn())?;
            out.json(&authors);
            if authors.is_empty() {
                out.say("no authors");
            } else {
                let rows: Vec<Vec<String>> =
                    authors.iter().map(|a| vec![sanitize_line(&a.name).into_owned(), a.posts.to_string()]).collect();
                out.table(&["AUTHOR", "POSTS"], &rows);
            }
        }
    }
    Ok(())
}
