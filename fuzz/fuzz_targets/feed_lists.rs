//! Any bytes as a list of feeds to follow: an OPML file (`byline feeds import`) or newsboat's
//! `urls` file, and any page `byline follow` is pointed at (feed discovery reads its links).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = byline_core::follow::lists::parse_opml("fuzz", bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = byline_core::follow::lists::parse_newsboat_urls(&text);
    for link in byline_core::follow::discover::feed_links("https://blog.example/page", bytes) {
        assert!(link.starts_with("http://") || link.starts_with("https://"), "discovered {link:?}");
    }
});
