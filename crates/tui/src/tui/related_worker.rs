//! Similar posts on a thread of their own connection: the article is drawn as soon as its text is
//! ready, and its similar posts follow a few milliseconds later instead of delaying every key.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::app::Msg;
use byline_core::domain::PostId;
use byline_core::store::{Store, StoreError, related_posts};

/// How many similar posts an article shows.
pub const RELATED: usize = 3;

pub struct RelatedWorker {
    jobs: Sender<PostId>,
}

impl RelatedWorker {
    pub fn start(path: &Path, results: Sender<Msg>) -> Result<Self, StoreError> {
        let store = Store::open(path)?;
        let (jobs, rx) = channel();
        thread::Builder::new()
            .name("byline-related".into())
            .spawn(move || serve(&store, &rx, &results))
            .map_err(|e| StoreError::Refused(format!("cannot start the similar-posts thread: {e}")))?;
        Ok(RelatedWorker { jobs })
    }

    pub fn request(&self, id: PostId) {
        let _ = self.jobs.send(id);
    }
}

/// The similar posts of `id`, as the message `update` expects.
pub fn related_msg(store: &Store, id: PostId) -> Msg {
    match related_posts(store.conn(), id, RELATED, store.now()) {
        Ok(related) => Msg::Related { id, related },
        // A post deleted meanwhile has no similar posts to show; anything else is worth saying.
        Err(StoreError::PostNotFound(_)) => Msg::Related { id, related: Vec::new() },
        Err(e) => Msg::Error(format!("similar posts: {e}")),
    }
}

fn serve(store: &Store, jobs: &Receiver<PostId>, results: &Sender<Msg>) {
    while let Ok(mut id) = jobs.recv() {
        // Only the article on screen matters: skip requests a newer one has replaced.
        while let Ok(newer) = jobs.try_recv() {
            id = newer;
        }
        if results.send(related_msg(store, id)).is_err() {
            return;
        }
    }
}
