//! `byline blog`: the blog's title and description, shown or set.

use super::CliError;
use super::args::BlogArgs;
use super::output::Out;
use byline_core::ops::state;
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, Store};

/// `byline blog`: shows the title and description, after setting either when given.
pub fn run(args: BlogArgs, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    state::set_blog(store, args.title.as_deref(), args.description.as_deref())?;
    let get = |key| store::get_setting(store.conn(), key).map(Option::unwrap_or_default);
    let (title, description) = (get("blog_title")?, get("blog_description")?);
    out.say(format!("title: {}\ndescription: {}", sanitize_line(&title), sanitize_line(&description)));
    out.json(&serde_json::json!({ "title": title, "description": description }));
    Ok(())
}
