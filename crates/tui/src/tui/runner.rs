//! Carries out the effects every face shares: reads inline on the drawing thread's connection
//! (quick, and never blocked by a writer under WAL), writes and jobs on lanes (inline when
//! headless), links and the clipboard.

use std::collections::VecDeque;

use crate::app::{CHUNK_HALF, Effect, Msg, PickerKind, WindowRequest};
use byline_core::domain::{PostId, TagCount};
use byline_core::jobs::JobCtl;
use byline_core::ops::OpsError;
use byline_core::ops::list::{self, Cursor};
use byline_core::store::{self, ListFilter, Store, StoreError};

use super::lanes::Lanes;
use super::search::{SearchJob, related_msg, run_search};
use super::{jobs, system, writes};

/// What the runtime keeps between effects.
pub struct Runner {
    /// The drawing thread's connection: reads only, so a lock held elsewhere never stops a key.
    pub store: Store,
    /// Worker lanes (the terminal runtime); None runs everything inline (tests, benchmarks).
    pub(super) lanes: Option<Lanes>,
    /// Headless benchmarks: keep similar-post requests here instead of running them inline.
    pub defer_related: bool,
    pub deferred_related: Vec<PostId>,
    /// (generation, total): counting a filtered list is the costliest read, so once per list.
    pub(super) count: Option<(u64, usize)>,
    /// Headless: what was put on the clipboard and which links were opened, instead of doing it.
    pub copied: Vec<String>,
    pub opened: Vec<String>,
    /// Headless: the texts handed to $EDITOR (there is none to run).
    pub editor_requests: Vec<String>,
    pub quit: bool,
}

impl Runner {
    /// A runner that does everything inline on `store`.
    pub fn new(store: Store) -> Self {
        Runner {
            store,
            lanes: None,
            defer_related: false,
            deferred_related: Vec::new(),
            count: None,
            copied: Vec::new(),
            opened: Vec::new(),
            editor_requests: Vec::new(),
            quit: false,
        }
    }

    /// Another process wrote: counts may be stale.
    pub fn forget_counts(&mut self) {
        self.count = None;
    }

    /// Carries out one effect. `RunEditor` needs the terminal: the runtime handles it before
    /// calling this, and here (headless) it answers that there is no editor.
    pub fn run(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        let read = match effect {
            Effect::LoadWindow { generation, filter, request, limit } => {
                self.window(generation, filter, request, limit).map(Some)
            }
            Effect::LoadArticle(id) => self.article(id, queue).map(|()| None).map_err(OpsError::from),
            Effect::LoadPicker(kind) => self.picker(kind).map(Some).map_err(OpsError::from),
            Effect::LoadCompletions => completions(&self.store).map(Some).map_err(OpsError::from),
            Effect::LoadForEdit(id) => store::get_post(self.store.conn(), id, self.store.now())
                .map(|p| Some(Msg::EditPost(Box::new(p))))
                .map_err(OpsError::from),
            Effect::LoadTags => store::list_tags(self.store.conn()).map(|t| Some(Msg::Tags(t))).map_err(OpsError::from),
            Effect::LoadSubscribers => store::list_subscribers(self.store.conn(), None)
                .map(|s| Some(Msg::Subscribers(s)))
                .map_err(OpsError::from),
            Effect::Search { id, query, prefix, ranked } => {
                let job = SearchJob { id, query, prefix, ranked };
                match &mut self.lanes {
                    Some(lanes) => lanes.search(job),
                    None => queue.extend(run_search(&self.store, &job, &JobCtl::detached())),
                }
                Ok(None)
            }
            Effect::CancelSearch => {
                if let Some(lanes) = &mut self.lanes {
                    lanes.cancel_search();
                }
                Ok(None)
            }
            Effect::ImportCsv(path) => {
                let title = format!("importing subscribers from {path}");
                if let Some(refused) = jobs::precheck(&path, true) {
                    return queue.push_back(refused);
                }
                self.job(title, move |store, ctl| jobs::import(store, &path, ctl), queue);
                Ok(None)
            }
            Effect::ExportCsv(path) => {
                let title = format!("exporting subscribers to {path}");
                if let Some(refused) = jobs::precheck(&path, false) {
                    return queue.push_back(refused);
                }
                self.job(title, move |store, ctl| jobs::export(store, &path, ctl), queue);
                Ok(None)
            }
            Effect::OpenUrl(url) => {
                if self.lanes.is_none() {
                    self.opened.push(url);
                } else if let Err(e) = system::open_url(&url) {
                    queue.push_back(Msg::Error(e));
                }
                Ok(None)
            }
            Effect::Copy(text) => {
                if self.lanes.is_none() {
                    self.copied.push(text);
                } else if let Err(e) = system::copy_to_clipboard(&text) {
                    queue.push_back(Msg::Error(format!("cannot copy: {e}")));
                }
                Ok(None)
            }
            Effect::RunEditor(text) => {
                self.editor_requests.push(text);
                Ok(Some(Msg::EditorDone(Err("no editor when headless".into()))))
            }
            Effect::Quit => {
                self.quit = true;
                Ok(None)
            }
            write @ (Effect::SavePost { .. }
            | Effect::SetPublished(..)
            | Effect::TrashPost(_)
            | Effect::RestoreLastTrashed
            | Effect::SetPostTags(..)
            | Effect::Autosave(_)
            | Effect::ClearAutosave
            | Effect::RenameTag(..)
            | Effect::MergeTag(..)
            | Effect::DeleteTag(_)
            | Effect::AddSubscriber { .. }
            | Effect::UpdateSubscriber { .. }
            | Effect::UnsubscribeSubscriber(_)
            | Effect::RemoveSubscriber(_)
            | Effect::MarkRead(..)
            | Effect::SavePosition(_)
            | Effect::SaveArticleScroll(..)) => {
                self.write(write, queue);
                Ok(None)
            }
        };
        match read {
            Ok(msg) => queue.extend(msg),
            Err(e) => queue.push_back(Msg::Error(e.to_string())),
        }
    }

