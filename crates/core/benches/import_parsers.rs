//! Throughput of the WordPress, Ghost and feed parsers on generated exports of realistic posts (plain timing, no harness).
//!
//! Run: `cargo bench -p byline-core --bench import_parsers` (POSTS=N to change the size).

use std::time::Instant;

use byline_core::transfer::import::{feed::parse_feed, ghost::parse_ghost, wxr::parse_wxr};

/// About 5 KB of post HTML: paragraphs with links and emphasis, a list, a code block.
fn post_html(n: usize) -> String {
    let mut html = String::new();
    for p in 0..12 {
        html.push_str(&format!(
            "<p>Paragraph {p} of post {n}: the <em>slow</em> train leaves at dawn, and the \
             <a href=\"https://example.test/{n}/{p}\">timetable</a> says nothing about <strong>tides</strong>; \
             we waited on the platform, counting carriages and writing notes for later.</p>\n"
        ));
    }
    html.push_str(
        "<ul><li>one</li><li>two</li><li>three</li></ul><pre><code>let x = 1;\nprintln!(\"{x}\");</code></pre>",
    );
    html
}

fn wxr(posts: usize) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n\
         <wp:author><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_display_name><![CDATA[Ann]]></wp:author_display_name></wp:author>\n",
    );
    for n in 0..posts {
        doc.push_str(&format!(
            "<item><title><![CDATA[Post {n}]]></title><link>https://example.test/{n}/</link><dc:creator><![CDATA[ann]]></dc:creator>\
             <guid isPermaLink=\"false\">https://example.test/?p={n}</guid><content:encoded><![CDATA[{}]]></content:encoded>\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n}</wp:post_id>\
             <wp:post_date_gmt><![CDATA[2024-01-02 03:04:05]]></wp:post_date_gmt><wp:post_name><![CDATA[post-{n}]]></wp:post_name>\
             <wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>\
             <category domain=\"post_tag\" nicename=\"trains\"><![CDATA[Trains]]></category></item>\n",
            post_html(n)
        ));
    }
    doc.push_str("</channel>\n</rss>\n");
    doc
}

fn rss(posts: usize) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title>\n",
    );
    for n in 0..posts {
        doc.push_str(&format!(
            "<item><title>Post {n}</title><link>https://example.test/{n}/</link><guid>id-{n}</guid>\
             <pubDate>Tue, 02 Jan 2024 03:04:05 +0000</pubDate><category>trains</category>\
             <content:encoded><![CDATA[{}]]></content:encoded></item>\n",
            post_html(n)
        ));
    }
    doc.push_str("</channel></rss>\n");
    doc
}

fn ghost(posts: usize) -> String {
    let rows: Vec<serde_json::Value> = (0..posts)
        .map(|n| {
            serde_json::json!({"id": format!("p{n}"), "uuid": format!("u{n}"), "title": format!("Post {n}"),
                "slug": format!("post-{n}"), "html": post_html(n), "type": "post", "status": "published",
                "visibility": "public", "published_at": "2024-01-02T03:04:05.000Z"})
        })
        .collect();
    serde_json::json!({"db": [{"meta": {}, "data": {"posts": rows}}]}).to_string()
}

fn time(label: &str, bytes: &[u8], posts: usize, parse: impl Fn(&[u8]) -> usize) {
    let started = Instant::now();
    let items = parse(bytes);
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(items, posts);
    println!(
        "{label:<6} {posts} posts, {:.1} MB: {secs:.2} s, {:.0} posts/s, {:.1} MB/s",
        bytes.len() as f64 / 1e6,
        posts as f64 / secs,
        bytes.len() as f64 / 1e6 / secs
    );
}

fn main() {
    let posts: usize = std::env::var("POSTS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let count = |r: Result<byline_core::transfer::import::Parsed, _>| r.map_or(0, |p| p.items.len());
    time("wxr", wxr(posts).as_bytes(), posts, |b| count(parse_wxr("bench.xml", b)));
    time("rss", rss(posts).as_bytes(), posts, |b| count(parse_feed("bench.xml", b)));
    time("ghost", ghost(posts).as_bytes(), posts, |b| count(parse_ghost("bench.json", b)));
}
