//! The markdown file parser against the conventions of each generator and against bad files.

use super::*;

fn parse(path: &str, text: &str) -> ImportItem {
    parse_file(Path::new(path), path, text.as_bytes()).unwrap()
}

fn fails(path: &str, bytes: &[u8]) -> ImportProblem {
    parse_file(Path::new(path), path, bytes).unwrap_err()
}

const JUNE_26: i64 = 1_750_896_000; // 2025-06-26T00:00:00Z

#[test]
fn hugo_yaml_with_every_field() {
    let item = parse(
        "content/posts/hello.md",
        "---\ntitle: Hello\ndate: 2025-06-26T00:00:00Z\nlastmod: 2025-06-27\ntags: [rust, web]\ncategories: [news]\n\
         author: Ann\nsummary: Short\ndraft: false\nslug: hi-there\naliases: [/old/hello]\nweight: 3\n---\nBody\n",
    );
    assert_eq!(item.title, "Hello");
    assert_eq!(item.published_at, Some(JUNE_26));
    assert_eq!(item.updated_at, Some(JUNE_26 + 86_400));
    assert_eq!(item.tags, ["rust", "web", "news"]);
    assert_eq!(item.authors, ["Ann"]);
    assert_eq!(item.summary.as_deref(), Some("Short"));
    assert_eq!(item.slug.as_deref(), Some("hi-there"));
    assert_eq!(item.aliases, ["/old/hello"]);
    assert_eq!(item.extra, [("weight".to_string(), "3".to_string())], "unknown keys are kept");
    assert_eq!(item.state, ImportState::Published);
    assert_eq!(item.body, "Body\n");
}

#[test]
fn zola_toml_with_a_dated_path_taxonomies_and_a_bundle() {
    let item = parse(
        "content/Rust-1.12/index.md",
        "+++\npath = \"2025/06/26/Rust-1.12\"\ntitle = \"Announcing\"\nauthors = [\"A\", \"B\"]\n\
         [taxonomies]\ntags = [\"release\"]\n[extra]\nrelease = true\n+++\n\nText\n",
    );
    assert_eq!(item.published_at, Some(JUNE_26), "the date from path");
    assert_eq!(item.slug.as_deref(), Some("Rust-1.12"));
    assert_eq!(item.authors, ["A", "B"]);
    assert_eq!(item.tags, ["release"]);
    assert_eq!(item.aliases, ["2025/06/26/Rust-1.12"], "the old path is kept");
    assert_eq!(item.extra, [("extra".to_string(), "{\"release\":true}".to_string())]);
    let bundle = parse("content/my-trip/index.md", "+++\ntitle = \"T\"\n+++\n");
    assert_eq!(bundle.slug.as_deref(), Some("my-trip"), "a bundle is named by its folder");
}

#[test]
fn jekyll_names_drafts_and_space_separated_tags() {
    let item = parse("_posts/2025-06-26-hello-world.md", "---\ntags: one two\npublished: true\n---\n# From heading\n");
    assert_eq!(item.published_at, Some(JUNE_26));
    assert_eq!(item.slug.as_deref(), Some("hello-world"));
    assert_eq!(item.title, "From heading");
    assert_eq!(item.tags, ["one", "two"]);
    assert_eq!(parse("_drafts/idea.md", "---\ntitle: Idea\n---\n").state, ImportState::Draft);
    assert_eq!(parse("_posts/x.md", "---\ntitle: X\npublished: false\n---\n").state, ImportState::Draft);
    assert_eq!(parse("x.md", "+++\ntitle = \"X\"\ndraft = true\n+++\n").state, ImportState::Draft);
}

#[test]
fn pelican_headers_and_json_front_matter() {
    let item = parse(
        "content/p.md",
        "Title: My super title\nDate: 2025-06-26 00:00\nTags: thats, awesome\nAuthors: Alexis, Conan\nStatus: draft\n\nBody\n",
    );
    assert_eq!((item.title.as_str(), item.published_at), ("My super title", Some(JUNE_26)));
    assert_eq!(item.tags, ["thats", "awesome"]);
    assert_eq!(item.authors, ["Alexis", "Conan"]);
    assert_eq!(item.state, ImportState::Draft);
    let json = parse("j.md", "{\n  \"title\": \"J\",\n  \"date\": \"2025-06-26\"\n}\nBody\n");
    assert_eq!((json.title.as_str(), json.published_at, json.body.as_str()), ("J", Some(JUNE_26), "Body\n"));
}

#[test]
fn no_front_matter_takes_the_heading_or_the_name() {
    assert_eq!(parse("notes/plain-text.txt", "Just words.\n").title, "plain text");
    assert_eq!(parse("a.md", "```\n# not this\n```\n\n## This one\n").title, "This one");
}

#[test]
fn summaries_come_from_the_more_marker() {
    let item = parse("a.md", "---\ntitle: A\n---\nFirst part.\n\n<!-- more -->\n\nRest.\n");
    assert_eq!(item.summary.as_deref(), Some("First part."));
    assert!(item.body.contains("Rest."));
    assert_eq!(parse("b.md", "---\ntitle: B\n---\nNo marker.\n").summary, None);
}

#[test]
fn bom_and_crlf_are_read_as_plain_text() {
    let item = parse("a.md", "\u{feff}---\r\ntitle: Windows\r\ntags: [a]\r\n---\r\nLine one\r\nLine two\r\n");
    assert_eq!(item.title, "Windows");
    assert_eq!(item.tags, ["a"]);
    assert_eq!(item.body, "Line one\nLine two\n");
}

#[test]
fn bad_files_are_problems_naming_the_file_and_line() {
    let p = fails("posts/latin1.md", b"---\ntitle: caf\xe9\n---\n");
    assert_eq!((p.origin.as_str(), p.line), ("posts/latin1.md", Some(2)));
    assert!(p.reason.contains("not UTF-8"), "{p}");
    let p = fails("bad.md", b"---\ntitle: x\ndate: last tuesday\n---\n");
    assert_eq!(p.line, Some(3));
    assert!(p.reason.contains("last tuesday"), "{p}");
    assert_eq!(p.to_string(), "bad.md:3: cannot read the date 'last tuesday'");
    let p = fails("bad.toml.md", b"+++\ntitle = \"x\"\ntags = [\n+++\n");
    assert!(p.line.is_some() && p.reason.contains("TOML"), "{p}");
}

#[test]
fn one_author_with_a_comma_stays_one_author() {
    assert_eq!(parse("a.md", "---\ntitle: A\nauthor: \"Okonkwo, Chidi\"\n---\n").authors, ["Okonkwo, Chidi"]);
    assert_eq!(parse("b.md", "---\ntitle: B\nauthors: Ann, Bo\n---\n").authors, ["Ann", "Bo"]);
    assert_eq!(parse("c.md", "---\ntitle: C\nauthor:\n  name: Cy\n---\n").authors, ["Cy"]);
}
