//! `sitemap.xml` (sitemaps.org 0.9), split under a sitemap index past the protocol's 50,000
//! URLs a file, and the `robots.txt` that names it.

use super::text::{escape, rfc3339, xml_allows};

/// The most URLs one sitemap file may hold (sitemaps.org; search engines ignore longer ones).
pub const SITEMAP_MAX: usize = 50_000;

/// The sitemap files of a site, by file name: `sitemap.xml` alone when `urls` fit in `max`,
/// else `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`... (under `base_url`),
/// each listing at most `max` and dated by its newest page.
pub fn sitemaps(base_url: &str, urls: &[(String, i64)], max: usize) -> Vec<(String, String)> {
    sitemaps_of(base_url, urls.len(), |i| (urls[i].0.clone(), urls[i].1), max)
}

/// `sitemaps` of `len` URLs made one at a time by `url_at` (each once a file, in order), so a
/// large site's URLs need not all be held at once.
pub fn sitemaps_of(
    base_url: &str,
    len: usize,
    url_at: impl Fn(usize) -> (String, i64),
    max: usize,
) -> Vec<(String, String)> {
    let max = max.max(1);
    if len <= max {
        return vec![("sitemap.xml".to_string(), sitemap_of((0..len).map(&url_at)))];
    }
    let mut index = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    let mut files = Vec::new();
    for (n, start) in (0..len).step_by(max).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let part = start..(start + max).min(len);
        let newest = part.clone().map(|i| url_at(i).1).max().unwrap_or(0);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n    <lastmod>{}</lastmod>\n  </sitemap>\n",
            escape(&format!("{base_url}{name}")),
            rfc3339(newest)
        ));
        files.push((name, sitemap_of(part.map(&url_at))));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// A sitemap of the given absolute URLs, each with its last-modified time (Unix seconds, written
/// as a W3C datetime), in the order given.
pub fn sitemap(urls: &[(String, i64)]) -> String {
    sitemap_of(urls.iter().map(|(url, at)| (url.clone(), *at)))
}

fn sitemap_of(urls: impl Iterator<Item = (String, i64)>) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    ));
    for (url, lastmod) in urls {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n    <lastmod>{}</lastmod>\n  </url>\n",
            escape(&url),
            rfc3339(lastmod)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_parts_holding_every_url_once() {
        let urls: Vec<(String, i64)> =
            (0..5).map(|i| (format!("https://b.example/p{i}/"), 1_700_000_000 + i)).collect();
        let one = sitemaps("https://b.example/", &urls, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0], ("sitemap.xml".to_string(), sitemap(&urls)));

        let files = sitemaps("https://b.example/", &urls, 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        for name in &names[1..] {
            assert!(index.contains(&format!("<loc>https://b.example/{name}</loc>")), "{index}");
        }
        // Each URL in exactly one part, in order; the last part dated by its newest page.
        let listed: Vec<&str> = files[1..]
            .iter()
            .flat_map(|(_, xml)| xml.split("<loc>").skip(1).map(|l| &l[..l.find('<').unwrap()]))
            .collect();
        let want: Vec<&str> = urls.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(listed, want);
        assert!(index.contains(&format!("<lastmod>{}</lastmod>", rfc3339(1_700_000_004))), "{index}");
    }
}
