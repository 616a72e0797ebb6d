//! Embeds the sample blog in the repository's `data/` so a first run works wherever the binary is.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=../../data");
    let mut posts: Vec<_> = fs::read_dir("../../data/posts")
        .map(|dir| {
            dir.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect()
        })
        .unwrap_or_default();
    posts.sort();
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let entries: String = posts
        .iter()
        .map(|p| format!("    include_str!({:?}),\n", Path::new(&root).join(p).display().to_string()))
        .collect();
    let code = format!(
        "/// The sample posts, markdown with TOML front matter.\npub const SAMPLE_POSTS: &[&str] = &[\n{entries}];\n"
    );
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("sample_posts.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
