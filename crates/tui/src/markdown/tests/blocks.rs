//! Block layout: headings, lists, quotes, code, rules, HTML, images.

use super::*;

#[test]
fn headings_keep_a_muted_level_prefix_and_hang_when_wrapped() {
    let styles = tagged_styles();
    let out = render("# Title\n\n## Second level heading\n\n#### Deep", 14, &styles);
    assert_eq!(texts(&out), ["# Title", "", "## Second", "   level", "   heading", "", "#### Deep"]);
    assert_eq!(out.lines[0].spans[0].style, styles.muted);
    assert_eq!(out.lines[0].spans[1].style, styles.text.patch(styles.heading[0]));
    assert_eq!(out.lines[2].spans[1].style, styles.text.patch(styles.heading[1]));
    assert_eq!(out.lines[6].spans[1].style, styles.text.patch(styles.heading[2]));
}

#[test]
fn nested_lists_hang_their_continuation_lines_under_the_text() {
    let md = "- aaa bbb ccc ddd\n  - eee fff ggg hhh\n- iii";
    assert_eq!(lines(md, 12), ["• aaa bbb", "  ccc ddd", "  ◦ eee fff", "    ggg hhh", "• iii"]);
}

#[test]
fn ordered_lists_respect_the_start_number() {
    let md = "7. seven\n8. eight words wrap here\n9. nine";
    assert_eq!(lines(md, 14), ["7. seven", "8. eight words", "   wrap here", "9. nine"]);
}

#[test]
fn loose_lists_get_blank_lines_and_tight_ones_do_not() {
    assert_eq!(lines("- a\n- b\n\nafter", 20), ["• a", "• b", "", "after"]);
    assert_eq!(lines("- a\n\n- b\n\nafter", 20), ["• a", "", "• b", "", "after"]);
    assert_eq!(lines("- a\n  - b\n- c", 20), ["• a", "  ◦ b", "• c"]);
}

#[test]
fn task_list_items_show_their_state() {
    let styles = tagged_styles();
    let out = render("- [x] done\n- [ ] open item text\n1. [x] numbered", 16, &styles);
    assert_eq!(texts(&out), ["[x] done", "[ ] open item", "    text", "", "1. [x] numbered"]);
    assert_eq!(out.lines[0].spans[0].style, styles.list_marker);
}

#[test]
fn quotes_have_a_gutter_on_every_line_and_nest() {
    let md = "> outer quote text that wraps\n>\n> > inner quote that wraps too\n\nafter";
    assert_eq!(
        lines(md, 16),
        ["│ outer quote", "│ text that", "│ wraps", "│", "│ │ inner quote", "│ │ that wraps", "│ │ too", "", "after"]
    );
}

#[test]
fn quote_gutter_is_muted_and_text_uses_the_quote_style() {
    let styles = tagged_styles();
    let out = render("> quoted", 20, &styles);
    assert_eq!(out.lines[0].spans[0].style, styles.muted);
    assert_eq!(out.lines[0].spans[1].style, styles.text.patch(styles.quote));
}

#[test]
fn code_blocks_keep_their_lines_and_expand_tabs() {
    let styles = tagged_styles();
    let md = "```rust\nfn main() {\n\tlet long_variable_name = 1;\n}\n```";
    let out = render(md, 40, &styles);
    assert_eq!(texts(&out), ["  rust", "  fn main() {", "      let long_variable_name = 1;", "  }"]);
    assert_eq!(out.lines[0].spans[0].style, styles.muted);
    assert_eq!(out.lines[2].spans[1].style, styles.code_block);
    assert!(out.lines.iter().all(|l| !text_of(l).contains('\t')));
    assert_eq!(
        out.code,
        [CodeBlock { first: 1, end: 4, text: "fn main() {\n\tlet long_variable_name = 1;\n}".into() }]
    );
}

#[test]
fn a_long_code_line_goes_on_under_a_marker_instead_of_being_clipped() {
    let styles = tagged_styles();
    let md = "```rust\nfn main() {\n\tlet long_variable_name = 1;\n}\n```";
    let out = render(md, 12, &styles);
    assert_eq!(
        texts(&out),
        ["  rust", "  fn main()", "↪ {", "      let lo", "↪ ng_variabl", "↪ e_name = 1", "↪ ;", "  }"]
    );
    assert!(out.lines.iter().all(|l| width_of(l) <= 12), "nothing runs past the width");
    assert_eq!(out.lines[2].spans[0].style, styles.muted, "the marker is muted");
    // Every character is shown, in order (a space ending a piece is not drawn).
    let shown: String = texts(&out)[1..].iter().map(|l| l[l.char_indices().nth(2).unwrap().0..].to_string()).collect();
    assert_eq!(shown.replace(' ', ""), "fnmain(){letlong_variable_name=1;}");
    // Copying the block gives the lines whole, as written.
    assert_eq!(out.code[0].text, "fn main() {\n\tlet long_variable_name = 1;\n}");
    assert_eq!((out.code[0].first, out.code[0].end), (1, 8));
}

