//! Word wrapping of styled inline runs by display width, so styles survive the line breaks.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Span;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthStr;

/// A piece of inline content waiting to be laid out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Inline {
    /// Already sanitized text in one style; spaces, tabs and newlines in it are word breaks.
    Text(String, Style),
    /// A hard line break.
    Break,
}

/// One wrapped line before any container prefix is added.
pub(super) type Spans = Vec<Span<'static>>;

/// A single-style slice of a word, borrowed from the inline runs (no allocation per word).
#[derive(Debug, Clone, Copy)]
struct Part<'a> {
    text: &'a str,
    style: Style,
}

/// A word, possibly of several styles (`foo**bar**` is one word): the unit textwrap moves around.
/// Its parts live in a shared list, so a word is just a range into it.
#[derive(Debug)]
struct StyledWord {
    parts: Range<usize>,
    width: usize,
    /// The style of the whitespace after the word, if any, so an underlined link stays underlined across it.
    space: Option<Style>,
}

impl Fragment for StyledWord {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        if self.space.is_some() { 1.0 } else { 0.0 }
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The words of one hard-broken segment and the parts they are made of.
#[derive(Debug, Default)]
struct Words<'a> {
    parts: Vec<Part<'a>>,
    words: Vec<StyledWord>,
}

/// Only ASCII whitespace breaks words: a no-break space must keep its promise.
fn is_break(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Wraps `items` to `width` columns. Every returned line fits unless a single character is wider than
/// `width` (a CJK character at width 1); a `width` of 0 is treated as 1 so the caller always gets content.
pub(super) fn wrap(items: &[Inline], width: usize) -> Vec<Spans> {
    wrap_in_batches(items, width, WORDS_PER_BATCH)
}

/// Words gathered before the lines they fill are laid out. A paragraph's words are wrapped a batch
/// at a time, so a one-paragraph 10 MB post never holds its million-word list at once (it did:
/// 330 MiB at its peak).
const WORDS_PER_BATCH: usize = 4096;

/// [`wrap`], laying lines out every `batch` words. First fit decides each line from its first word
/// on, so every line of a batch but the last is final; the last line's words start the next batch.
/// The lines are the same whatever the batch.
fn wrap_in_batches(items: &[Inline], width: usize, batch: usize) -> Vec<Spans> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for segment in items.split(|item| matches!(item, Inline::Break)) {
        let before = lines.len();
        let mut builder = WordsBuilder::default();
        scan(segment, &mut builder, &mut |builder: &mut WordsBuilder<'_>| {
            if builder.out.words.len() >= batch.max(1) {
                // The parts of a word still being read (CJK text ends words inside a run) wait
                // outside and follow the kept words.
                let unfinished = builder.out.parts.split_off(builder.start);
                builder.out = lay_out(std::mem::take(&mut builder.out), width, &mut lines, true);
                builder.start = builder.out.parts.len();
                builder.out.parts.extend(unfinished);
            }
        });
        lay_out(builder.out, width, &mut lines, false);
        if lines.len() == before {
            lines.push(Vec::new());
        }
    }
    lines
}

/// Wraps `words` into `lines`; with `keep_last`, the last line is not emitted but its words are
/// returned, to be wrapped again with the words that follow them.
fn lay_out<'a>(words: Words<'a>, width: usize, lines: &mut Vec<Spans>, keep_last: bool) -> Words<'a> {
    let mut words = words;
    if words.words.iter().any(|w| w.width > width) {
        words = break_long_words(words, width);
    }
    if words.words.is_empty() {
        return words;
    }
    let wrapped = wrap_first_fit(&words.words, &[width as f64]);
    let emit = if keep_last { wrapped.len() - 1 } else { wrapped.len() };
    for line in &wrapped[..emit] {
        lines.push(spans_of(line, &words.parts));
    }
    if !keep_last {
        return Words::default();
    }
    let kept_from = words.words.len() - wrapped.last().map_or(0, |l| l.len());
    let Words { mut parts, words: mut all } = words;
    let kept = all.split_off(kept_from);
    let first_part = kept.first().map_or(parts.len(), |w| w.parts.start);
    let parts = parts.split_off(first_part);
    let words = kept
        .into_iter()
        .map(|w| StyledWord { parts: w.parts.start - first_part..w.parts.end - first_part, ..w })
        .collect();
    Words { parts, words }
}

