//! Snippets for the hits on one page, found in Rust over a bounded head of each post: FTS5's
//! `snippet()` walked every match of every word (72 s for one post of 100,000 lines).

/// How much of a body a snippet looks at. A match further in shows the post's opening instead.
const SCAN_BYTES: usize = 64 * 1024;
/// Words shown before the first match, and in all.
const BEFORE: usize = 4;
const WORDS: usize = 14;

/// A short passage of `text` around the first word matching `terms` (lowercased words, each
/// with whether it is a prefix), matches between `marks`; the opening words when none matches.
pub fn snippet(text: &str, terms: &[(String, bool)], marks: (&str, &str)) -> Option<String> {
    let head = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let words = word_spans(head);
    let matches = |(s, e): (usize, usize)| word_matches(&head[s..e], terms);
    let first = words.iter().position(|&span| matches(span))?;
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = words[from].0;
    for &(s, e) in &words[from..to] {
        out.push_str(&head[at..s]);
        if matches((s, e)) {
            out.push_str(marks.0);
            out.push_str(&head[s..e]);
            out.push_str(marks.1);
        } else {
            out.push_str(&head[s..e]);
        }
        at = e;
    }
    if to < words.len() || head.len() < text.len() {
        out.push('…');
    } else {
        // The passage reaches the end: keep its closing punctuation.
        out.push_str(&head[at..]);
    }
    Some(crate::text::plain_snippet(&out))
}

/// The opening words of `text`, for a hit whose match is not in it (a title or a tag).
pub fn opening(text: &str) -> String {
    let head = &text[..floor_char_boundary(text, SCAN_BYTES)];
    // The opening needs its first words only, and whether more follow.
    let words: Vec<(usize, usize)> = words(head).take(WORDS + 1).collect();
    let Some(&(_, end)) = words.get(WORDS.min(words.len()).saturating_sub(1)) else { return String::new() };
    let more = if words.len() > WORDS || head.len() < text.len() { "…" } else { "" };
    format!("{}{more}", crate::text::plain_snippet(&head[..end]))
}

/// Byte spans of the words (runs of letters and digits) in `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    words(text).collect()
}

/// The byte spans of the words of `text` (runs of letters and digits), lazily.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let end = loop {
            match chars.peek() {
                Some(&(_, c)) if c.is_alphanumeric() => {
                    chars.next();
                }
                Some(&(i, _)) => break i,
                None => break text.len(),
            }
        };
        Some((start, end))
    })
}

/// Whether `word` is one of the (lowercase) terms, or starts with a prefix term. Most words
/// and terms are ASCII: they compare in place, without lowercasing a copy of every word the
/// scan passes.
fn word_matches(word: &str, terms: &[(String, bool)]) -> bool {
    terms.iter().any(|(t, prefix)| {
        if word.is_ascii() && t.is_ascii() {
            let w = word.as_bytes();
            match prefix {
                true => w.len() >= t.len() && w[..t.len()].eq_ignore_ascii_case(t.as_bytes()),
                false => w.eq_ignore_ascii_case(t.as_bytes()),
            }
        } else {
            let w = word.to_lowercase();
            if *prefix { w.starts_with(t.as_str()) } else { w == *t }
        }
    })
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{opening, snippet};

    fn terms(words: &[(&str, bool)]) -> Vec<(String, bool)> {
        words.iter().map(|(w, p)| (w.to_string(), *p)).collect()
    }

    #[test]
    fn marks_the_first_match_and_its_neighbours() {
        let text = "one two three four five six **Caching** proxies cache and cached pages seven eight nine ten eleven";
        let s = snippet(text, &terms(&[("cach", true)]), ("{", "}")).unwrap();
        assert_eq!(s, "…three four five six {Caching} proxies {cache} and {cached} pages seven eight nine ten…");
        let whole = snippet(text, &terms(&[("cache", false)]), ("{", "}")).unwrap();
        assert!(whole.starts_with("…five six Caching proxies {cache} and cached"), "{whole}");
    }

    #[test]
    fn no_match_is_none_and_the_opening_stands_in() {
        assert_eq!(snippet("nothing here", &terms(&[("zzz", true)]), ("{", "}")), None);
        assert_eq!(opening("# A *title*\n\nand text"), "A title and text");
    }

    #[test]
    fn only_the_head_of_a_huge_body_is_read() {
        let huge = "line of text\n".repeat(100_000) + "needle";
        assert_eq!(snippet(&huge, &terms(&[("needle", false)]), ("{", "}")), None);
        assert!(snippet(&huge, &terms(&[("line", true)]), ("{", "}")).unwrap().starts_with("{line} of text"));
    }
}
