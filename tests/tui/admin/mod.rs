//! The admin side of the TUI driven like a person would, with no terminal: keys go through the
//! real keymap, update, effects and store (`byline::tui::Headless`), and every test checks both
//! what the editor sees and what the store holds afterwards. One file per view; the shared
//! helpers are here.

mod blog;
mod compose;
mod compose_publish;
mod config;
mod import;
mod newsletter;
mod on_screen;
mod post_actions;
mod publish;
mod shared_store;
mod subscribers;
mod tags;

use std::path::{Path, PathBuf};

use byline::app::form::{FieldId, Form};
use byline::app::{Confirmable, Msg, Overlay, View};
use byline::domain::{Post, PostStatus, PostSummary, Subscriber, SubscriberStatus};
use byline::store::{self, ListFilter, Store};
use byline::tui::Headless;
use crossterm::event::{KeyCode, KeyModifiers};
use tempfile::TempDir;

/// The fixed clock: 2026-07-01T00:00:00Z.
pub(super) const T: i64 = 1_782_864_000;

/// A database file in a temporary directory.
pub(super) struct Blog {
    pub(super) dir: TempDir,
    pub(super) path: PathBuf,
}

impl Blog {
    /// The sample blog (10 posts, 12 tags, 6 subscribers), loaded at `T`.
    pub(super) fn seeded() -> Blog {
        let blog = Blog::empty();
        let mut s = blog.store();
        byline::transfer::sample::load(&mut s).expect("load the sample blog");
        blog
    }

    pub(super) fn empty() -> Blog {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("blog.db");
        Blog { dir, path }
    }

    /// A fresh connection to the file, with the clock fixed at `T`.
    pub(super) fn store(&self) -> Store {
        let mut s = Store::open(&self.path).expect("open the store");
        s.set_clock(Some(T));
        s
    }

    /// The TUI on this file, as if just started in a terminal of this size.
    pub(super) fn tui(&self, width: u16, height: u16) -> Headless {
        Headless::new(self.store(), width, height).expect("start headless")
    }

    pub(super) fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub(super) fn posts(store: &Store) -> Vec<PostSummary> {
    store::list_posts(store.conn(), &ListFilter::default(), T).expect("list posts")
}

pub(super) fn post_titled(store: &Store, title: &str) -> Option<Post> {
    let found = posts(store).into_iter().find(|p| p.title == title)?;
    Some(store::get_post(store.conn(), found.id, T).expect("get post"))
}

pub(super) fn tag_counts(store: &Store) -> Vec<(String, i64)> {
    store::list_tags(store.conn()).expect("list tags").into_iter().map(|t| (t.name, t.posts)).collect()
}

pub(super) fn subscribers(store: &Store) -> Vec<Subscriber> {
    store::list_subscribers(store.conn(), None).expect("list subscribers")
}

pub(super) fn subscriber(store: &Store, email: &str) -> Option<Subscriber> {
    store::get_subscriber(store.conn(), email).ok()
}

/// The compose pane's form; panics if it is not open.
pub(super) fn compose(h: &Headless) -> &Form {
    &h.state.compose.as_ref().expect("the compose pane is open").form
}

pub(super) fn compose_field(h: &Headless, label: &str) -> String {
    compose(h).fields.iter().find(|f| f.label == label).expect("field exists").value()
}

pub(super) fn compose_error(h: &Headless, label: &str) -> Option<String> {
    compose(h).fields.iter().find(|f| f.label == label).expect("field exists").error.clone()
}

pub(super) fn focused_label(form: &Form) -> &'static str {
    form.focused().expect("a focused field").label
}

/// The small form over the current view; panics if none is open.
pub(super) fn form(h: &Headless) -> &Form {
    match &h.state.overlay {
        Some(Overlay::Form(f)) => f,
        other => panic!("expected a form, got {other:?}"),
    }
}

pub(super) fn form_error(h: &Headless, label: &str) -> Option<String> {
    form(h).fields.iter().find(|f| f.label == label).expect("field exists").error.clone()
}

pub(super) fn confirm_question(h: &Headless) -> String {
    match &h.state.overlay {
        Some(Overlay::Confirm { question, .. }) => question.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

pub(super) fn message(h: &Headless) -> String {
    h.state.message.clone().unwrap_or_default()
}

/// Empties the focused field with Backspace, as a person would.
pub(super) fn clear_field(h: &mut Headless) {
    let value = |h: &Headless| match (&h.state.overlay, &h.state.compose) {
        (Some(Overlay::Form(f)), _) => f.focused().map(|f| f.value()).unwrap_or_default(),
        (_, Some(c)) => c.form.focused().map(|f| f.value()).unwrap_or_default(),
        _ => String::new(),
    };
    h.key_with(KeyCode::End, KeyModifiers::CONTROL);
    h.key(KeyCode::End);
    for _ in 0..500 {
        if value(h).is_empty() {
            return;
        }
        h.key(KeyCode::Backspace);
    }
    panic!("could not empty the field: {:?}", value(h));
}

/// Moves the list selection down with `j` until the selected post has this title.
pub(super) fn select_post(h: &mut Headless, title: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.posts.list.selected_row().is_some_and(|r| r.post.title == title) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no post '{title}' in the list:\n{}", h.screen());
}

/// Moves the tags view selection to this tag.
pub(super) fn select_tag(h: &mut Headless, name: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.tags.items.get(h.state.tags.selected).is_some_and(|t| t.name == name) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no tag '{name}' in the tags view:\n{}", h.screen());
}

/// Moves the subscribers view selection to this address.
pub(super) fn select_subscriber(h: &mut Headless, email: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if h.state.subscribers.shown().get(h.state.subscribers.list.selected).is_some_and(|s| s.email == email) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no subscriber '{email}' shown:\n{}", h.screen());
}

pub(super) fn shown_emails(h: &Headless) -> Vec<String> {
    let mut v: Vec<String> = h.state.subscribers.shown().iter().map(|s| s.email.clone()).collect();
    v.sort();
    v
}
