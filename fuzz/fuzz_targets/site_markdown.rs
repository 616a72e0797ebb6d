//! Any post body rendered for the website: never a panic, and the sanitizer lets no script,
//! event handler or `javascript:` link through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = byline_site::markdown::to_html(text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "script in {html}");
    assert!(!html.contains("href=\"javascript:"), "javascript link in {html}");
    // An event handler is an attribute `on...=` inside a tag; text that says "onload=" is escaped
    // or outside a tag, so only tags are looked at.
    for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let attrs = tag.split_whitespace().skip(1);
        for attr in attrs {
            assert!(!(attr.starts_with("on") && attr.contains('=')), "handler {attr} in <{tag}>");
        }
    }
});
