//! Block-level layout: paragraphs, headings, quotes, lists, code, HTML, rules and tables onto the page.

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, HeadingLevel};
use ratatui::text::Span;

use super::page::repeat;
use super::render::{Block, ListState, Raw, Renderer};
use super::table::{Table, render_table};
use super::wrap::{Inline, wrap};
use byline_core::sanitize::sanitize;

/// Tab stops in code blocks: the terminal's own tab stops would ignore our indent and the gutters.
const TAB_WIDTH: usize = 4;

/// Bullets by nesting depth, so nested lists stay distinguishable without colour.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];

impl Renderer<'_> {
    /// Lays out inline text read outside any paragraph (a tight list item's text) with no blank line
    /// after it, so tight lists stay tight.
    pub(super) fn flush_loose_text(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        self.page.begin_block();
        let lines = wrap(&std::mem::take(&mut self.inline), self.page.inner_width());
        self.page.emit_all(lines);
        self.page.set_pending_blank(false);
    }

    /// Opens a container block: finishes loose text and writes the blank line before it.
    pub(super) fn container_start(&mut self, block: Block) {
        self.flush_loose_text();
        self.page.begin_block();
        self.blocks.push(block);
    }

    /// Closes the innermost container (item, footnote, definition or definition list).
    pub(super) fn container_end(&mut self) {
        self.flush_loose_text();
        match self.blocks.pop() {
            Some(Block::Item | Block::Quote) => self.page.pop_container(),
            Some(Block::Other) | Some(Block::List) | None => {}
        }
    }

    pub(super) fn paragraph_start(&mut self) {
        if self.blocks.last() == Some(&Block::Item)
            && let Some(list) = self.lists.last_mut()
        {
            // pulldown-cmark wraps item text in paragraphs only in loose lists.
            list.tight = false;
        }
        self.flush_loose_text();
        self.page.begin_block();
        self.lone_image = None;
        self.not_lone = false;
    }

    pub(super) fn paragraph_end(&mut self, blank_after: bool) {
        let lines = wrap(&std::mem::take(&mut self.inline), self.page.inner_width());
        self.page.emit_all(lines);
        self.keep_room_for_image();
        self.page.set_pending_blank(blank_after);
    }

    /// Under a paragraph that is one picture and nothing else (its caption, and a link's
    /// number when the picture is a link), at the top level: the picture's spot, with blank
    /// rows for the reader to draw it in once it is ready. A picture in running text, a list
    /// or a quote stays its alt text.
    fn keep_room_for_image(&mut self) {
        let lone = self.lone_image.take().filter(|_| !std::mem::take(&mut self.not_lone));
        let Some((src, alt)) = lone.filter(|(src, _)| !src.trim().is_empty()) else { return };
        if !self.blocks.is_empty() || self.quote_depth > 0 {
            return;
        }
        let line = self.page.len();
        let rows = self.styles.picture_rows.get(&src).copied().unwrap_or(0);
        for _ in 0..rows {
            self.page.emit(Vec::new(), true);
        }
        self.images.push(super::ImageSpot { line, rows, src, alt });
    }

    pub(super) fn heading_start(&mut self, level: HeadingLevel) {
        self.flush_loose_text();
        self.page.begin_block();
        self.heading = Some(level);
    }

    /// Headings keep their markdown `#` prefix (muted) so levels read without colour; wrapped lines
    /// hang under the text.
    pub(super) fn heading_end(&mut self) {
        let level = self.heading.take().map_or(1, |l| l as usize);
        let prefix = format!("{} ", "#".repeat(level));
        let indent = " ".repeat(prefix.len());
        self.page.push_container(vec![Span::styled(prefix, self.styles.muted)], vec![Span::raw(indent)]);
        let lines = wrap(&std::mem::take(&mut self.inline), self.page.inner_width());
        self.page.emit_all(lines);
        self.page.pop_container();
        self.page.end_block();
    }

    pub(super) fn quote_start(&mut self, kind: Option<BlockQuoteKind>) {
        self.container_start(Block::Quote);
        let gutter = || vec![Span::styled("│ ", self.styles.muted)];
        self.page.push_container(gutter(), gutter());
        self.quote_depth += 1;
        if let Some(kind) = kind {
            let label = match kind {
                BlockQuoteKind::Note => "Note",
                BlockQuoteKind::Tip => "Tip",
                BlockQuoteKind::Important => "Important",
                BlockQuoteKind::Warning => "Warning",
                BlockQuoteKind::Caution => "Caution",
            };
            let style = self.current_style().patch(self.styles.strong);
            self.page.emit(vec![Span::styled(label, style)], true);
        }
    }

    pub(super) fn quote_end(&mut self) {
        self.container_end();
        self.quote_depth = self.quote_depth.saturating_sub(1);
        self.page.end_block();
    }

    pub(super) fn list_start(&mut self, first: Option<u64>) {
        self.container_start(Block::List);
        self.lists.push(ListState { next: first, tight: true, marker: String::new() });
    }

    pub(super) fn list_end(&mut self) {
        self.blocks.pop();
        self.lists.pop();
        // A list nested in a tight item is part of that item: no blank line before the next item.
        let in_tight_item = self.blocks.last() == Some(&Block::Item) && self.lists.last().is_some_and(|l| l.tight);
        self.page.set_pending_blank(!in_tight_item);
    }

    pub(super) fn item_start(&mut self) {
        self.container_start(Block::Item);
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(ListState { next: Some(n), .. }) => {
                let marker = format!("{n}. ");
                *n = n.saturating_add(1);
                marker
            }
            _ => format!("{} ", BULLETS[depth.min(BULLETS.len() - 1)]),
        };
        self.set_item_marker(marker);
    }

    /// `[x]`/`[ ]` replace a bullet and follow a number.
    pub(super) fn task_marker(&mut self, done: bool) {
        let box_ = if done { "[x] " } else { "[ ] " };
        let Some(list) = self.lists.last() else { return };
        let marker = if list.next.is_some() { format!("{}{box_}", list.marker) } else { box_.to_owned() };
        let style = self.styles.list_marker;
        self.page.replace_first(vec![Span::styled(marker, style)]);
    }

    fn set_item_marker(&mut self, marker: String) {
        let indent = " ".repeat(unicode_width::UnicodeWidthStr::width(marker.as_str()));
        if let Some(list) = self.lists.last_mut() {
            list.marker.clone_from(&marker);
        }
        let first = vec![Span::styled(marker, self.styles.list_marker)];
        self.page.push_container(first, vec![Span::raw(indent)]);
    }

    pub(super) fn footnote_start(&mut self, label: &str) {
        self.container_start(Block::Item);
        let marker = format!("[^{}] ", sanitize(label));
        let indent = " ".repeat(unicode_width::UnicodeWidthStr::width(marker.as_str()));
        self.page.push_container(vec![Span::styled(marker, self.styles.link_ref)], vec![Span::raw(indent)]);
    }

    /// A definition list's definition: indented under its term.
    pub(super) fn indent_start(&mut self) {
        self.container_start(Block::Item);
        self.page.push_container(vec![Span::raw("  ")], vec![Span::raw("  ")]);
    }

    pub(super) fn rule(&mut self) {
        self.flush_loose_text();
        self.page.begin_block();
        let width = self.page.inner_width();
        self.page.emit(vec![repeat("─", width, self.styles.rule)], true);
        self.page.end_block();
    }

    pub(super) fn code_start(&mut self, kind: CodeBlockKind<'_>) {
        self.flush_loose_text();
        self.page.begin_block();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("").to_owned()
            }
            CodeBlockKind::Indented => String::new(),
        };
        self.raw = Some(Raw::Code { lang, text: String::new() });
    }

    /// Code keeps its lines: one per source line, indented, tabs expanded. A line longer than the
    /// width is not clipped: it goes on in the next row, whose indent shows a `↪` marker (the text
    /// is never re-flowed at spaces, so what is shown is exactly the line).
    pub(super) fn code_end(&mut self) {
        let Some(Raw::Code { lang, text }) = self.raw.take() else { return };
        if !lang.is_empty() {
            let label = format!("  {}", sanitize(&lang));
            self.page.emit(vec![Span::styled(label, self.styles.muted)], true);
        }
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let first = self.page.len();
        let room = self.page.inner_width().saturating_sub(CODE_INDENT).max(1);
        for line in text.split('\n') {
            let line = expand_tabs(&sanitize(line.strip_suffix('\r').unwrap_or(line)));
            for (i, piece) in pieces(&line, room).into_iter().enumerate() {
                let indent = match i {
                    0 => Span::raw("  "),
                    _ => Span::styled("↪ ", self.styles.muted),
                };
                self.page.emit(vec![indent, Span::styled(piece, self.styles.code_block)], true);
            }
        }
        let copied = text.split('\n').map(|l| sanitize(l.strip_suffix('\r').unwrap_or(l))).collect::<Vec<_>>();
        self.code.push(super::CodeBlock { first, end: self.page.len(), text: copied.join("\n") });
        self.page.end_block();
    }

    pub(super) fn html_start(&mut self) {
        self.flush_loose_text();
        self.page.begin_block();
        self.raw = Some(Raw::Html(String::new()));
    }

    /// Raw HTML is shown, never interpreted: muted, line by line, wrapped like prose.
    pub(super) fn html_end(&mut self) {
        let Some(Raw::Html(text)) = self.raw.take() else { return };
        let width = self.page.inner_width();
        for line in text.trim_end_matches('\n').split('\n') {
            let item = [Inline::Text(expand_tabs(&sanitize(line)), self.styles.muted)];
            self.page.emit_all(wrap(&item, width));
        }
        self.page.end_block();
    }

    pub(super) fn table_start(&mut self, aligns: Vec<Alignment>) {
        self.flush_loose_text();
        self.page.begin_block();
        self.table = Some(Table { aligns, ..Table::default() });
    }

    pub(super) fn cell_end(&mut self) {
        let cell = std::mem::take(&mut self.inline);
        let Some(table) = &mut self.table else { return };
        if self.in_table_head {
            table.header.push(cell);
        } else if let Some(row) = table.rows.last_mut() {
            row.push(cell);
        }
    }

    pub(super) fn table_end(&mut self) {
        let Some(table) = self.table.take() else { return };
        let lines = render_table(&table, self.page.inner_width(), self.styles);
        self.page.emit_all(lines);
        self.page.end_block();
    }
}

/// Columns before a code line: its indent, where a continued line shows its marker.
const CODE_INDENT: usize = 2;

/// A code line cut into pieces of at most `width` columns (one piece when it fits; a character
/// wider than the width still makes progress, alone in its piece).
fn pieces(line: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in line.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width && used > 0 {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        used += w;
    }
    out
}

/// Replaces tabs with spaces up to the next multiple of [`TAB_WIDTH`] columns.
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB_WIDTH - column % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', n));
            column += n;
        } else {
            out.push(c);
            column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    out
}
