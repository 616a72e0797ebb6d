//! Writes a byline database's published posts as one RSS 2.0 file, newest first, for feed readers
//! (newsboat) to load in comparisons: `cargo run --release --example export_rss -- DB OUT.rss`.
//! It reads through byline's store API (keyset pages of the list), so it cannot drift from the
//! schema. The website export (`byline export site`) will write the real feeds.
// Example code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufWriter, Write};

use byline::domain::{PostStatus, time};
use byline::store::{self, ListFilter, Store};

/// Escapes text for XML character data and attribute values.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, out] = args.as_slice() else {
        eprintln!("usage: export_rss DB OUT.rss");
        std::process::exit(2);
    };
    let store = Store::open(std::path::Path::new(db)).unwrap_or_else(|e| panic!("{e}"));
    let (conn, now) = (store.conn(), store.now());
    let mut f = BufWriter::new(std::fs::File::create(out).expect("create the output file"));
    let link = "https://example.org/";
    writeln!(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>").unwrap();
    writeln!(f, "<title>byline bench</title>\n<link>{link}</link>\n<description>byline bench</description>").unwrap();
    let mut filter = ListFilter { status: Some(PostStatus::Published), limit: Some(1000), ..ListFilter::default() };
    let mut n = 0;
    loop {
        let page = store::list_posts(conn, &filter, now).unwrap_or_else(|e| panic!("{e}"));
        let Some(last) = page.last() else { break };
        filter.older_than = Some((last.shown_at(), last.id));
        for p in &page {
            let body = store::get_post(conn, p.id, now).unwrap_or_else(|e| panic!("{e}")).body;
            let url = format!("{link}posts/{}/", p.slug);
            // The body as preformatted text: a reader shows the markdown as written.
            let content = format!("<p>{}</p><pre>{}</pre>", xml(&p.summary), xml(&body));
            writeln!(f, "<item>\n<title>{}</title>\n<link>{}</link>", xml(&p.title), xml(&url)).unwrap();
            writeln!(f, "<guid isPermaLink=\"true\">{}</guid>", xml(&url)).unwrap();
            let date = time::from_secs(p.shown_at()).strftime("%a, %d %b %Y %H:%M:%S +0000");
            writeln!(f, "<pubDate>{date}</pubDate>").unwrap();
            if let Some(author) = &p.author {
                writeln!(f, "<author>{}</author>", xml(author)).unwrap();
            }
            for tag in &p.tags {
                writeln!(f, "<category>{}</category>", xml(tag)).unwrap();
            }
            writeln!(f, "<description>{}</description>\n</item>", xml(&content)).unwrap();
            n += 1;
        }
    }
    writeln!(f, "</channel>\n</rss>").unwrap();
    f.flush().unwrap();
    eprintln!("wrote {n} items to {out}");
}
