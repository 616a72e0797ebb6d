//! Makes untrusted text safe to hand to the terminal: control and bidi characters become visible.

use std::borrow::Cow;

/// Replaces every character that could drive the terminal or reorder what the reader sees.
///
/// Untrusted text must never reach the terminal raw: an ESC in a post could retitle the window, move the
/// cursor or hide text. C0 controls (except `\n` and `\t`, which the layout code handles) become their Unicode
/// "control picture" (ESC -> '␛', BEL -> '␇'), DEL becomes '␡', C1 controls, bidi controls and
/// characters no terminal agrees on the width of become U+FFFD, and line separators a space.
/// Sequences terminals draw at different widths are taken apart (see [`untangle`]). Borrows
/// when nothing changes, since this runs on every rendered row.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    replace_where(s, |c| match c {
        '\n' | '\t' => Keep,
        other => on_screen(other),
    })
}

/// Like [`sanitize`], for one-line fields (titles, names): `\n`, `\r` and `\t` also fold into a space.
///
/// Zero-width characters (spaces, joiners, the BOM) are made visible as U+FFFD here: in a title,
/// a name or an address they only serve to make two different strings look the same.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    replace_where(s, |c| match c {
        '\n' | '\r' | '\t' => Replace(' '),
        c if is_zero_width(c) => Replace('\u{fffd}'),
        other => on_screen(other),
    })
}

/// Invisible characters that are not joiners of an emoji picture: zero-width space and
/// non-joiner, word joiner, the BOM and the Mongolian vowel separator. Terminals disagree on
/// whether they take a column, and they hide a difference between two strings.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}' | '\u{180e}')
}

/// What happens to one character on its way to the screen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Keep,
    Replace(char),
    Drop,
}
use Shown::{Drop, Keep, Replace};

fn on_screen(c: char) -> Shown {
    match visible(c) {
        Some(r) => Replace(r),
        None => untangle(c),
    }
}

/// Characters that join others into one picture whose width terminals disagree on: an emoji
/// ZWJ sequence (a family) is one 2-column glyph on some terminals and three on others; a flag
/// is 1, 2 or 4 columns; a skin tone or variation selector widens its emoji on some and not
/// others. ratatui measures one way, the terminal draws another, and the row is garbled until
/// the next full redraw. Taken apart, every piece has the width everyone agrees on: the
/// joiner, skin tones, variation selectors and tag characters are dropped (the emoji stay, side
/// by side), and a flag's regional indicators become its two letters ("🇫🇷" -> "FR").
fn untangle(c: char) -> Shown {
    match c {
        '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0001}' | '\u{e0020}'..='\u{e007f}' => {
            Drop
        }
        '\u{1f1e6}'..='\u{1f1ff}' => Replace(char::from(b'A' + (c as u32 - 0x1f1e6) as u8)),
        // In running text they are dropped: nothing to see, and no width to disagree on. The
        // non-joiner stays: Persian and Indic text need it, and every terminal gives it no column.
        c if is_zero_width(c) && c != '\u{200c}' => Drop,
        _ => Keep,
    }
}

/// Whether `c` must never reach the terminal as itself (what [`sanitize`] replaces, `\n` and
/// `\t` included). JSON output escapes these as `\uXXXX` instead of replacing them.
pub fn is_unsafe(c: char) -> bool {
    visible(c).is_some()
}

/// The stand-in for a character the terminal must not see, or `None` when it is harmless.
fn visible(c: char) -> Option<char> {
    match c {
        // C0 controls map onto the Control Pictures block at the same offset.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        // C1 controls, then bidi embeddings, overrides, isolates and the three marks (LRM, RLM,
        // ALM): any of them reorders the rest of the line on screen.
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{61c}' => Some('\u{fffd}'),
        // Line and paragraph separators: some terminals break the line, others draw nothing, so
        // the row's width is unknowable. A space keeps the words apart.
        '\u{2028}' | '\u{2029}' => Some(' '),
        // Interlinear annotation marks and noncharacters have no agreed width on any terminal.
        '\u{fff9}'..='\u{fffb}' | '\u{fdd0}'..='\u{fdef}' => Some('\u{fffd}'),
        c if (c as u32) & 0xfffe == 0xfffe => Some('\u{fffd}'),
        _ => None,
    }
}

