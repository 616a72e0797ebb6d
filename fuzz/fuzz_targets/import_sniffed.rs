//! Any bytes given to `byline import` as a file: sniffed, then parsed as WXR, Ghost, RSS, Atom,
//! RDF, JSON Feed or byline's JSON, and the HTML of posts and items turned into markdown.
//! Never a panic, whatever the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = byline_core::transfer::import::sniff::parse_sniffed("fuzz", bytes);
    // Followed feeds go through the feed parser directly, whatever the sniffer thinks.
    let _ = byline_core::transfer::import::feed::parse_feed_with_meta("fuzz", bytes);
    let html = String::from_utf8_lossy(bytes);
    let _ = byline_core::transfer::import::html::html_to_markdown(&html);
});
