//! Paragraph wrapping: widths, styles across breaks, CJK, long words, breaks.

use ratatui::style::{Modifier, Style};

use super::*;

#[test]
fn paragraph_wraps_at_word_boundaries() {
    let out = lines("one two three four five six seven", 10);
    assert_eq!(out, ["one two", "three four", "five six", "seven"]);
}

#[test]
fn blocks_are_separated_by_one_blank_line() {
    let out = lines("first\n\nsecond\n\n\n\nthird", 40);
    assert_eq!(out, ["first", "", "second", "", "third"]);
}

#[test]
fn styles_survive_wrapping() {
    let styles = tagged_styles();
    let md = "plain **bold words that surely wrap across lines** and *slanted text here*";
    let out = render(md, 12, &styles);
    assert!(out.lines.len() >= 5, "expected wrapping, got {:?}", texts(&out));
    let strong = styles.text.patch(styles.strong);
    let emphasis = styles.text.patch(styles.emphasis);
    for span in out.lines.iter().flat_map(|l| &l.spans) {
        for word in span.content.split_whitespace() {
            let expected = match word {
                "bold" | "words" | "that" | "surely" | "wrap" | "across" | "lines" => strong,
                "slanted" | "text" | "here" => emphasis,
                _ => styles.text,
            };
            assert_eq!(span.style, expected, "word {word:?} in span {span:?}");
        }
    }
}

#[test]
fn a_word_split_across_styles_stays_one_word() {
    // "foo**bar**" has no break opportunity inside: it must not be split at the style change.
    let styles = tagged_styles();
    let out = render("aaaa foo**bar**", 7, &styles);
    assert_eq!(texts(&out), ["aaaa", "foobar"]);
    let spans = &out.lines[1].spans;
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[1].style, styles.text.patch(styles.strong));
}

#[test]
fn prose_never_exceeds_the_width() {
    let styles = tagged_styles();
    let code_block = styles.code_block;
    for width in 1..=120u16 {
        let out = render(POST, width, &styles);
        for line in &out.lines {
            // The links list keeps each URL whole on its line, whatever the width.
            if line.spans.iter().any(|s| s.style == code_block || s.style == styles.link) {
                continue;
            }
            assert!(
                width_of(line) <= usize::from(width),
                "width {width}: {:?} is {} wide",
                text_of(line),
                width_of(line)
            );
        }
    }
}

#[test]
fn wrapping_loses_no_text() {
    let words = "Wrapping must keep every character: 中文字符 emoji😀 and averyveryverylongwordthatmustbreak.";
    let expected: String = words.split_whitespace().collect();
    for width in 2..=60 {
        let got: String = lines(words, width).concat().split_whitespace().collect();
        assert_eq!(got, expected, "width {width}");
    }
}

#[test]
fn cjk_wraps_by_display_width() {
    let md = "中文字符都占两列宽度所以十个字符就是二十列";
    let out = lines(md, 10);
    assert_eq!(out.len(), 5);
    for line in &out[..4] {
        assert_eq!(line.chars().count(), 5, "{line:?}");
    }
    // An odd width cannot fit a sixth character: 5 characters, 10 columns.
    let out = lines(md, 11);
    assert!(out.iter().all(|l| l.chars().count() <= 5), "{out:?}");
}

#[test]
fn cjk_text_breaks_between_characters_without_spaces() {
    // Unspaced CJK may break anywhere, so the run fills the first line instead of jumping to the next.
    assert_eq!(lines("ab 中文中文中文", 8), ["ab 中文", "中文中文"]);
    // ...but closing punctuation never starts a line.
    assert_eq!(lines("中文中。", 6), ["中文", "中。"]);
}

#[test]
fn long_words_are_broken_to_the_width() {
    let out = lines("abcdefghijklmnopqrstuvwxyz", 10);
    assert_eq!(out, ["abcdefghij", "klmnopqrst", "uvwxyz"]);
}

#[test]
fn soft_breaks_are_spaces_and_hard_breaks_are_line_breaks() {
    assert_eq!(lines("one\ntwo", 40), ["one two"]);
    assert_eq!(lines("one  \ntwo", 40), ["one", "two"]);
    assert_eq!(lines("one\\\ntwo", 40), ["one", "two"]);
}

#[test]
fn inline_code_and_strike_keep_their_text_and_style() {
    let styles = tagged_styles();
    let out = render("use `cargo run` not ~~make~~", 80, &styles);
    assert_eq!(texts(&out), ["use cargo run not make"]);
    let style_of = |text: &str| out.lines[0].spans.iter().find(|s| s.content.contains(text)).map(|s| s.style);
    assert_eq!(style_of("cargo"), Some(styles.text.patch(styles.code_inline)));
    assert_eq!(style_of("make"), Some(styles.text.patch(styles.strike)));
}

#[test]
fn plain_styles_use_no_colour_and_default_has_no_background() {
    let plain = MarkdownStyles::plain();
    let default = MarkdownStyles::default();
    let roles = |s: &MarkdownStyles| -> Vec<Style> {
        let mut v = vec![s.text, s.emphasis, s.strong, s.strike, s.code_inline, s.code_block, s.quote];
        v.extend([s.link, s.link_ref, s.list_marker, s.rule, s.table_border, s.table_header, s.image, s.muted]);
        v.extend(s.heading);
        v
    };
    for style in roles(&plain) {
        assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
    }
    for style in roles(&default) {
        assert_eq!(style.bg, None, "{style:?}");
    }
    assert!(plain.strong.add_modifier.contains(Modifier::BOLD));
    assert_ne!(plain.heading[0], plain.text);
}
