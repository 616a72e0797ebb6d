//! 200 attack strings in every field a post has (title, author, tag, summary, body), shown by the
//! real reader in a pseudo-terminal and by the CLI's human output: the raw bytes written are
//! scanned, and no control character, escape sequence or bidi control from the strings is
//! among them.

use std::process::Command;

use crate::common::pty::{Db, bin};

/// What an attacker puts in a field: escape sequences that act on the terminal (retitle, clear,
/// clipboard, device queries, the alternate screen, bracketed paste), C0 and C1 controls (C1 as
/// UTF-8), and characters that reorder or hide text.
const PAYLOADS: [&str; 20] = [
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]0;pwned\x07",
    "\x1bP+q544e\x1b\\",
    "\x1b[2J",
    "\x1b[?1049l",
    "\x1b[6n",
    "\x1b[31mred",
    "\u{9b}2J",
    "\u{9d}0;pwned\u{9c}",
    "bell\x07",
    "back\x08\x08\x08",
    "cr\rover",
    "nul\x00",
    "del\x7f",
    "\u{202e}gnp.exe",
    "\u{2066}iso\u{2069}",
    "zero\u{200b}width\u{200d}",
    "line\u{2028}sep\u{2029}",
    "\u{fff9}anno\u{fffb}",
    "\x1b[200~paste\x1b[201~",
];

/// Ten ways around a payload, so it meets the renderers at a word's start, middle and end,
/// inside markdown emphasis, code, a link and a heading.
const WRAPS: [(&str, &str); 10] = [
    ("", ""),
    ("A ", " Z"),
    ("mid", "word"),
    ("**", "**"),
    ("`", "`"),
    ("[link ", "](https://example.com/)"),
    ("# ", ""),
    ("> ", " quoted"),
    ("- item ", ""),
    ("", "\n\nnext paragraph"),
];

fn attacks() -> Vec<String> {
    WRAPS.iter().flat_map(|(pre, post)| PAYLOADS.iter().map(move |p| format!("{pre}{p}{post}"))).collect()
}

/// Adds a published post with `attack` in every field that takes it. A field the CLI refuses
/// (authors and tags may not hold control characters: a clear error, nothing stored) is left out
/// and the post added again. Returns how many fields hold the string, body included.
fn add(db: &Db, i: usize, attack: &str) -> usize {
    let body = db.dir().join(format!("body-{i}.md"));
    std::fs::write(&body, format!("Before the attack.\n\n{attack}\n\nAfter the attack.\n")).unwrap();
    // A command line cannot carry NUL: the arguments get the string without it, the body keeps it.
    let arg = attack.replace('\0', "");
    let mut fields = vec![
        ("--title", format!("{i:03} {arg}")),
        ("--author", arg.clone()),
        ("--summary", arg.clone()),
        ("--tag", arg.clone()),
    ];
    loop {
        let mut cmd = Command::new(bin());
        cmd.arg("--db").arg(db.path()).args(["post", "add", "--publish", "--body-file", body.to_str().unwrap()]);
        for (flag, value) in &fields {
            // `--flag=value`, so a value starting with `-` is not read as an option.
            cmd.arg(format!("{flag}={value}"));
        }
        let out = cmd.env("HOME", db.dir()).env_remove("BYLINE_DB").env_remove("BYLINE_CONFIG").output().unwrap();
        if out.status.success() {
            return fields.len() + 1;
        }
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(intruders(err.as_bytes()), Vec::<String>::new(), "the refusal quotes the input raw: {err}");
        let refused = ["author", "summary", "tag", "title"].iter().find(|f| err.contains(&format!("invalid {f}")));
        match refused {
            Some(&"title") => fields[0].1 = format!("{i:03} refused title"),
            Some(f) => fields.retain(|(flag, _)| flag.trim_start_matches('-') != *f),
            None => panic!("post {i} refused for no field: {err}"),
        }
    }
}

/// Everything in `raw` that the attack strings could have put there: bytes and sequences
/// byline's own drawing never writes. crossterm writes only CSI sequences (`ESC [`), and none
/// that asks the terminal a question (`n`) or touches bracketed paste markers (`~`).
fn intruders(raw: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let text = String::from_utf8_lossy(raw);
    if text.contains('\u{fffd}') && std::str::from_utf8(raw).is_err() {
        found.push("bytes that are not UTF-8 (a raw 8-bit C1?)".to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\x1b' {
            if chars.get(i + 1) != Some(&'[') {
                found.push(format!("ESC {:?} (not a CSI)", chars.get(i + 1)));
                i += 1;
                continue;
            }
            let mut j = i + 2;
            while j < chars.len() && !('\x40'..='\x7e').contains(&chars[j]) {
                j += 1;
            }
            let seq: String = chars[i + 1..=j.min(chars.len() - 1)].iter().collect();
            if seq.ends_with('n') || seq.ends_with('~') {
                found.push(format!("CSI {seq:?}"));
            }
            i = j + 1;
            continue;
        }
        let bidi =
            matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        let invisible = matches!(
            c,
            '\u{200b}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fff9}'..='\u{fffb}'
        );
        let control = c.is_control() && !matches!(c, '\r' | '\n');
        if bidi || invisible || control {
            found.push(format!("{c:?}"));
        }
        i += 1;
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn two_hundred_attack_strings_in_every_field_never_reach_the_terminal_raw() {
    let db = Db::empty();
    let attacks = attacks();
    assert_eq!(attacks.len(), 200);
    let fields: usize = attacks.iter().enumerate().map(|(i, a)| add(&db, i, a)).sum();
    // Every post has the string at least in its body; most in its title and summary too.
    assert!(fields >= 400, "fields that took the strings: {fields}");
    eprintln!("{} attack strings stored in {fields} fields", attacks.len());

    // The CLI's human output of every post, piped as a script would read it.
    let list = db.cli(&["post", "list"]);
    assert_eq!(intruders(list.as_bytes()), Vec::<String>::new(), "post list");
    for i in [0usize, 7, 19, 44, 101, 150, 199] {
        let shown = db.cli(&["post", "show", &(i + 1).to_string()]);
        assert_eq!(intruders(shown.as_bytes()), Vec::<String>::new(), "post show {}", i + 1);
    }

    // The reader: every post passes through the list and the article beside it (wide layout),
    // then a few are opened whole and scrolled to their similar posts.
    let mut tui = db.reader(140, 40);
    tui.wait_for("199 ");
    for _ in 0..200 {
        tui.send("j");
    }
    tui.wait_for("000 ");
    for _ in 0..5 {
        tui.send("\r");
        tui.send("G");
        tui.esc();
        tui.send("k");
    }
    tui.send("q");
    tui.send("q");
    tui.assert_clean_exit();
    tui.assert_no_panic();
    tui.with_recorder(|r| {
        assert!(r.titles.is_empty() && r.icon_names.is_empty(), "retitled: {:?} {:?}", r.titles, r.icon_names);
        assert_eq!(r.bells, 0, "the bell rang");
    });
    let raw = tui.raw_output();
    assert_eq!(intruders(&raw), Vec::<String>::new(), "in {} bytes written to the terminal", raw.len());
}
