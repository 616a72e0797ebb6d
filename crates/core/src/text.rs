//! Measuring and cutting text by terminal columns (CJK and emoji are two wide).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `s` to at most `max` display columns, ending with '…' when cut.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// How many of a post's tags a header or list row names; the rest are counted. A post with
/// thousands of tags (an import can bring them) would otherwise push its text screens down.
pub const TAGS_SHOWN: usize = 20;

/// A post's tags as `#a #b`, the first [`TAGS_SHOWN`] of them, then how many more there are.
pub fn tag_list<S: AsRef<str>>(tags: &[S]) -> String {
    let mut out: Vec<String> = tags.iter().take(TAGS_SHOWN).map(|t| format!("#{}", t.as_ref())).collect();
    if tags.len() > TAGS_SHOWN {
        out.push(format!("+{} more", thousands((tags.len() - TAGS_SHOWN) as u64)));
    }
    out.join(" ")
}

/// A search snippet as a person reads it: one line, without the markdown that is noise out of
/// context (emphasis stars, backticks, heading hashes, quote marks, link targets). The match
/// markers the store inserts are kept.
/// A count with thousands separators: 50000 as "50,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn plain_snippet(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    // Heading hashes and quote marks are markup only at the start of a line.
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line_start = true;
            out.push(c);
            continue;
        }
        let at_start = line_start;
        if !c.is_whitespace() && c != '#' && c != '>' {
            line_start = false;
        }
        match c {
            '*' | '`' => {}
            '#' | '>' if at_start => {}
            // "[text](target)" keeps the text; the target goes.
            ']' if chars.peek() == Some(&'(') => {
                for skipped in chars.by_ref() {
                    if skipped == ')' {
                        break;
                    }
                }
            }
            '[' if chars.peek() != Some(&' ') => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_tag_list_names_the_first_tags_and_counts_the_rest() {
        assert_eq!(tag_list(&["a", "b"]), "#a #b");
        let many: Vec<String> = (0..5_000).map(|i| format!("t{i}")).collect();
        let shown = tag_list(&many);
        assert!(shown.starts_with("#t0 #t1 ") && shown.ends_with("#t19 +4,980 more"), "{shown}");
        assert_eq!(tag_list(&many[..TAGS_SHOWN]).matches('#').count(), TAGS_SHOWN, "no count when all fit");
    }

    #[test]
    fn snippets_lose_markdown_noise() {
        assert_eq!(plain_snippet("**A reverse proxy** in `nginx`"), "A reverse proxy in nginx");
        assert_eq!(
            plain_snippet("see [HTTP load balancing](https://nginx.org/x) and\n## Heading"),
            "see HTTP load balancing and Heading"
        );
        assert_eq!(plain_snippet("> quoted\n\ntext   here"), "quoted text here");
        assert_eq!(plain_snippet("snake_case and a > b"), "snake_case and a > b");
    }

    #[test]
    fn fit_cuts_by_columns() {
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("日本語です", 5), "日本…");
        assert_eq!(fit("short", 10), "short");
    }
}
