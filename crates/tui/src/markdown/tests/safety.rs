//! Untrusted input: control characters never reach a span raw, and no width makes the renderer fail.

use super::*;

const HOSTILE: &str = "\x1b]0;pwned\x07";

#[test]
fn escape_sequences_are_made_visible_everywhere() {
    let md = format!(
        "# {h}\n\npara {h} `{h}` [{h}](https://x/{h}) ![{h}](i.png)\n\n```{h}\n{h}\n```\n\n<p>{h}</p>\n\n\
         | {h} | b |\n|---|---|\n| {h} | c |\n\n- {h}\n\n> {h}\n\ntext[^{h}]\n\n[^{h}]: {h}",
        h = HOSTILE
    );
    for width in [3, 20, 80] {
        let out = render(&md, width, &MarkdownStyles::default());
        let all: String = out.lines.iter().map(text_of).collect::<Vec<_>>().join("\n");
        // At width 3 the code line that holds it is shown in pieces; the spans check below is
        // what keeps control characters out at every width.
        assert!(width < 10 || all.contains("␛]0;pwned␇"), "width {width}: {all}");
        for span in out.lines.iter().flat_map(|l| &l.spans) {
            let bad = span.content.chars().find(|c| c.is_control());
            assert_eq!(bad, None, "raw control character in {span:?}");
        }
        for url in &out.links {
            assert!(!url.chars().any(char::is_control), "{url:?}");
        }
    }
}

#[test]
fn footnote_labels_are_sanitized() {
    let out = lines("text[^a\x07b]\n\n[^a\x07b]: note", 40);
    assert_eq!(out, ["text[^a␇b]", "", "[^a␇b] note"]);
}

#[test]
fn bidi_overrides_are_replaced() {
    let out = lines("evil \u{202e}txt.exe", 40);
    assert_eq!(out, ["evil \u{fffd}txt.exe"]);
}

#[test]
fn tiny_widths_do_not_panic_and_still_produce_lines() {
    let deep = "> > > > - - - - 1. deeply nested `code` and 中文 words\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |";
    for width in 0..=6u16 {
        for md in [POST, deep, "", "x", "中"] {
            let out = render(md, width, &MarkdownStyles::default());
            if !md.is_empty() {
                assert!(!out.lines.is_empty(), "width {width}: nothing for {md:?}");
            }
        }
    }
}

#[test]
fn deep_nesting_at_a_narrow_width_stays_inside_it() {
    let md = "> > > > > > > > - - - - - - text that wraps";
    for width in 1..=30u16 {
        for line in render(md, width, &MarkdownStyles::default()).lines {
            assert!(width_of(&line) <= usize::from(width), "width {width}: {:?}", text_of(&line));
        }
    }
}

/// Emoji sequences and flags whose width terminals disagree on: the renderer's spans hold only
/// characters whose widths add up to what ratatui measures, so no terminal draws a row wider
/// than ratatui laid it out (which left the screen garbled until the next full redraw).
#[test]
fn every_span_is_as_wide_as_its_characters() {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let tangled = [
        "👨\u{200d}👩\u{200d}👧\u{200d}👦",
        "🇫🇷🇯🇵",
        "👍🏽",
        "❤\u{fe0f}",
        "1\u{fe0f}\u{20e3}",
        "🏳\u{fe0f}\u{200d}🌈",
        "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
        "a\u{2028}b\u{2029}c",
        "\u{fff9}x\u{fffb}",
        "\u{fdd0}\u{ffff}",
    ];
    let mut strings = 0;
    for t in tangled {
        let md = format!(
            "# {t}\n\npara {t} `{t}` [{t}](https://x/) **{t}**\n\n```\n{t}\n```\n\n| {t} | b |\n|---|---|\n| c | {t} |\n\n- {t}\n\n> {t}"
        );
        for width in [4, 10, 30] {
            let out = render(&md, width, &MarkdownStyles::default());
            for span in out.lines.iter().flat_map(|l| &l.spans) {
                let by_char: usize = span.content.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert_eq!(span.content.width(), by_char, "{t:?} at width {width}: {span:?}");
            }
            strings += 1;
        }
    }
    assert_eq!(strings, 30);
}
