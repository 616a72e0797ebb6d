//! Carries out the effects `update` asks for: quick store reads inline, searches on the worker.

use std::collections::VecDeque;
use std::process::{Command, Stdio};

use crate::app::views::subscribers::state::StatusCounts;
use crate::app::{CHUNK_HALF, Effect, JobEffect, Msg, PickerKind, ReadEffect, SystemEffect, WindowRequest};
use byline_core::domain::{PostId, SubscriberId, TagCount};
use byline_core::store::{self, ListFilter, Store, StoreError, SubscriberFilter};

use super::related_worker::RelatedWorker;
use super::worker::{SearchJob, SearchWorker};

/// What the runtime keeps between effects.
pub struct Runner {
    pub store: Store,
    pub worker: Option<SearchWorker>,
    pub related: Option<RelatedWorker>,
    /// Headless benchmarks: keep similar-post requests here instead of running them inline.
    pub defer_related: bool,
    pub deferred_related: Vec<PostId>,
    /// (generation, total): counting a filtered list is the costliest read, so once per list.
    pub(super) count: Option<(u64, usize)>,
    pub quit: bool,
}

impl Runner {
    pub fn new(store: Store, worker: Option<SearchWorker>) -> Self {
        Runner {
            store,
            worker,
            related: None,
            defer_related: false,
            deferred_related: Vec::new(),
            count: None,
            quit: false,
        }
    }

    /// Another process wrote: counts may be stale.
    pub fn forget_counts(&mut self) {
        self.count = None;
    }

    /// Runs one effect; results and errors go back on the queue. Each group is matched
    /// exhaustively, so an effect nobody carries out does not compile.
    pub fn run(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        let result = match effect {
            Effect::Read(read) => self.run_read(read, queue),
            Effect::Write(write) => self.run_write(write, queue),
            Effect::Job(job) => self.run_job(job, queue),
            Effect::System(system) => {
                self.run_system(system, queue);
                Ok(())
            }
            Effect::Quit => {
                self.quit = true;
                Ok(())
            }
        };
        if let Err(e) = result {
            queue.push_back(Msg::Error(e.to_string()));
        }
    }

    fn run_read(&mut self, effect: ReadEffect, queue: &mut VecDeque<Msg>) -> Result<(), StoreError> {
        let store = &self.store;
        let msg = match effect {
            ReadEffect::LoadWindow { generation, filter, request, limit } => {
                self.window(generation, filter, request, limit)?
            }
            ReadEffect::LoadArticle(id) => return self.article(id, queue),
            ReadEffect::LoadPicker(kind) => self.picker(kind)?,
            ReadEffect::LoadCompletions => {
                let authors = store::list_authors(store.conn())?.into_iter().map(|a| a.name).collect();
                let tags = store::list_tags(store.conn())?.into_iter().map(|t| t.name).collect();
                Msg::Completions { authors, tags }
            }
            ReadEffect::LoadForEdit(id) => Msg::EditPost(Box::new(store::get_post(store.conn(), id, store.now())?)),
            ReadEffect::LoadTags => Msg::Tags(store::list_tags(store.conn())?),
            ReadEffect::LoadSubscribers { generation, filter, request, limit } => {
                subscriber_window(store, generation, &filter, request, limit)?
            }
        };
        queue.push_back(msg);
        Ok(())
    }

    fn run_job(&mut self, effect: JobEffect, queue: &mut VecDeque<Msg>) -> Result<(), StoreError> {
        match effect {
            JobEffect::Search { id, query, prefix, ranked } => {
                let job = SearchJob { id, query, prefix, ranked };
                match &self.worker {
                    Some(w) => w.search(job),
                    // Headless (tests, benchmarks): search inline, on this connection.
                    None => queue.push_back(super::worker::run_job(&self.store, &job)),
                }
            }
            JobEffect::CancelSearch => {
                if let Some(w) = &self.worker {
                    w.cancel();
                }
            }
            // Writes for now: inline until the job runner takes them.
            JobEffect::ImportCsv(path) => self.import_csv(&path, queue),
            JobEffect::ExportCsv(path) => self.export_csv(&path, queue),
        }
        Ok(())
    }

    fn run_system(&mut self, effect: SystemEffect, queue: &mut VecDeque<Msg>) {
        match effect {
            SystemEffect::OpenUrl(url) => {
                if let Err(e) = open_url(&url) {
                    queue.push_back(Msg::Error(e));
                }
            }
            SystemEffect::Copy(text) => self.copy(&text, queue),
            // The terminal runtime runs the editor itself (it owns the terminal); a runner
            // without one says so, as it always has.
            other @ SystemEffect::RunEditor(_) => {
                queue.push_back(Msg::Error(format!("unhandled effect {:?}", Effect::System(other))))
            }
        }
    }

    fn total(&mut self, generation: u64, filter: &ListFilter) -> Result<usize, StoreError> {
        if let Some((g, n)) = self.count {
            if g == generation {
                return Ok(n);
            }
        }
        let n = store::post_count(self.store.conn(), filter, self.store.now())? as usize;
        self.count = Some((generation, n));
        Ok(n)
    }

