//! Makes untrusted text safe for the terminal: control characters become visible symbols.

use std::borrow::Cow;

fn replacement(c: char, keep_newlines: bool) -> Option<char> {
    match c {
        '\n' | '\t' if keep_newlines => None,
        '\n' | '\r' | '\t' => Some(' '),
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| replacement(c, keep_newlines).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| replacement(c, keep_newlines).unwrap_or(c)).collect())
}

/// Multi-line text: keeps newlines and tabs, makes every other control character visible.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// One-line fields (titles, names): also folds newlines and tabs into spaces.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}
