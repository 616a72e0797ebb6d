//! Posts of odd sizes through the command line (issue 13): thousands of tags, a 2 MB line, an
//! empty body, a 10,000-character title. Nothing is lost in `--json`, nothing floods the
//! human output, and a refusal is one line.

use crate::common::Db;

#[test]
fn five_thousand_tags_and_a_two_megabyte_line_survive_json_whole() {
    let db = Db::new();
    let line = "word ".repeat(400_000);
    let body = db.file("line.md", &line);
    let mut args: Vec<String> = vec!["--body-file".into(), body.display().to_string(), "--publish".into()];
    for i in 0..5_000 {
        args.extend(["--tag".into(), format!("t{i}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    db.add_post("Many tags", &args);

    let listed = db.posts(&[]);
    assert_eq!(listed[0]["tags"].as_array().expect("tags").len(), 5_000, "post list --json has every tag");
    let shown = db.show("many-tags");
    assert_eq!(shown["tags"].as_array().expect("tags").len(), 5_000);
    let back = shown["body"].as_str().expect("body");
    // Compared without printing: a failure should not dump 2 MB.
    assert!(
        back.trim_end() == line.trim_end(),
        "the 2 MB line comes back whole ({} of {} bytes)",
        back.len(),
        line.len()
    );

    // The human list keeps each post on its line: the tags are cut, not printed in full.
    let human = db.ok(&["post", "list"]);
    assert!(human.len() < 2_000, "the list row is cut to a line, not {} bytes", human.len());
}

#[test]
fn an_empty_body_is_a_post_and_a_ten_thousand_character_title_is_refused_in_one_line() {
    let db = Db::new();
    let empty = db.file("empty.md", "");
    db.add_post("Nothing to say", &["--body-file", &empty.display().to_string()]);
    assert_eq!(db.show("nothing-to-say")["body"], "");

    let title = "t".repeat(10_000);
    let msg = db.fails_unchanged(&["post", "add", "--title", &title], "title");
    assert!(msg.len() < 200, "the refusal does not echo the whole title: {msg}");
}
