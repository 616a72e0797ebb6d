//! The config file as the real reader reads it at start: its keys, and its blog title for a
//! database without one.
#![cfg(unix)]

use crate::common::pty::*;

#[test]
fn the_reader_starts_with_the_config_files_keys_and_title() {
    let db = Db::seeded();
    db.cli(&["blog", "--title", ""]);
    let file = db.dir().join("config.toml");
    std::fs::write(&file, "[keys.posts]\nquit = \"x\"\n\n[blog]\ntitle = \"From the Config\"\n").unwrap();
    let mut tui = db.reader_with_env(100, 30, &[("BYLINE_CONFIG", file.as_os_str())]);
    tui.wait_for("byline · From the Config · Posts");
    tui.wait_for("x quit");
    tui.send("q");
    tui.wait_for("'q' does nothing here");
    tui.send("x");
    tui.assert_clean_exit();
    tui.assert_no_panic();
}
