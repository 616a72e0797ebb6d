//! byline's blog on the web: the published posts of the store as a static site (pages, feeds,
//! sitemap) that any web server or CDN can serve. No terminal and no store writes here.

mod error;
mod export;
pub mod feeds;
pub mod markdown;
pub mod pages;
mod theme;
mod write;

pub use error::{Result, SiteError};
pub use export::{ExportReport, FEED_LEN, PER_PAGE, SiteOptions, export};
pub use theme::Theme;
pub use write::{SiteWriter, safe_component};
