//! Properties of wrapping, on the wrapper itself and through `render`: no line wider than the
//! width asked for, and no visible character lost or restyled on the way.

use proptest::prelude::*;
use ratatui::style::{Color, Style};
use unicode_width::UnicodeWidthStr;

use super::super::wrap::{Inline, str_width, wrap};
use super::{MarkdownStyles, render, text_of, width_of};

const CASES: u32 = 256;

/// Runs of text as imports and feeds produce them: Latin, accented, CJK (two columns),
/// emoji, a combining mark, no-break spaces, tabs, newlines and runs of spaces.
fn run_text() -> impl Strategy<Value = String> {
    "[a-zé日本語😀\u{301}\u{a0}。、（） \t\n]{0,30}"
}

fn inline() -> impl Strategy<Value = Inline> {
    prop_oneof![
        4 => (run_text(), 0u8..4).prop_map(|(t, s)| Inline::Text(t, Style::new().fg(Color::Indexed(s)))),
        1 => Just(Inline::Break),
    ]
}

fn is_break(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The visible characters with their styles, in order: what the reader must get to see.
fn visible(items: impl IntoIterator<Item = (String, Style)>) -> Vec<(char, Style)> {
    items
        .into_iter()
        .flat_map(|(t, s)| t.chars().filter(|c| !is_break(*c)).map(move |c| (c, s)).collect::<Vec<_>>())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn wrapped_lines_fit_and_keep_every_character(items in prop::collection::vec(inline(), 0..12), width in 0usize..30) {
        let lines = wrap(&items, width);
        for line in &lines {
            let text: String = line.iter().map(|s| s.content.as_ref()).collect();
            // Only a single character wider than the whole width may overflow (CJK at width 1).
            let shown: Vec<char> = text.chars().filter(|c| str_width(&c.to_string()) > 0).collect();
            prop_assert!(str_width(&text) <= width.max(1) || shown.len() == 1, "{text:?} at width {width}");
        }
        let before = visible(items.iter().filter_map(|i| match i {
            Inline::Text(t, s) => Some((t.clone(), *s)),
            Inline::Break => None,
        }));
        let after = visible(lines.iter().flatten().map(|s| (s.content.to_string(), s.style)));
        prop_assert_eq!(before, after);
    }

    #[test]
    fn rendered_paragraphs_fit_the_pane_and_lose_no_text(
        paragraphs in prop::collection::vec(prop::collection::vec("[a-zA-Zé日本語😀]{1,14}", 1..20), 1..4),
        width in 2u16..60,
    ) {
        let markdown = paragraphs.iter().map(|words| words.join(" ")).collect::<Vec<_>>().join("\n\n");
        let rendered = render(&markdown, width, &MarkdownStyles::default());
        for line in &rendered.lines {
            prop_assert!(width_of(line) <= usize::from(width), "{:?} at width {width}", text_of(line));
        }
        let shown: String = rendered.lines.iter().map(text_of).collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
        let typed: String = markdown.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(shown.width(), typed.width());
        prop_assert_eq!(shown, typed);
    }
}
