//! Running the Python checker. A missing Python or feedparser fails the test under CI (where
//! `.ci/run` installs them) and is skipped with a loud message elsewhere, never passed silently.

use std::io::Write;
use std::path::Path;
use std::process::Command;

const SCRIPT: &str = include_str!("check.py");

/// What `check.py KIND` printed for `text` written to a file named `name`, or None when the tools
/// are missing outside CI.
pub fn check(kind: &str, name: &str, text: &str) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    check_file(kind, &path)
}

pub fn check_file(kind: &str, path: &Path) -> Option<serde_json::Value> {
    let out = match Command::new("python3").arg("-c").arg(SCRIPT).arg(kind).arg(path).output() {
        Ok(out) => out,
        Err(e) => return missing(&format!("python3 could not be run: {e}")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(3) {
        return missing(stdout.trim());
    }
    assert!(out.status.success(), "check.py {kind} failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("check.py printed no JSON ({e}): {stdout}")))
}

fn missing(why: &str) -> Option<serde_json::Value> {
    if std::env::var_os("CI").is_some() {
        panic!("this test reads the feeds with Python's parsers and cannot: {why}");
    }
    // Straight to stderr, past the test harness's capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED (CI unset): {why}. `python3 -m pip install feedparser`, as .ci/run does, to check the feeds. ***\n"
    );
    None
}
