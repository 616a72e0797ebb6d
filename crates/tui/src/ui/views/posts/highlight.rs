//! Marks ranges of an article line (search matches) with a style, splitting its spans.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// `line` with each (start, end) character range patched with its style. Ranges are in
/// reading order and do not overlap (as `find::matches` gives them).
pub fn highlight<'a>(line: &Line<'a>, ranges: &[(usize, usize, Style)]) -> Line<'a> {
    if ranges.is_empty() {
        return line.clone();
    }
    let mut spans: Vec<Span<'a>> = Vec::with_capacity(line.spans.len() + 2 * ranges.len());
    let mut at = 0; // character offset of the span's start in the line
    for span in &line.spans {
        let chars: Vec<char> = span.content.chars().collect();
        let end = at + chars.len();
        let mut cut = at;
        for &(s, e, style) in ranges.iter().filter(|(s, e, _)| *s < end && *e > at) {
            let (s, e) = (s.max(at), e.min(end));
            if s > cut {
                spans.push(Span::styled(chars[cut - at..s - at].iter().collect::<String>(), span.style));
            }
            spans.push(Span::styled(chars[s - at..e - at].iter().collect::<String>(), span.style.patch(style)));
            cut = e;
        }
        if cut == at {
            spans.push(span.clone());
        } else if cut < end {
            spans.push(Span::styled(chars[cut - at..].iter().collect::<String>(), span.style));
        }
        at = end;
    }
    Line { spans, ..line.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn ranges_across_spans_keep_the_text_and_mark_only_the_match() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![Span::raw("a cac"), Span::styled("he here", bold)]);
        let mark = Style::new().add_modifier(Modifier::REVERSED);
        let out = highlight(&line, &[(2, 7, mark)]);
        let text: String = out.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "a cache here");
        let marked: String = out
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::REVERSED))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, "cache");
    }
}
