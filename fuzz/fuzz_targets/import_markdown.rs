//! Any bytes as one markdown file of a site being imported: front matter in YAML, TOML or JSON,
//! dates, slugs and the body. Never a panic, and the slug the import stores (as the import makes
//! it from the front matter's) is always one safe path segment, since the site writes it as a folder.
#![no_main]

use std::path::Path;

use byline_core::domain::Slug;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(item) = byline_core::transfer::import::markdown::parse_file(Path::new("post.md"), "post.md", bytes) else {
        return;
    };
    let given = item.slug.as_deref().unwrap_or(&item.title);
    let slug = Slug::parse(given).unwrap_or_else(|_| Slug::from_title(given));
    let slug = slug.as_str();
    assert!(!slug.is_empty() && slug != "." && slug != "..", "slug {slug:?}");
    assert!(!slug.chars().any(|c| c == '/' || c == '\\' || c.is_control()), "slug {slug:?}");
});