/// Copies `s` only from the first character that `map` changes; clean text is returned borrowed.
fn replace_where(s: &str, map: impl Fn(char) -> Shown) -> Cow<'_, str> {
    let Some((first, _)) = s.char_indices().find(|&(_, c)| map(c) != Keep) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match map(c) {
            Keep => out.push(c),
            Replace(r) => out.push(r),
            Drop => {}
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        let text = "Hello, wörld — 你好 😀\n\tindented";
        assert!(matches!(sanitize(text), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("A plain title"), Cow::Borrowed(_)));
    }

    #[test]
    fn c0_controls_become_control_pictures() {
        assert_eq!(sanitize("\x1b]0;pwned\x07"), "␛]0;pwned␇");
        assert_eq!(sanitize("a\0b\rc"), "a␀b␍c");
        assert_eq!(sanitize("keep\nnew\tlines"), "keep\nnew\tlines");
    }

    #[test]
    fn del_c1_and_bidi_are_replaced() {
        assert_eq!(sanitize("x\x7fy"), "x␡y");
        assert_eq!(sanitize("\u{9b}31m"), "\u{fffd}31m");
        assert_eq!(sanitize("abc\u{202e}def\u{2066}g\u{2069}"), "abc\u{fffd}def\u{fffd}g\u{fffd}");
    }

    #[test]
    fn bidi_marks_separators_and_noncharacters_are_replaced() {
        assert_eq!(sanitize("a\u{200e}b\u{200f}c\u{61c}d"), "a\u{fffd}b\u{fffd}c\u{fffd}d");
        assert_eq!(sanitize_line("one\u{2028}two\u{2029}three"), "one two three");
        assert_eq!(sanitize("\u{fff9}x\u{fffb}\u{fdd0}\u{ffff}\u{1fffe}"), "\u{fffd}x\u{fffd}\u{fffd}\u{fffd}\u{fffd}");
        // Ordinary text near those ranges is left alone.
        assert!(matches!(sanitize("\u{fffd} \u{2027} \u{fe10} \u{200c} \u{1f1e5}"), Cow::Borrowed(_)));
    }

    #[test]
    fn sanitize_line_folds_whitespace_controls() {
        assert_eq!(sanitize_line("two\nlines\r\tand\x1b"), "two lines  and␛");
    }

    /// Strings whose width terminals disagree on: after sanitizing, the width of the whole is
    /// the sum of its characters' widths, so no cluster is left for a terminal to draw its own way.
    const TANGLED: &[&str] = &[
        "family 👨\u{200d}👩\u{200d}👧\u{200d}👦 end",
        "flags 🇫🇷🇯🇵🇺🇸 and a lone 🇿",
        "skin 👍🏽 👋🏿 🏻",
        "hearts ❤\u{fe0f} ❤\u{fe0e} ☺\u{fe0f}",
        "keycap 1\u{fe0f}\u{20e3} #\u{fe0f}\u{20e3}",
        "rainbow 🏳\u{fe0f}\u{200d}🌈 pirate 🏴\u{200d}☠\u{fe0f}",
        "england 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
        "zwj alone a\u{200d}b",
        "lines one\u{2028}two\u{2029}three",
        "anchors \u{fff9}x\u{fffa}y\u{fffb}",
        "nonchars \u{fdd0}\u{fffe}\u{ffff}\u{10ffff}",
    ];

    #[test]
    fn sequences_terminals_draw_differently_are_taken_apart() {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        for text in TANGLED {
            for shown in [sanitize(text), sanitize_line(text)] {
                let by_char: usize = shown.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert_eq!(shown.width(), by_char, "{text:?} -> {shown:?}");
                assert!(!shown.contains(['\u{200d}', '\u{fe0f}', '\u{fe0e}']), "{shown:?}");
            }
        }
        assert_eq!(sanitize("🇫🇷!"), "FR!");
        assert_eq!(sanitize("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        // Zero-width spaces hide a difference: visible in one-line fields, gone from running text.
        assert_eq!(sanitize_line("pay\u{200b}pal\u{feff}"), "pay\u{fffd}pal\u{fffd}");
        assert_eq!(sanitize("pay\u{200b}pal\u{2060}"), "paypal");
        assert_eq!(sanitize("👍🏽"), "👍");
    }

    /// Characters that must never survive: C0 (sanitize keeps only `\n` and `\t`), DEL, C1,
    /// bidi embeddings, overrides, isolates and marks.
    fn forbidden(c: char, keep_layout: bool) -> bool {
        let layout = keep_layout && matches!(c, '\n' | '\t');
        (c <= '\u{1f}' && !layout)
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
    }

    /// Text biased toward the dangerous ranges, mixed with ordinary characters of any kind.
    fn hostile() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let c = prop_oneof![
            proptest::char::range('\u{0}', '\u{1f}'),
            proptest::char::range('\u{7f}', '\u{9f}'),
            proptest::char::range('\u{2000}', '\u{206f}'),
            Just('\u{61c}'),
            Just('\u{1b}'),
            any::<char>(),
            proptest::char::range('a', 'z'),
        ];
        proptest::collection::vec(c, 0..64).prop_map(|v| v.into_iter().collect())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 256, ..Default::default() })]

        #[test]
        fn no_control_or_bidi_character_survives(text in hostile()) {
            let shown = sanitize(&text);
            proptest::prop_assert!(!shown.chars().any(|c| forbidden(c, true)), "{text:?} -> {shown:?}");
            let line = sanitize_line(&text);
            proptest::prop_assert!(!line.chars().any(|c| forbidden(c, false)), "{text:?} -> {line:?}");
        }

        #[test]
        fn any_string_is_made_safe(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert!(!sanitize(&text).chars().any(|c| forbidden(c, true)));
            proptest::prop_assert!(!sanitize_line(&text).chars().any(|c| forbidden(c, false)));
        }
    }
}