/// The width `items` would take with no wrapping at all: the widest of its hard-broken lines.
pub(super) fn natural_width(items: &[Inline]) -> usize {
    items
        .split(|item| matches!(item, Inline::Break))
        .map(|segment| {
            let words = words(segment).words;
            // CJK words end without a space; only real spaces between words count.
            let spaces = words.iter().rev().skip(1).filter(|w| w.space.is_some()).count();
            words.iter().map(|w| w.width).sum::<usize>() + spaces
        })
        .max()
        .unwrap_or(0)
}

/// The width of the widest word in `items`: below it, words have to be broken.
pub(super) fn longest_word(items: &[Inline]) -> usize {
    items
        .split(|item| matches!(item, Inline::Break))
        .flat_map(|segment| words(segment).words)
        .map(|w| w.width)
        .max()
        .unwrap_or(0)
}

/// Display width of a line of spans, measured the way ratatui measures it.
pub(super) fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| str_width(&s.content)).sum()
}

/// Display width of sanitized text. Printable ASCII is one column per byte, and checking for it is far
/// cheaper than the full Unicode lookup that most of an English article would otherwise go through.
pub(super) fn str_width(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.width() }
}

/// Closing punctuation that must not start a line, and opening punctuation that must not end one
/// (a light version of the CJK line-breaking rules).
const NO_LINE_START: &str = ")]}.,;:!?%、。，．：；！？）」』】〕〉》’”…ー々";
const NO_LINE_END: &str = "([{（「『【〔〈《‘“";

/// CJK text has no spaces: a line may break before or after any double-width character.
fn breaks_between(before: char, after: char) -> bool {
    let wide = |c: char| !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(2);
    (wide(before) || wide(after)) && !NO_LINE_START.contains(after) && !NO_LINE_END.contains(before)
}

/// Collects parts into words as the runs are scanned.
#[derive(Default)]
struct WordsBuilder<'a> {
    out: Words<'a>,
    start: usize,
    width: usize,
    /// The last character of the word so far, for CJK break opportunities across style changes.
    prev: Option<char>,
}

impl<'a> WordsBuilder<'a> {
    fn part(&mut self, text: &'a str, style: Style) {
        if !text.is_empty() {
            self.width += str_width(text);
            self.out.parts.push(Part { text, style });
        }
    }

    fn end_word(&mut self, space: Option<Style>) {
        if self.out.parts.len() > self.start {
            let parts = self.start..self.out.parts.len();
            self.out.words.push(StyledWord { parts, width: self.width, space });
            self.start = self.out.parts.len();
            self.width = 0;
        }
    }

    /// Adds a run without whitespace, ending words at CJK break opportunities inside it.
    fn chunk(&mut self, chunk: &'a str, style: Style) {
        if chunk.is_ascii() && self.prev.is_none_or(|c| c.is_ascii()) {
            self.prev = chunk.chars().next_back().or(self.prev);
            self.part(chunk, style);
            return;
        }
        let mut from = 0;
        for (at, c) in chunk.char_indices() {
            if self.prev.is_some_and(|p| breaks_between(p, c)) {
                self.part(&chunk[from..at], style);
                self.end_word(None);
                from = at;
            }
            self.prev = Some(c);
        }
        self.part(&chunk[from..], style);
    }
}

fn words(segment: &[Inline]) -> Words<'_> {
    let mut builder = WordsBuilder::default();
    scan(segment, &mut builder, &mut |_: &mut WordsBuilder<'_>| {});
    builder.out
}