    /// A write changes counts (an unread-only list has one post fewer after a read mark).
    fn write(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        self.count = None;
        match &mut self.lanes {
            Some(lanes) => lanes.write("saving", move |store| writes::apply(store, effect)),
            None => queue.extend(writes::apply(&mut self.store, effect)),
        }
    }

    /// Starts a job: on the jobs lane (the app hears `JobStarted` at once and the answer later),
    /// or inline when headless.
    fn job(
        &mut self,
        title: String,
        work: impl FnOnce(&mut Store, &JobCtl) -> Msg + Send + 'static,
        queue: &mut VecDeque<Msg>,
    ) {
        match &mut self.lanes {
            Some(lanes) => {
                let id = lanes.job(
                    &title,
                    Box::new(move |store, ctl, tx| {
                        let msg = work(store, ctl);
                        let outcome = super::jobs::outcome_of(&msg, ctl);
                        let _ = tx.send(msg);
                        outcome
                    }),
                );
                queue.push_back(Msg::JobStarted { id, title });
            }
            None => queue.push_back(work(&mut self.store, &JobCtl::detached())),
        }
    }

    /// Cancels a job the app asked to stop.
    pub fn cancel_job(&self, id: byline_core::jobs::JobId) {
        if let Some(lanes) = &self.lanes {
            lanes.cancel(id);
        }
    }

    fn total(&mut self, generation: u64, filter: &ListFilter) -> Result<usize, OpsError> {
        if let Some((g, n)) = self.count {
            if g == generation {
                return Ok(n);
            }
        }
        let n = list::count(&self.store, filter)?;
        self.count = Some((generation, n));
        Ok(n)
    }

    fn window(
        &mut self,
        generation: u64,
        filter: ListFilter,
        request: WindowRequest,
        limit: usize,
    ) -> Result<Msg, OpsError> {
        let cursor = match &request {
            WindowRequest::Top => Cursor::Top,
            WindowRequest::Bottom => Cursor::Bottom,
            WindowRequest::Older(t, id) => Cursor::Older(*t, *id),
            WindowRequest::Newer(t, id) => Cursor::Newer(*t, *id),
            WindowRequest::Around(id) => Cursor::Around(*id),
        };
        // `Around` takes half a window on each side of the post.
        let limit = if matches!(cursor, Cursor::Around(_)) { 2 * CHUNK_HALF } else { limit };
        let window = list::window(&self.store, &filter, &cursor, limit)?;
        let total = self.total(generation, &filter)?;
        Ok(Msg::Window { generation, request, rows: window.rows, read: window.read, total, offset: window.offset })
    }

    /// The post's text now; its similar posts from the worker (inline when headless).
    fn article(&mut self, id: PostId, queue: &mut VecDeque<Msg>) -> Result<(), StoreError> {
        let post = store::get_post(self.store.conn(), id, self.store.now())?;
        queue.push_back(Msg::Article { post, related: Vec::new() });
        match &mut self.lanes {
            Some(lanes) => lanes.related(id),
            None if self.defer_related => self.deferred_related.push(id),
            None => queue.push_back(related_msg(&self.store, id)),
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

/// The saved "post:scroll" of the last open article.
pub fn last_scroll(store: &Store) -> Option<(PostId, usize)> {
    let value = store::get_setting(store.conn(), "last_scroll").ok()??;
    let (id, scroll) = value.split_once(':')?;
    Some((PostId(id.parse().ok()?), scroll.parse().ok()?))
}

fn completions(store: &Store) -> Result<Msg, StoreError> {
    let authors = store::list_authors(store.conn())?.into_iter().map(|a| a.name).collect();
    let tags = store::list_tags(store.conn())?.into_iter().map(|t| t.name).collect();
    Ok(Msg::Completions { authors, tags })
}

impl super::driver::Execute for Runner {
    fn execute(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        self.run(effect, queue);
    }
}
