//! Subscriber CSV files are personal data and get opened in spreadsheets: exports are written
//! whole, private and never through a symbolic link; names are bounded; formula-like cells are
//! neutralized; and odd CSV files (an unclosed quote, other separators) get a clear answer.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::{BIN, Db, assert_one_line_error};

fn with_subscribers(count: usize) -> Db {
    let db = Db::new();
    let mut csv = String::from("email,name\n");
    for i in 0..count {
        csv.push_str(&format!("reader{i}@example.com,Reader number {i}\n"));
    }
    let file = db.file("many.csv", csv);
    db.ok(&["subscriber", "import", file.to_str().unwrap()]);
    db
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// `subscriber export FILE`, which says on stderr what it wrote.
fn export(db: &Db, dest: &Path) {
    let out = db.cmd().args(["subscriber", "export"]).arg(dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-"))
        .collect()
}

#[test]
fn an_export_replaces_an_open_file_with_a_private_one() {
    let db = with_subscribers(3);
    let dest = db.file("subs.csv", "old contents\n");
    std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
    export(&db, &dest);
    assert_eq!(mode(&dest), 0o600, "the old file's 0644 must not carry over to the addresses");
    assert!(std::fs::read_to_string(&dest).unwrap().contains("reader2@example.com"));
    assert!(leftovers(db.dir.path()).is_empty());
}

#[test]
fn an_export_never_writes_through_a_symbolic_link() {
    let db = with_subscribers(3);
    let victim = db.file("victim.txt", "someone else's file\n");
    let link = db.dir.path().join("subs.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    export(&db, &link);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "someone else's file\n", "the link's target was overwritten");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_file(), "the link is replaced by the export itself");
    assert_eq!(mode(&link), 0o600);
    assert!(std::fs::read_to_string(&link).unwrap().contains("reader0@example.com"));
}

/// `byline subscriber export DEST` with files limited to 64 KB (`ulimit -f 128` blocks of 512
/// bytes; room for SQLite's 32 KB -shm file) and SIGXFSZ ignored: writing past the limit fails
/// as on a full disk.
fn export_on_a_full_disk(db: &Db, dest: &Path) -> std::process::Output {
    let script = r#"ulimit -f 128 && trap '' XFSZ && exec "$0" --db "$1" subscriber export "$2""#;
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(BIN)
        .arg(&db.path)
        .arg(dest)
        .env("HOME", db.dir.path().join("home"))
        .env("XDG_CONFIG_HOME", db.dir.path().join("xdg-config"))
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_DB")
        .output()
        .unwrap()
}

#[test]
fn a_failed_export_leaves_the_destination_as_it_was() {
    // About 200 KB of CSV, past the file size limit.
    let db = with_subscribers(5_000);
    let fresh = db.dir.path().join("fresh.csv");
    let out = export_on_a_full_disk(&db, &fresh);
    let msg = assert_one_line_error(&["subscriber", "export"], &out);
    assert!(msg.contains("fresh.csv"), "{msg}");
    assert!(!fresh.exists(), "a failed export left a file behind");

    let kept = db.file("kept.csv", "the previous export\n");
    let out = export_on_a_full_disk(&db, &kept);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "the previous export\n", "the old export was damaged");
    assert!(leftovers(db.dir.path()).is_empty(), "{:?}", leftovers(db.dir.path()));
}

#[test]
fn names_are_bounded_everywhere_they_come_in() {
    let db = Db::new();
    let long = "x".repeat(201);
    let msg = db.fails_unchanged(&["subscriber", "add", "a@example.com", "--name", &long], "at most 200 characters");
    assert!(msg.contains("201"), "{msg}");
    db.ok(&["subscriber", "add", "a@example.com", "--name", &"é".repeat(200)]);
    db.fails_unchanged(&["subscriber", "edit", "a@example.com", "--name", &long], "at most 200 characters");

    let file = db.file("long.csv", format!("email,name\nb@example.com,{}\nc@example.com,C\n", "y".repeat(1_000_000)));
    let out = db.cmd().args(["subscriber", "import", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: skipped: the name has 1000000 characters; at most 200 are kept"), "{stderr}");
    assert_eq!(db.emails(), ["c@example.com", "a@example.com"]);
}

#[test]
fn formula_like_cells_are_exported_as_text_and_imported_back_unchanged() {
    let db = Db::new();
    let names = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1:A9)", "'=quoted"];
    for (i, name) in names.iter().enumerate() {
        db.ok(&["subscriber", "add", &format!("=reader{i}@example.com"), &format!("--name={name}")]);
    }
    let csv = db.ok(&["subscriber", "export"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a spreadsheet would run {cell:?}");
        }
    }
    assert_eq!(cells, 20);
    let file = db.file("out.csv", &csv);
    let fresh = Db::new();
    fresh.ok(&["subscriber", "import", file.to_str().unwrap()]);
    let by_email = |db: &Db| -> std::collections::BTreeMap<String, String> {
        db.subscribers()
            .iter()
            .map(|s| (s["email"].as_str().unwrap().into(), s["name"].as_str().unwrap().into()))
            .collect()
    };
    assert_eq!(by_email(&fresh), by_email(&db));
    assert_eq!(by_email(&fresh).values().filter(|n| names.contains(&n.as_str())).count(), 5);
}

#[test]
fn odd_csv_files_get_a_clear_answer() {
    let db = Db::new();
    let unclosed =
        db.file("unclosed.csv", "email,name\na@example.com,A\nb@example.com,\"B\nc@example.com,C\nd@example.com,D\n");
    let msg = db.fails_unchanged(&["subscriber", "import", unclosed.to_str().unwrap()], "line 3");
    assert!(msg.contains("never closed") && msg.contains("unclosed.csv"), "{msg}");

    let semi = db.file("semi.csv", "email;name;tags\na@example.com;Lee, Ann;rust\n");
    let tab = db.file("tab.csv", "email\tname\nb@example.com\tBo\n");
    db.ok(&["subscriber", "import", semi.to_str().unwrap()]);
    db.ok(&["subscriber", "import", tab.to_str().unwrap()]);
    assert_eq!(db.emails(), ["b@example.com", "a@example.com"]);
    assert_eq!(db.subscribers()[1]["name"], "Lee, Ann");

    let trailing = db.file("trailing.csv", "email,name\nc@example.com,Cy,,\n");
    db.ok(&["subscriber", "import", trailing.to_str().unwrap()]);
    assert_eq!(db.subscribers()[0]["name"], "Cy");
}
