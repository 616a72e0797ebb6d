//! `byline blog`: the blog's title and description, shown or set.

use super::CliError;
use super::args::BlogArgs;
use super::output::Out;
use byline_core::ops::state;
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store};

/// `byline blog`: shows the title and description, after setting either when given.
pub fn run(args: BlogArgs, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    if let Some(title) = &args.title {
        state::set_blog_title(store, title)?;
    }
    if let Some(description) = &args.description {
        state::set_setting(store, "blog_description", description.trim())?;
    }
    let get = |key| store::get_setting(store.conn(), key).map(Option::unwrap_or_default);
    let (title, description) = (get("blog_title")?, get("blog_description")?);
    out.say(format!("title: {}\ndescription: {}", sanitize_line(&title), sanitize_line(&description)));
    out.json(&serde_json::json!({ "title": title, "description": description }));
    Ok(())
}
