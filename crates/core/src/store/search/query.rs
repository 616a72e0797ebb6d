//! What a person typed, made into a bounded FTS5 query: the one parser the TUI and the CLI share.

/// A query keeps at most this many words. All words must match, so more words only narrow the
/// results, while each costs a doclist walk: a pasted paragraph of 40 common words took seconds.
pub const MAX_QUERY_WORDS: usize = 8;

/// Words to search for, the last one matched as a prefix unless the text ended with a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
    /// Whether the last word is a prefix (it is being typed) or complete.
    prefix_last: bool,
    /// How many words past `MAX_QUERY_WORDS` were left out.
    pub dropped: usize,
}

/// What separates words: whitespace, and control characters, which the tokenizer drops anyway.
/// A NUL must never reach FTS5, which reads the query as a C string: `\0AND` was "unterminated
/// string".
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

impl SearchQuery {
    /// Parses typed text: words are runs without whitespace or controls that hold a letter or digit, a word
    /// ending in `*` is a prefix, and so is the last word unless a space follows it (`cach` finds
    /// "cache" from the first letter, in the TUI and in `byline search` alike). Repeated words
    /// count once. None when nothing is left to search for.
    pub fn parse(input: &str) -> Option<SearchQuery> {
        let mut words: Vec<String> = Vec::new();
        for w in input.split(is_separator).filter(|w| w.chars().any(char::is_alphanumeric)) {
            if !words.iter().any(|k| k == w) {
                words.push(w.to_string());
            }
        }
        let last_typed = !input.ends_with(is_separator);
        let dropped = words.len().saturating_sub(MAX_QUERY_WORDS);
        // The last word stays a prefix only when it is the one being typed (not dropped).
        let prefix_last = last_typed && dropped == 0;
        words.truncate(MAX_QUERY_WORDS);
        (!words.is_empty()).then_some(SearchQuery { words, prefix_last, dropped })
    }

    /// The FTS5 MATCH expression: each word a quoted phrase (so `AND`, `-`, `:` and quotes mean
    /// nothing special), all must match, prefixes marked with `*`. Never a syntax error.
    pub fn fts(&self) -> String {
        let parts: Vec<String> = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let word = w.trim_end_matches('*').replace('"', "\"\"");
                if self.is_prefix(i) { format!("\"{word}\"*") } else { format!("\"{word}\"") }
            })
            .collect();
        parts.join(" ")
    }

    fn is_prefix(&self, i: usize) -> bool {
        self.words[i].ends_with('*') || (self.prefix_last && i + 1 == self.words.len())
    }

    /// The words kept, lowercased, each with whether it matches as a prefix (for snippets).
    pub fn terms(&self) -> Vec<(String, bool)> {
        (0..self.words.len())
            .map(|i| (self.words[i].trim_end_matches('*').to_lowercase(), self.is_prefix(i)))
            .filter(|(w, _)| !w.is_empty())
            .collect()
    }

    /// Whether the last word is a prefix of one or two letters: counting all its hits merges
    /// the doclists of every body word it starts (a second or more at 100,000 posts), and
    /// SQLite cannot interrupt that merge, so faces show "at least" instead.
    pub fn short_prefix(&self) -> bool {
        let i = self.words.len() - 1;
        self.is_prefix(i) && self.words[i].trim_end_matches('*').chars().count() < 3
    }

    /// The words kept, as text (what the results are for).
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_QUERY_WORDS, SearchQuery};

    fn fts(input: &str) -> Option<String> {
        SearchQuery::parse(input).map(|q| q.fts())
    }

    #[test]
    fn the_last_word_is_a_prefix_until_a_space_follows() {
        assert_eq!(fts("web serv").as_deref(), Some("\"web\" \"serv\"*"));
        assert_eq!(fts("s").as_deref(), Some("\"s\"*"), "from the first letter");
        assert_eq!(fts("web servers ").as_deref(), Some("\"web\" \"servers\""));
        assert_eq!(fts("serv* web ").as_deref(), Some("\"serv\"* \"web\""));
    }

    #[test]
    fn fts_syntax_is_neutralised() {
        assert_eq!(fts("a\"b OR ").as_deref(), Some("\"a\"\"b\" \"OR\""));
        assert_eq!(fts("  -- ** "), None);
        assert_eq!(fts("NEAR(a b) -x:").as_deref(), Some("\"NEAR(a\" \"b)\" \"-x:\"*"));
    }

    #[test]
    fn control_characters_separate_words_and_never_reach_fts5() {
        assert_eq!(fts("\0AND").as_deref(), Some("\"AND\"*"));
        assert_eq!(fts("web\0serv\x1b").as_deref(), Some("\"web\" \"serv\""));
        assert_eq!(fts("\0\x07"), None);
    }

    #[test]
    fn words_past_the_cap_are_dropped_and_counted() {
        let pasted: String = (0..40).map(|i| format!("word{i} ")).collect();
        let q = SearchQuery::parse(pasted.trim_end()).unwrap();
        assert_eq!(q.terms().len(), MAX_QUERY_WORDS);
        assert_eq!(q.dropped, 40 - MAX_QUERY_WORDS);
        assert!(!q.fts().contains('*'), "the word being typed was dropped, so none is a prefix");
        assert_eq!(SearchQuery::parse("a b a b a").unwrap().dropped, 0, "repeats count once");
    }
}
