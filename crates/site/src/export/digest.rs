//! The digest of what a page is made from, so a re-export skips the pages whose inputs did not
//! change without rendering them.

use std::hash::{Hash, Hasher};

use serde::Serialize;

/// A running digest. std's SipHash with fixed keys: the same inputs give the same digest in
/// every run of one build. Another build may hash differently; its first export then renders
/// every page once and compares bytes, which costs time, never correctness.
pub(super) struct Digest(std::collections::hash_map::DefaultHasher);

impl Digest {
    /// A digest that starts from the whole site's inputs (`site`, see `site_key`).
    pub(super) fn new(site: u64) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write_u64(site);
        Digest(h)
    }

    pub(super) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so two inputs cannot run into each other.
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
        self
    }

    /// A value as its JSON text: every field a template can show is in it.
    pub(super) fn value(&mut self, value: &impl Serialize) -> &mut Self {
        let text = serde_json::to_vec(value).unwrap_or_default();
        self.bytes(&text)
    }

    /// A value by its `Hash`: cheaper than `value` for the types that derive it (cards, heads),
    /// which hash every field a template can show.
    pub(super) fn hash(&mut self, value: &impl Hash) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    pub(super) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// What every page depends on: the program (the page renderer's code), the theme and the blog's
/// settings. A change to any of them makes every page again. The program is known by its
/// version and its executable's size and time, so a new build also renders every page once.
pub(super) fn site_key(theme_sources: &[(String, String)], blog: &impl Serialize) -> u64 {
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
    let built = exe.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    let mut d = Digest::new(0);
    d.bytes(env!("CARGO_PKG_VERSION").as_bytes())
        .value(&(exe.map(|m| m.len()), built.map(|t| t.as_nanos())))
        .value(&theme_sources)
        .value(blog);
    d.finish()
}
