//! `sitemap.xml` (sitemaps.org 0.9) and the `robots.txt` that names it.

use super::text::{escape, rfc3339, xml_allows};

/// A sitemap of the given absolute URLs, each with its last-modified time (Unix seconds, written
/// as a W3C datetime), in the order given.
pub fn sitemap(urls: &[(String, i64)]) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    for (url, lastmod) in urls {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n    <lastmod>{}</lastmod>\n  </url>\n",
            escape(url),
            rfc3339(*lastmod)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled, and the sitemap is at `<base_url>/sitemap.xml`.
/// A `Sitemap:` line must hold an absolute URL (crawlers, and Lighthouse, reject `/sitemap.xml`),
/// so a site exported without one (`byline serve`'s `/`) names no sitemap.
pub fn robots_txt(base_url: &str) -> String {
    // A line break in the configured URL would start a directive of its own.
    let base: String = base_url.trim().trim_end_matches('/').chars().filter(|&c| xml_allows(c) && c >= ' ').collect();
    let absolute = ["https://", "http://"]
        .iter()
        .any(|scheme| base.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)));
    if absolute {
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n")
    } else {
        "User-agent: *\nAllow: /\n".to_string()
    }
}
