//! GFM tables: box-drawn, fitted to the width by wrapping cells, or "Header: value" lines as a last resort.

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;

use super::MarkdownStyles;
use super::page::repeat;
use super::wrap::{Inline, Spans, longest_word, natural_width, spans_width, wrap};

/// Below this many content columns a cell is unreadable, so the table falls back to "Header: value".
const MIN_CELL: usize = 3;

/// A table as parsed: cells are inline runs, already styled (header cells in the header style).
#[derive(Debug, Default)]
pub(super) struct Table {
    pub(super) aligns: Vec<Alignment>,
    pub(super) header: Vec<Vec<Inline>>,
    pub(super) rows: Vec<Vec<Vec<Inline>>>,
}

impl Table {
    fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).chain([self.header.len(), self.aligns.len()]).max().unwrap_or(0)
    }

    fn cell(row: &[Vec<Inline>], col: usize) -> &[Inline] {
        row.get(col).map_or(&[], Vec::as_slice)
    }
}

/// Lays the table out in `width` columns.
pub(super) fn render_table(table: &Table, width: usize, styles: &MarkdownStyles) -> Vec<Spans> {
    let columns = table.columns();
    if columns == 0 {
        return Vec::new();
    }
    match fit_columns(table, columns, width) {
        Some(widths) => boxed(table, &widths, styles),
        None => fallback(table, columns, width, styles),
    }
}

/// Column content widths that fit `width` once borders and padding (3 per column, plus 1) are added.
/// In order of preference: natural widths; every column at least its longest word, the rest shared out
/// to the columns that wrap most; words broken with the widest columns capped to a common width. `None`
/// when even `MIN_CELL` per column cannot fit.
fn fit_columns(table: &Table, columns: usize, width: usize) -> Option<Vec<usize>> {
    let measure = |f: fn(&[Inline]) -> usize| -> Vec<usize> {
        (0..columns)
            .map(|col| {
                let header = f(Table::cell(&table.header, col));
                let body = table.rows.iter().map(|row| f(Table::cell(row, col)));
                body.fold(header, usize::max).max(1)
            })
            .collect()
    };
    let natural = measure(natural_width);
    let available = width.checked_sub(3 * columns + 1)?;
    if natural.iter().sum::<usize>() <= available {
        return Some(natural);
    }
    let longest = measure(longest_word);
    if longest.iter().sum::<usize>() <= available {
        return Some(share_out(longest, &natural, available));
    }
    cap_widest(&longest, available)
}

/// Grows `widths` towards `natural`, one column at a time to whichever lacks the most, until the
/// `available` columns are used.
fn share_out(mut widths: Vec<usize>, natural: &[usize], available: usize) -> Vec<usize> {
    let mut spare = available.saturating_sub(widths.iter().sum());
    while spare > 0 {
        let neediest = widths.iter().zip(natural).enumerate().max_by_key(|(_, (w, n))| n.saturating_sub(**w));
        match neediest {
            Some((i, (w, n))) if n > w => widths[i] += 1,
            _ => break,
        }
        spare -= 1;
    }
    widths
}

/// Caps the widest columns to one common width (words in them will be broken), never below `MIN_CELL`.
fn cap_widest(wanted: &[usize], available: usize) -> Option<Vec<usize>> {
    let capped = |cap: usize| wanted.iter().map(|&n| n.min(cap)).sum::<usize>();
    if capped(MIN_CELL) > available {
        return None;
    }
    // Largest cap that still fits, by binary search: capped() only grows with the cap.
    let (mut lo, mut hi) = (MIN_CELL, wanted.iter().copied().max().unwrap_or(MIN_CELL));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if capped(mid) <= available { lo = mid } else { hi = mid - 1 }
    }
    let mut widths: Vec<usize> = wanted.iter().map(|&n| n.min(lo)).collect();
    // Hand the columns left over to the capped (widest) columns, one each, left to right.
    let mut spare = available - capped(lo);
    for (w, &n) in widths.iter_mut().zip(wanted) {
        if spare > 0 && n > lo {
            *w += 1;
            spare -= 1;
        }
    }
    Some(widths)
}

fn boxed(table: &Table, widths: &[usize], styles: &MarkdownStyles) -> Vec<Spans> {
    let border = styles.table_border;
    let rule = |left: &str, mid: &str, right: &str| -> Spans {
        let mut line = vec![Span::styled(left.to_owned(), border)];
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                line.push(Span::styled(mid.to_owned(), border));
            }
            line.push(repeat("─", w + 2, border));
        }
        line.push(Span::styled(right.to_owned(), border));
        line
    };
    let mut out = vec![rule("┌", "┬", "┐")];
    out.extend(row_lines(&table.header, widths, &table.aligns, border));
    out.push(rule("├", "┼", "┤"));
    for row in &table.rows {
        out.extend(row_lines(row, widths, &table.aligns, border));
    }
    out.push(rule("└", "┴", "┘"));
    out
}

/// One table row, as tall as its tallest wrapped cell.
fn row_lines(row: &[Vec<Inline>], widths: &[usize], aligns: &[Alignment], border: Style) -> Vec<Spans> {
    let cells: Vec<Vec<Spans>> = widths.iter().enumerate().map(|(col, &w)| wrap(Table::cell(row, col), w)).collect();
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (0..height)
        .map(|i| {
            let mut line = vec![Span::styled("│", border)];
            for (col, &w) in widths.iter().enumerate() {
                let content = cells[col].get(i).cloned().unwrap_or_default();
                let pad = w.saturating_sub(spans_width(&content));
                let (before, after) = match aligns.get(col) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                line.push(Span::raw(" ".repeat(before + 1)));
                line.extend(content);
                line.push(Span::raw(" ".repeat(after + 1)));
                line.push(Span::styled("│", border));
            }
            line
        })
        .collect()
}

/// Each body row as "Header: value" lines, rows separated by a blank line; a table without body rows
/// lists its headers.
fn fallback(table: &Table, columns: usize, width: usize, styles: &MarkdownStyles) -> Vec<Spans> {
    let mut out = Vec::new();
    if table.rows.is_empty() {
        for col in 0..columns {
            out.extend(wrap(Table::cell(&table.header, col), width));
        }
        return out;
    }
    for (i, row) in table.rows.iter().enumerate() {
        if i > 0 {
            out.push(Vec::new());
        }
        for col in 0..columns {
            let header = Table::cell(&table.header, col);
            let mut items = header.to_vec();
            if !header.is_empty() {
                items.push(Inline::Text(": ".to_owned(), styles.text.patch(styles.table_header)));
            }
            items.extend_from_slice(Table::cell(row, col));
            out.extend(wrap(&items, width));
        }
    }
    out
}
