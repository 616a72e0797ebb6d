//! Any post body laid out for the terminal at any width: never a panic, and no control
//! character, escape sequence or bidi control reaches a span (they would reach the terminal).
#![no_main]

use byline_tui::markdown::{MarkdownStyles, render};
use libfuzzer_sys::fuzz_target;

/// What must never be written to the terminal from a post.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fuzz_target!(|input: (u8, &str)| {
    let (width, text) = input;
    let rendered = render(text, u16::from(width), &MarkdownStyles::default());
    for line in &rendered.lines {
        for span in &line.spans {
            assert!(!span.content.chars().any(forbidden), "raw control in {:?}", span.content);
        }
    }
    for code in &rendered.code {
        assert!(code.first <= code.end && code.end <= rendered.lines.len());
    }
});