/// Feeds a segment's runs to `builder`, calling `after_word` after each run and each space (where
/// the complete words so far may be laid out and dropped).
fn scan<'a>(segment: &'a [Inline], builder: &mut WordsBuilder<'a>, after_word: &mut dyn FnMut(&mut WordsBuilder<'a>)) {
    for item in segment {
        let Inline::Text(text, style) = item else {
            continue;
        };
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let at = rest.find(is_break).unwrap_or(rest.len());
            if at > 0 {
                builder.chunk(&rest[..at], *style);
                rest = &rest[at..];
                after_word(builder);
                continue;
            }
            let end = rest.find(|c| !is_break(c)).unwrap_or(rest.len());
            builder.end_word(Some(*style));
            builder.prev = None;
            rest = &rest[end..];
            after_word(builder);
        }
    }
    builder.end_word(None);
}

/// Splits every word wider than `width` into pieces that fit, keeping each piece's styles.
fn break_long_words(words: Words<'_>, width: usize) -> Words<'_> {
    let Words { parts, words } = words;
    let mut out = Words { parts: Vec::with_capacity(parts.len() + 8), words: Vec::with_capacity(words.len() + 8) };
    for word in words {
        let start = out.parts.len();
        if word.width <= width {
            out.parts.extend_from_slice(&parts[word.parts]);
            out.words.push(StyledWord { parts: start..out.parts.len(), ..word });
            continue;
        }
        // Measured as a whole string, like the word was, so pieces add up to what ratatui will draw.
        let mut measure = String::new();
        let mut piece_start = start;
        let mut piece_width = 0;
        for part in &parts[word.parts.clone()] {
            let mut from = 0;
            for (at, c) in part.text.char_indices() {
                measure.push(c);
                let w = str_width(&measure);
                let piece_empty = out.parts.len() == piece_start && at == from;
                if w > width && !piece_empty {
                    if at > from {
                        out.parts.push(Part { text: &part.text[from..at], style: part.style });
                    }
                    let parts = piece_start..out.parts.len();
                    out.words.push(StyledWord { parts, width: piece_width, space: None });
                    piece_start = out.parts.len();
                    from = at;
                    measure.clear();
                    measure.push(c);
                }
                piece_width = str_width(&measure);
            }
            if from < part.text.len() {
                out.parts.push(Part { text: &part.text[from..], style: part.style });
            }
        }
        out.words.push(StyledWord { parts: piece_start..out.parts.len(), width: piece_width, space: word.space });
    }
    out
}

/// Rebuilds owned spans for one wrapped line, merging neighbours of equal style to keep lines cheap to draw.
fn spans_of(line: &[StyledWord], parts: &[Part<'_>]) -> Spans {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut style = None;
    let mut push = |piece: &str, piece_style: Style| {
        if style.is_some_and(|s| s != piece_style) {
            spans.push(Span::styled(std::mem::take(&mut text), style.unwrap_or_default()));
        }
        style = Some(piece_style);
        text.push_str(piece);
    };
    for (i, word) in line.iter().enumerate() {
        for part in &parts[word.parts.clone()] {
            push(part.text, part.style);
        }
        if let Some(space) = word.space
            && i + 1 < line.len()
        {
            push(" ", space);
        }
    }
    if let Some(style) = style {
        spans.push(Span::styled(text, style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn wrapping_in_batches_gives_the_lines_of_wrapping_at_once() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let link = Style::default().fg(Color::Blue);
        let items = vec![
            Inline::Text("Some plain words, then".into(), Style::default()),
            Inline::Text(" a**bold**".into(), bold),
            Inline::Text("run and a link ".into(), link),
            Inline::Text(
                "averyveryverylongwordthatmustbebrokenacrosslines and 漢字仮名交じり文 then short ones".into(),
                Style::default(),
            ),
            Inline::Break,
            Inline::Text("   ".into(), Style::default()),
            Inline::Break,
            Inline::Text("after the breaks ".repeat(30), Style::default()),
            Inline::Break,
            Inline::Text("漢字仮名交じり文は空白なしで折り返す。".repeat(20), Style::default()),
            Inline::Text("中文也没有空格".repeat(10), bold),
        ];
        for width in [1, 2, 5, 7, 13, 20, 40, 200] {
            let whole = wrap_in_batches(&items, width, usize::MAX);
            for batch in [1, 2, 3, 5, 64] {
                assert_eq!(wrap_in_batches(&items, width, batch), whole, "width {width}, batch {batch}");
            }
        }
    }
}
