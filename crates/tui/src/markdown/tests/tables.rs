//! Tables: natural fit, shrinking with wrapped cells, and the "Header: value" fallback.

use super::*;

const TABLE: &str = "| Name | Notes |\n|---|---:|\n| ratatui | terminal user interfaces |\n| 漢字 | wide |";

#[test]
fn a_table_that_fits_is_box_drawn_at_natural_widths() {
    let styles = tagged_styles();
    let out = render(TABLE, 80, &styles);
    assert_eq!(
        texts(&out),
        [
            "┌─────────┬──────────────────────────┐",
            "│ Name    │                    Notes │",
            "├─────────┼──────────────────────────┤",
            "│ ratatui │ terminal user interfaces │",
            "│ 漢字    │                     wide │",
            "└─────────┴──────────────────────────┘",
        ]
    );
    assert_eq!(out.lines[0].spans[0].style, styles.table_border);
    let header = out.lines[1].spans.iter().find(|s| s.content == "Name");
    assert_eq!(header.map(|s| s.style), Some(styles.text.patch(styles.table_header)));
}

#[test]
fn a_wide_table_wraps_cells_at_spaces_before_breaking_words() {
    // 26 columns leave 19 for content: "Name" keeps its 7, "Notes" gets 12, wide enough for every word.
    let out = lines(TABLE, 26);
    assert_eq!(
        out,
        [
            "┌─────────┬──────────────┐",
            "│ Name    │        Notes │",
            "├─────────┼──────────────┤",
            "│ ratatui │     terminal │",
            "│         │         user │",
            "│         │   interfaces │",
            "│ 漢字    │         wide │",
            "└─────────┴──────────────┘",
        ]
    );
}

#[test]
fn a_table_narrower_than_its_longest_words_breaks_them() {
    let out = lines(TABLE, 20);
    assert_eq!(out[3], "│ ratatui │ termin │");
    assert_eq!(out[4], "│         │     al │");
    for width in 16..=60u16 {
        let rendered = render(TABLE, width, &MarkdownStyles::default());
        assert!(text_of(&rendered.lines[0]).starts_with('┌'), "width {width} should still be boxed");
        assert!(rendered.lines.iter().all(|l| width_of(l) <= usize::from(width)), "width {width}");
    }
}

#[test]
fn a_table_too_narrow_for_boxes_falls_back_to_header_value_lines() {
    let out = lines(TABLE, 12);
    assert_eq!(out, ["Name:", "ratatui", "Notes:", "terminal", "user", "interfaces", "", "Name: 漢字", "Notes: wide"]);
}

#[test]
fn cjk_cells_are_measured_without_phantom_spaces() {
    assert_eq!(lines("| 漢字漢字 |\n|---|\n| x |", 40)[1], "│ 漢字漢字 │");
}

#[test]
fn ragged_rows_are_padded() {
    let out = lines("| a | b |\n|---|---|\n| 1 |", 40);
    assert_eq!(out[3], "│ 1 │   │");
}
