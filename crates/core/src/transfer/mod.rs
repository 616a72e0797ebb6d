//! Moving content in and out: markdown with front matter, imports from other engines, subscriber CSV, and the sample blog.

pub mod byline_json;
pub mod frontmatter;
pub mod import;
pub mod sample;
pub mod subscribers_csv;
