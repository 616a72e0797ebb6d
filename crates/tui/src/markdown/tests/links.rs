//! Link numbering and the links section.

use super::*;

#[test]
fn links_are_numbered_and_identical_urls_share_a_number() {
    let styles = tagged_styles();
    let md = "[one](https://a.example) [two](https://b.example) [again](https://a.example) <https://c.example>";
    let out = render(md, 80, &styles);
    assert_eq!(out.links, ["https://a.example", "https://b.example", "https://c.example"]);
    assert_eq!(
        texts(&out),
        [
            "one[1] two[2] again[1] https://c.example[3]",
            "",
            "Links",
            "[1] https://a.example",
            "[2] https://b.example",
            "[3] https://c.example",
        ]
    );
    let spans = &out.lines[0].spans;
    assert_eq!(spans[0].content, "one");
    assert_eq!(spans[0].style, styles.text.patch(styles.link));
    assert_eq!(spans[1].content, "[1]");
    assert_eq!(spans[1].style, styles.text.patch(styles.link_ref));
    assert_eq!(out.lines[2].spans[0].style, styles.muted);
}

#[test]
fn reference_links_and_email_autolinks_are_numbered() {
    let out = render("[ref] <me@example.com>\n\n[ref]: https://r.example", 80, &MarkdownStyles::default());
    assert_eq!(out.links, ["https://r.example", "mailto:me@example.com"]);
}

#[test]
fn links_section_keeps_long_urls_whole_on_one_line() {
    let url = "https://example.com/a/really/long/path/to/somewhere";
    let out = lines(&format!("[x]({url})"), 20);
    let section: Vec<&String> = out.iter().skip_while(|l| *l != "Links").skip(1).collect();
    assert_eq!(section, [&format!("[1] {url}")], "never broken across lines: {out:?}");
}

#[test]
fn no_links_means_no_section() {
    let out = render("just text", 40, &MarkdownStyles::default());
    assert!(out.links.is_empty());
    assert_eq!(texts(&out), ["just text"]);
}

#[test]
fn links_with_an_empty_destination_get_no_number() {
    assert_eq!(lines("[nowhere]()", 40), ["nowhere"]);
}
