//! byline's blog on the web: the published posts of the store as a static site (pages, feeds,
//! sitemap) that any web server or CDN can serve. No terminal and no store writes here.

pub mod feeds;
pub mod pages;
