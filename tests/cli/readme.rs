//! The README's command-line tour: every line is one command, safe to paste as it is, and the
//! whole tour runs as written against the real binary.

use std::path::Path;

use crate::common::BIN;

/// The lines of the tour's `sh` block.
fn tour() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let start = readme.find("## A tour of the command line").expect("the README has a tour");
    let block = &readme[start..];
    let open = block.find("```sh\n").expect("the tour has a sh block") + "```sh\n".len();
    let close = block[open..].find("```").expect("the block ends") + open;
    block[open..close].lines().map(str::to_string).collect()
}

/// The command part of a line: what comes before an unquoted `#`.
fn command(line: &str) -> String {
    let (mut quoted, mut out) = (None, String::new());
    for c in line.chars() {
        match (quoted, c) {
            (None, '#') => break,
            (None, '"' | '\'') => quoted = Some(c),
            (Some(q), c) if c == q => quoted = None,
            _ => {}
        }
        // Quoted text is kept as spaces: only what the shell reads as syntax is checked.
        out.push(if quoted.is_some() && c != '"' && c != '\'' { ' ' } else { c });
    }
    out
}

#[test]
fn every_line_of_the_tour_is_one_command() {
    let lines = tour();
    assert!(lines.len() > 10, "{lines:?}");
    for line in &lines {
        let cmd = command(line);
        let first = cmd.split_whitespace().next().unwrap_or_default();
        assert!(["byline", "export", "unset"].contains(&first), "not a byline command: {line}");
        // A pipe, a list or a background job would run more than the line seems to say (as
        // `byline post publish 3 | unpublish 3 | delete 3` once did).
        for bad in ['|', '&', ';', '`', '$'] {
            assert!(!cmd.contains(bad), "'{bad}' in: {line}");
        }
    }
}

#[test]
fn the_tour_runs_as_written_on_a_scratch_blog() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tour.db");
    std::fs::write(dir.path().join("hello.md"), "# Hello\n\nThe first post.\n").unwrap();
    std::fs::write(dir.path().join("later.md"), "Written now, published later.\n").unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    for line in tour() {
        let line = line.replace("/tmp/byline-tour.db", &db.display().to_string());
        // Each line on its own shell, as pasted lines run; the exported database carries over.
        let script = format!("export BYLINE_DB='{}'\n{line}", db.display());
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("HOME", dir.path().join("home"))
            .env("XDG_DATA_HOME", dir.path().join("xdg"))
            .env("TZ", "UTC")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}\n{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(dir.path().join("copy.db").exists() && dir.path().join("people.csv").exists());
    assert!(!dir.path().join("home").exists(), "the tour never touched the default database");
}