    fn window(
        &mut self,
        generation: u64,
        filter: ListFilter,
        request: WindowRequest,
        limit: usize,
    ) -> Result<Msg, StoreError> {
        let conn = self.store.conn();
        let now = self.store.now();
        let page = |older: Option<(i64, PostId)>, newer: Option<(i64, PostId)>, limit: usize| {
            let f = ListFilter { older_than: older, newer_than: newer, limit: Some(limit), ..filter.clone() };
            store::list_posts(conn, &f, now)
        };
        let mut offset = None;
        let rows = match &request {
            WindowRequest::Top => page(None, None, limit)?,
            WindowRequest::Bottom => page(None, Some((i64::MIN, PostId(i64::MIN))), limit)?,
            WindowRequest::Older(t, id) => page(Some((*t, *id)), None, limit)?,
            WindowRequest::Newer(t, id) => page(None, Some((*t, *id)), limit)?,
            WindowRequest::Around(id) => {
                let key = store::get_post(conn, *id, now).ok().map(|p| (p.meta.shown_at(), p.meta.id));
                let position = match key {
                    Some(k) => Some((k, store::post_position(conn, &filter, k, now)?)),
                    None => None,
                };
                match position {
                    Some((key, index)) => {
                        let mut rows = page(None, Some(key), CHUNK_HALF)?;
                        let below = page(Some((key.0, PostId(key.1.0 + 1))), None, CHUNK_HALF + 1)?;
                        offset = Some(index - rows.len());
                        rows.extend(below);
                        rows
                    }
                    // The post is gone (deleted since): the newest rows, which start at index 0.
                    None => {
                        offset = Some(0);
                        page(None, None, limit)?
                    }
                }
            }
        };
        let ids: Vec<PostId> = rows.iter().map(|r| r.id).collect();
        let read = store::read_ids(conn, &ids)?.into_iter().collect();
        let total = self.total(generation, &filter)?;
        Ok(Msg::Window { generation, request, rows, read, total, offset })
    }

    /// The post's text now; its similar posts from the worker (inline when headless).
    fn article(&mut self, id: PostId, queue: &mut VecDeque<Msg>) -> Result<(), StoreError> {
        let post = store::get_post(self.store.conn(), id, self.store.now())?;
        queue.push_back(Msg::Article { post, related: Vec::new() });
        match &self.related {
            Some(worker) => worker.request(id),
            None if self.defer_related => self.deferred_related.push(id),
            None => queue.push_back(super::related_worker::related_msg(&self.store, id)),
        }
        Ok(())
    }

    fn picker(&self, kind: PickerKind) -> Result<Msg, StoreError> {
        let items = match kind {
            PickerKind::Tag => store::list_tags(self.store.conn())?,
            PickerKind::Author => store::list_authors(self.store.conn())?
                .into_iter()
                .map(|a| TagCount { name: a.name, slug: String::new(), posts: a.posts })
                .collect(),
        };
        Ok(Msg::Picker { kind, items })
    }
}

/// A keyset window of subscribers, as `Runner::window` reads posts.
fn subscriber_window(
    store: &Store,
    generation: u64,
    filter: &SubscriberFilter,
    request: WindowRequest<SubscriberId>,
    limit: usize,
) -> Result<Msg, StoreError> {
    let conn = store.conn();
    let page = |older, newer, limit| store::subscriber_window(conn, filter, older, newer, limit);
    let (rows, offset) = match &request {
        WindowRequest::Top => (page(None, None, limit)?, Some(0)),
        WindowRequest::Bottom => (page(None, Some((i64::MIN, SubscriberId(i64::MIN))), limit)?, None),
        WindowRequest::Older(t, id) => (page(Some((*t, *id)), None, limit)?, None),
        WindowRequest::Newer(t, id) => (page(None, Some((*t, *id)), limit)?, None),
        WindowRequest::Around(id) => match store::subscriber_key(conn, *id)? {
            Some(key) => {
                let index = store::subscriber_count(conn, filter, Some(key))?;
                let mut rows = page(None, Some(key), CHUNK_HALF)?;
                let below = page(Some((key.0, SubscriberId(key.1.0 + 1))), None, CHUNK_HALF + 1)?;
                let offset = index.saturating_sub(rows.len());
                rows.extend(below);
                (rows, Some(offset))
            }
            // Gone (removed since): the newest rows, which start at index 0.
            None => (page(None, None, limit)?, Some(0)),
        },
    };
    let total = store::subscriber_count(conn, filter, None)?;
    let (active, pending, unsubscribed) = store::subscriber_status_counts(conn)?;
    let counts = StatusCounts { active, pending, unsubscribed };
    Ok(Msg::Subscribers { generation, request, rows, total, offset, counts })
}

/// Starts `$BROWSER` (or the desktop opener) on the URL without waiting for it.
fn open_url(url: &str) -> Result<(), String> {
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let opener = browser.or_else(|| {
        let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        (cfg!(target_os = "macos") || has_display)
            .then(|| if cfg!(target_os = "macos") { "open" } else { "xdg-open" }.to_string())
    });
    let Some(opener) = opener else {
        return Err("no browser configured: set $BROWSER to open links".into());
    };
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("{opener} \"$1\""))
        .arg("sh")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {opener}: {e}"))?;
    // Reap it in the background so it never blocks the reader nor lingers as a zombie.
    std::thread::spawn(move || {
        let mut child = child;
        let _ = child.wait();
    });
    Ok(())
}

/// The saved "post:scroll" of the last open article.
pub fn last_scroll(store: &Store) -> Option<(PostId, usize)> {
    let value = store::get_setting(store.conn(), "last_scroll").ok()??;
    let (id, scroll) = value.split_once(':')?;
    Some((PostId(id.parse().ok()?), scroll.parse().ok()?))
}
