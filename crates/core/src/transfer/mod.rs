//! Moving content in and out: markdown with front matter, subscriber CSV, and the sample blog.

pub mod frontmatter;
pub mod sample;
pub mod subscribers_csv;