#[test]
fn tabs_expand_to_the_next_tab_stop() {
    assert_eq!(lines("```\na\tb\n\tc\n```", 40), ["  a   b", "      c"]);
}

#[test]
fn indented_code_has_no_label() {
    assert_eq!(lines("para\n\n    code line\n\nafter", 40), ["para", "", "  code line", "", "after"]);
}

#[test]
fn code_inside_a_list_keeps_the_list_indent() {
    assert_eq!(lines("- item\n\n  ```\n  x\n  ```", 40), ["• item", "", "    x"]);
}

#[test]
fn horizontal_rule_spans_the_width() {
    let styles = tagged_styles();
    let out = render("a\n\n---\n\nb", 7, &styles);
    assert_eq!(texts(&out), ["a", "", "───────", "", "b"]);
    assert_eq!(out.lines[2].spans[0].style, styles.rule);
}

#[test]
fn images_render_as_their_alt_text() {
    let styles = tagged_styles();
    let out = render("![A cat](cat.png) and ![](x.png)", 80, &styles);
    assert_eq!(texts(&out), ["[image: A cat] and [image]"]);
    assert_eq!(out.lines[0].spans[0].style, styles.text.patch(styles.image));
    assert!(out.links.is_empty(), "image sources are not links");
}

#[test]
fn a_picture_alone_in_its_paragraph_is_a_spot_and_gets_the_rows_its_picture_needs_once_ready() {
    let md = "Intro.\n\n![A cat on a mat](https://x.y/cat.png)\n\n[![Linked](/img/l.png)](https://x.y)\n\nEnd.";
    let spots =
        |out: &Rendered| out.images.iter().map(|i| (i.line, i.rows, i.src.clone(), i.alt.clone())).collect::<Vec<_>>();
    // Nothing ready: each picture is its caption, and its spot takes no rows.
    let waiting = render(md, 40, &tagged_styles());
    assert_eq!(
        texts(&waiting),
        ["Intro.", "", "[image: A cat on a mat]", "", "[image: Linked][1]", "", "End.", "", "Links", "[1] https://x.y"]
    );
    assert_eq!(
        spots(&waiting),
        [(3, 0, "https://x.y/cat.png".into(), "A cat on a mat".into()), (5, 0, "/img/l.png".into(), "Linked".into())]
    );
    // The second picture ready at 3 rows: blank rows under its caption, the first unchanged.
    let rows = std::sync::Arc::new([("/img/l.png".to_string(), 3)].into_iter().collect());
    let ready = render(md, 40, &MarkdownStyles { picture_rows: rows, ..tagged_styles() });
    assert_eq!(
        texts(&ready),
        [
            "Intro.",
            "",
            "[image: A cat on a mat]",
            "",
            "[image: Linked][1]",
            "",
            "",
            "",
            "",
            "End.",
            "",
            "Links",
            "[1] https://x.y"
        ]
    );
    assert_eq!(
        spots(&ready),
        [(3, 0, "https://x.y/cat.png".into(), "A cat on a mat".into()), (5, 3, "/img/l.png".into(), "Linked".into())]
    );
}

#[test]
fn a_picture_in_running_text_a_list_or_a_quote_stays_its_alt_text() {
    let all: super::super::PictureRows = std::sync::Arc::new(
        ["cat.png", "1.png", "2.png", "l.png", "q.png", "x.png"].into_iter().map(|s| (s.to_string(), 3)).collect(),
    );
    let styles = MarkdownStyles { picture_rows: all, ..tagged_styles() };
    for md in [
        "See ![A cat](cat.png) here.",
        "![one](1.png) ![two](2.png)",
        "- ![in a list](l.png)",
        "> ![in a quote](q.png)",
        "`code` ![x](x.png)",
    ] {
        let out = render(md, 40, &styles);
        assert!(out.images.is_empty(), "{md:?}: {:?}", out.images);
        assert!(!texts(&out).iter().any(String::is_empty), "{md:?}: no blank rows: {:?}", texts(&out));
    }
}

#[test]
fn html_is_shown_raw_and_muted() {
    let styles = tagged_styles();
    let out = render("<div>\n<b>hi</b>\n</div>\n\ntext <em>x</em>", 40, &styles);
    assert_eq!(texts(&out), ["<div>", "<b>hi</b>", "</div>", "", "text <em>x</em>"]);
    assert_eq!(out.lines[0].spans[0].style, styles.muted);
    let inline_tag = out.lines[4].spans.iter().find(|s| s.content.contains("<em>"));
    assert_eq!(inline_tag.map(|s| s.style), Some(styles.text.patch(styles.muted)));
}

#[test]
fn footnotes_show_their_label() {
    assert_eq!(lines("text[^n]\n\n[^n]: note", 40), ["text[^n]", "", "[^n] note"]);
}
