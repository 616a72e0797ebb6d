//! The output being built: container prefixes, blank lines between blocks, and the width guarantee.

use super::wrap::{Spans, spans_width, str_width};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A block that prefixes every line inside it: a quote's gutter, or a list item's marker then its indent.
#[derive(Debug)]
struct Container {
    first: Spans,
    rest: Spans,
    width: usize,
    first_used: bool,
}

/// Lines emitted so far plus the containers that the next line sits in.
#[derive(Debug)]
pub(super) struct Page {
    width: usize,
    lines: Vec<Line<'static>>,
    containers: Vec<Container>,
    /// Set when a block ended; the blank line is only written once another block starts, so the article
    /// never ends with one and a tight list can cancel it.
    pending_blank: bool,
}

impl Page {
    pub(super) fn new(width: usize) -> Self {
        Self { width, lines: Vec::new(), containers: Vec::new(), pending_blank: false }
    }

    /// The columns left for content inside the current containers; at least 1 so wrapping always
    /// makes progress (anything that then overflows a tiny width is clipped).
    pub(super) fn inner_width(&self) -> usize {
        let used: usize = self.containers.iter().map(|c| c.width).sum();
        self.width.saturating_sub(used).max(1)
    }

    /// Opens a container. `first` prefixes its first line; `rest` (same width) every later one.
    pub(super) fn push_container(&mut self, first: Spans, rest: Spans) {
        let width = spans_width(&first).max(spans_width(&rest));
        self.containers.push(Container { first, rest, width, first_used: false });
    }

    /// Replaces the first-line prefix of the innermost container if it is still unused (task markers
    /// arrive after the list item has opened).
    pub(super) fn replace_first(&mut self, first: Spans) {
        if let Some(c) = self.containers.last_mut().filter(|c| !c.first_used) {
            c.width = spans_width(&first).max(c.width);
            c.rest = vec![Span::raw(" ".repeat(c.width))];
            c.first = first;
        }
    }

    /// Closes the innermost container; an empty list item still shows its marker.
    pub(super) fn pop_container(&mut self) {
        if self.containers.last().is_some_and(|c| !c.first_used) {
            self.emit(Vec::new(), true);
        }
        self.containers.pop();
    }

    /// Call before writing a block: writes the blank line that separates it from the previous one.
    pub(super) fn begin_block(&mut self) {
        if std::mem::take(&mut self.pending_blank) && !self.lines.is_empty() {
            self.emit_blank();
        }
    }

    /// Call after a block: the next block gets a blank line before it unless `set_pending_blank(false)`.
    pub(super) fn end_block(&mut self) {
        self.pending_blank = true;
    }

    pub(super) fn set_pending_blank(&mut self, pending: bool) {
        self.pending_blank = pending;
    }

    /// A separator line: gutters continue through it, list markers are not spent on it.
    pub(super) fn emit_blank(&mut self) {
        let mut spans: Spans = self.containers.iter().flat_map(|c| c.rest.iter().cloned()).collect();
        trim_end(&mut spans);
        self.lines.push(clip(spans, self.width).into());
    }

    /// Writes one line inside the current containers. `clip` is false only for a URL in the links
    /// list, kept whole (the pane shows what fits).
    pub(super) fn emit(&mut self, content: Spans, clip_to_width: bool) {
        let mut spans = Vec::with_capacity(content.len() + self.containers.len());
        for c in &mut self.containers {
            let prefix = if c.first_used { &c.rest } else { &c.first };
            spans.extend(prefix.iter().cloned());
            c.first_used = true;
        }
        spans.extend(content);
        trim_end(&mut spans);
        if clip_to_width {
            spans = clip(spans, self.width);
        }
        self.lines.push(spans.into());
    }

    pub(super) fn emit_all(&mut self, lines: Vec<Spans>) {
        for line in lines {
            self.emit(line, true);
        }
    }

    /// How many lines have been written.
    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }

    pub(super) fn into_lines(self) -> Vec<Line<'static>> {
        self.lines
    }
}

/// Drops trailing spaces (and the spans they empty), which only cost the terminal work.
fn trim_end(spans: &mut Spans) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end_matches(' ');
        if trimmed.is_empty() {
            spans.pop();
        } else {
            if trimmed.len() != last.content.len() {
                last.content = trimmed.to_owned().into();
            }
            return;
        }
    }
}

/// Cuts a line to `width` columns. Only reached at tiny widths or with characters wider than the width;
/// at ordinary widths the wrapping already fits.
fn clip(spans: Spans, width: usize) -> Spans {
    if spans_width(&spans) <= width {
        return spans;
    }
    let mut left = width;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = str_width(&span.content);
        if w <= left {
            left -= w;
            out.push(span);
            continue;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            kept.push(c);
            if str_width(&kept) > left {
                kept.pop();
                break;
            }
        }
        if !kept.is_empty() {
            out.push(Span::styled(kept, span.style));
        }
        break;
    }
    out
}

/// `n` copies of `s` in one span, for rules and borders.
pub(super) fn repeat(s: &str, n: usize, style: Style) -> Span<'static> {
    Span::styled(s.repeat(n), style)
}
