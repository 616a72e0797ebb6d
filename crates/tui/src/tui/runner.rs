//! Carries out the effects every face shares: reads inline on the drawing thread's connection
//! (quick, and never blocked by a writer under WAL), writes and jobs on lanes (inline when
//! headless), links and the clipboard.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::app::views::outbox::state::PROBLEMS_SHOWN;
use crate::app::views::subscribers::state::StatusCounts;
use crate::app::{
    CHUNK_HALF, Effect, JobEffect, Msg, PickerKind, ReadEffect, SystemEffect, WindowRequest, WriteEffect,
};
use byline_core::domain::PostId;
use byline_core::jobs::JobCtl;
use byline_core::ops::OpsError;
use byline_core::ops::list;
use byline_core::ops::mailing::{self, Sender};
use byline_core::sanitize::sanitize_line;
use byline_core::store::{self, ListFilter, Store, StoreError};

use super::lanes::Lanes;
use super::search::{SearchJob, related_msg, run_count, run_search};
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
    /// The browsing list's count: counting a filtered list is the costliest read, so once per
    /// list (and again after a write), on the count lane when there are lanes, which fills this.
    pub(super) count: Arc<Mutex<Option<ListCount>>>,
    /// The list generation whose count was handed to the lane.
    counting: Option<u64>,
    /// Headless: what was put on the clipboard and which links were opened, instead of doing it.
    pub copied: Vec<String>,
    pub opened: Vec<String>,
    /// Headless: the texts handed to $EDITOR (there is none to run).
    pub editor_requests: Vec<String>,
    pub quit: bool,
    /// The config's `[site]`: where `W` exports the website.
    pub site: byline_core::config::SiteConfig,
    /// What sends newsletters (byline-mail's run, handed down by the binary), or why none can.
    pub sender: Result<Arc<dyn Sender>, String>,
    /// How the feed refresh fetches (tests make the timeout short).
    pub fetch: byline_core::follow::FetchOptions,
    /// The feed refresh: never two at once, and when the interval starts the next.
    pub(super) refresh: super::refresh::RefreshState,
    /// Fetches and draws the pictures of articles; None when they are off.
    pub painter: Option<super::pictures::Painter>,
}

/// What a face without the binary's mail settings says when asked to send.
pub const NO_SENDER: &str = "this face was started without mail settings";

impl Runner {
    /// A runner that does everything inline on `store`.
    pub fn new(store: Store) -> Self {
        Runner {
            store,
            lanes: None,
            defer_related: false,
            deferred_related: Vec::new(),
            count: Arc::default(),
            counting: None,
            copied: Vec::new(),
            opened: Vec::new(),
            editor_requests: Vec::new(),
            quit: false,
            site: Default::default(),
            sender: Err(NO_SENDER.into()),
            fetch: Default::default(),
            refresh: Default::default(),
            painter: None,
        }
    }

    /// Refreshes the followed feeds every `every` while the reader is open (None: never).
    pub fn refresh_every(&mut self, every: Option<std::time::Duration>) {
        self.refresh.set_interval(every, std::time::Instant::now());
    }

    /// The runtime's timer: whether the interval asks for the feed refresh job at `now` (never
    /// while one runs, nor with no feed followed).
    pub fn refresh_due(&self, now: std::time::Instant) -> bool {
        self.refresh.due(now) && store::feeds::any_feed(self.store.conn()).unwrap_or(false)
    }

    /// Another process wrote: counts may be stale.
    pub fn forget_counts(&mut self) {
        if let Ok(mut c) = self.count.lock() {
            *c = None;
        }
        self.counting = None;
    }

    /// Carries out one effect. Each group is matched exhaustively, so an effect nobody carries
    /// out does not compile. `RunEditor` needs the terminal: the runtime handles it before calling
    /// this, and here (headless) it answers that there is no editor.
    pub fn run(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        let result = match effect {
            Effect::Read(read) => self.read(read, queue),
            Effect::Write(write) => {
                self.write(write, queue);
                Ok(())
            }
            Effect::Job(job) => {
                self.start(job, queue);
                Ok(())
            }
            Effect::System(system) => {
                self.system(system, queue);
                Ok(())
            }
            Effect::Quit => {
                self.quit = true;
                Ok(())
            }
        };
        if let Err(e) = result {
            queue.push_back(Msg::Error(super::advice::message(&e)));
        }
    }

    /// Reads run inline: they are quick, and under WAL a writer elsewhere never blocks them.
    fn read(&mut self, effect: ReadEffect, queue: &mut VecDeque<Msg>) -> Result<(), OpsError> {
        let store = &self.store;
        let msg = match effect {
            ReadEffect::LoadWindow { generation, filter, request, limit } => {
                self.window(generation, filter, request, limit)?
            }
            ReadEffect::LoadArticle(id) => return Ok(self.article(id, queue)?),
            // Counting every tag, author or feed reads every post: at a million, about a second.
            ReadEffect::LoadPicker(kind, filter) => match &mut self.lanes {
                Some(lanes) => {
                    lanes.picker(kind, filter);
                    return Ok(());
                }
                None => picker_msg(&self.store, kind, &filter)?,
            },
            ReadEffect::LoadCompletions => completions(store)?,
            ReadEffect::ListPaths(typed) => Msg::PathChoices { choices: super::paths::complete(&typed), typed },
            ReadEffect::LoadForEdit(id) => {
                // A followed item is the other blog's text: the compose pane never opens on it,
                // the status bar says why (the store's own read-only error).
                store::feeds::ensure_own_post(store.conn(), id)?;
                Msg::EditPost(Box::new(store::get_post(store.conn(), id, store.now())?))
            }
            ReadEffect::LoadBlog => {
                let get = |key| store::get_setting(store.conn(), key).map(Option::unwrap_or_default);
                Msg::Blog { title: get("blog_title")?, description: get("blog_description")? }
            }
            ReadEffect::NextUnread { generation, filter, after } => {
                Msg::NextUnread { generation, id: list::next_unread(store, &filter, after)? }
            }
            ReadEffect::LoadTags => Msg::Tags(store::list_tags(store.conn())?),
            ReadEffect::LoadSubscribers { generation, filter, request, limit } => {
                let w = list::subscribers(store, &filter, &request, limit)?;
                let (active, pending, unsubscribed) = w.counts;
                let counts = StatusCounts { active, pending, unsubscribed };
                let ids: Vec<_> = w.rows.iter().map(|s| s.id).collect();
                queue.push_back(Msg::Subscribers {
                    generation,
                    request,
                    rows: w.rows,
                    total: w.total,
                    offset: w.offset,
                    counts,
                });
                Msg::SubscriberMail { generation, mail: mailing::subscriber_mail(store, &ids)? }
            }
            ReadEffect::LoadRecipients(id) => {
                let preview = byline_core::ops::newsletter::preview(store, &byline_core::domain::PostRef::Id(id))?;
                let ready = self.sender.as_ref().map(|_| ()).map_err(Clone::clone);
                Msg::Recipients { preview: Box::new(preview), ready }
            }
            ReadEffect::LoadOutbox { selected } => {
                let (sends, problems) = mailing::outbox(store, selected, PROBLEMS_SHOWN)?;
                let problems_of = selected.or_else(|| sends.first().map(|s| s.post_id));
                Msg::Outbox { sends, problems_of, problems }
            }
        };
        queue.push_back(msg);
        Ok(())
    }

    /// Jobs run on their lanes (inline when headless); their answers come back as messages.
    fn start(&mut self, effect: JobEffect, queue: &mut VecDeque<Msg>) {
        match effect {
            JobEffect::Search { id, query, offset } => {
                let job = SearchJob { id, query, offset };
                match &mut self.lanes {
                    Some(lanes) => lanes.search(job),
                    None => queue.extend(run_search(&self.store, &job, &JobCtl::detached())),
                }
            }
            JobEffect::CountSearch { id, query } => match &mut self.lanes {
                Some(lanes) => lanes.count(id, query),
                None => queue.extend(run_count(&self.store, id, &query, &JobCtl::detached())),
            },
            JobEffect::CancelSearch => {
                if let Some(lanes) = &mut self.lanes {
                    lanes.cancel_search();
                }
            }
            JobEffect::ImportCsv(path) => {
                if let Some(refused) = jobs::precheck(&path, true) {
                    return queue.push_back(refused);
                }
                let title = format!("importing subscribers from {path}");
                self.job(title, move |store, ctl| jobs::import(store, &path, ctl), queue);
            }
            JobEffect::ExportCsv(path) => {
                if let Some(refused) = jobs::precheck(&path, false) {
                    return queue.push_back(refused);
                }
                let title = format!("exporting subscribers to {path}");
                self.job(title, move |store, ctl| jobs::export(store, &path, ctl), queue);
            }
            JobEffect::ImportPosts(path) => {
                if !super::writes::expand(&path).exists() {
                    let message = format!("{path}: no such file or folder");
                    return queue.push_back(Msg::FormError { field: Some(crate::app::form::FieldId::Path), message });
                }
                let title = format!("importing posts from {path}");
                self.job(title, move |store, ctl| jobs::import_posts(store, &path, ctl), queue);
            }
            JobEffect::ExportSite => {
                let opts = jobs::site_options(&self.site);
                let title = format!("exporting the site to {}", opts.dir.display());
                self.job(title, move |store, ctl| jobs::export_site(store, &opts, ctl), queue);
            }
            JobEffect::RefreshFeeds => {
                let Some(running) = self.refresh.start(std::time::Instant::now()) else {
                    return queue.push_back(Msg::Error("the followed feeds are being refreshed already".into()));
                };
                let fetch = self.fetch;
                self.job(
                    "refreshing the followed feeds".into(),
                    move |store, ctl| {
                        // Dropped when the work ends, however it ends: the next refresh may start.
                        let _running = running;
                        jobs::refresh_feeds(store, fetch, ctl)
                    },
                    queue,
                );
            }
            JobEffect::FetchArticle(id) => {
                let fetch = self.fetch;
                let title = "fetching the full article".to_string();
                self.job(title, move |store, _ctl| jobs::fetch_article(store, id, fetch), queue);
            }
            JobEffect::SendNewsletter { post, title, retry_unknown } => {
                let sender = match &self.sender {
                    Ok(sender) => Arc::clone(sender),
                    Err(why) => return queue.push_back(Msg::Error(format!("mail is not set up: {why}"))),
                };
                let name = format!("mailing '{}'", byline_core::text::fit(&sanitize_line(&title), 30));
                self.job(
                    name,
                    move |store, ctl| jobs::send_newsletter(store, sender.as_ref(), post, &title, retry_unknown, ctl),
                    queue,
                );
            }
            JobEffect::Pictures(job) => {
                let Some(painter) = self.painter.clone() else { return };
                let base = self.picture_base(job.post);
                match &mut self.lanes {
                    Some(lanes) => lanes.pictures(job, base, painter),
                    None => {
                        painter.run(&job, base.as_deref(), &|| false, &mut |msg| queue.push_back(msg));
                    }
                }
            }
            JobEffect::LayOut(job) => match &mut self.lanes {
                Some(lanes) => lanes.lay_out(*job),
                None => queue.extend(job.run(&|| false)),
            },
            JobEffect::Cancel(id) => {
                if let Some(lanes) = &self.lanes {
                    lanes.cancel(id);
                }
            }
        }
    }

    /// What a post's relative picture addresses are read against: a followed item's link, or
    /// the blog's own address (`[site] base_url`) for its own posts.
    fn picture_base(&self, post: PostId) -> Option<String> {
        match store::feeds::item_base_url(self.store.conn(), post) {
            Ok(Some(link)) => Some(link),
            _ => self.site.base_url.clone(),
        }
    }

    /// The browser and the clipboard; headless records them instead.
    fn system(&mut self, effect: SystemEffect, queue: &mut VecDeque<Msg>) {
        match effect {
            SystemEffect::OpenUrl(url) => {
                if self.lanes.is_none() {
                    self.opened.push(url);
                } else if let Err(e) = system::open_url(&url) {
                    queue.push_back(Msg::Error(e));
                }
            }
            SystemEffect::Copy(text) => {
                if self.lanes.is_none() {
                    self.copied.push(text);
                } else if let Err(e) = system::copy_to_clipboard(&text) {
                    queue.push_back(Msg::Error(format!("cannot copy: {e}")));
                }
            }
            SystemEffect::RunEditor(text) => {
                self.editor_requests.push(text);
                queue.push_back(Msg::EditorDone(Err("no editor when headless".into())));
            }
        }
    }

    /// A write changes counts (an unread-only list has one post fewer after a read mark).
    fn write(&mut self, effect: WriteEffect, queue: &mut VecDeque<Msg>) {
        self.forget_counts();
        match &mut self.lanes {
            Some(lanes) => {
                let wait = writes::lock_wait(&effect);
                lanes.write("saving", wait, move |store| writes::apply(store, effect));
            }
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

    /// The list's length and unread posts when known. Unknown, they are counted on the lane
    /// (the window goes out without them) unless `now` (the bottom window's place needs them)
    /// or there are no lanes (tests and benchmarks count inline).
    fn total(&mut self, generation: u64, filter: &ListFilter, now: bool) -> Result<Option<(usize, usize)>, OpsError> {
        let cached = self.count.lock().ok().and_then(|c| *c).filter(|c| c.generation == generation);
        if let Some(c) = cached {
            return Ok(Some((c.total, c.unread)));
        }
        match &mut self.lanes {
            Some(lanes) if !now => {
                if self.counting != Some(generation) {
                    self.counting = Some(generation);
                    lanes.tally(generation, filter.clone(), Arc::clone(&self.count));
                }
                Ok(None)
            }
            _ => {
                let c = count_list(&self.store, generation, filter)?;
                if let Ok(mut cache) = self.count.lock() {
                    *cache = Some(c);
                }
                Ok(Some((c.total, c.unread)))
            }
        }
    }

    fn window(
        &mut self,
        generation: u64,
        filter: ListFilter,
        request: WindowRequest,
        limit: usize,
    ) -> Result<Msg, OpsError> {
        // `Around` takes half a window on each side of the post.
        let limit = if matches!(request, WindowRequest::Around(_)) { 2 * CHUNK_HALF } else { limit };
        let window = list::window(&self.store, &filter, &request, limit)?;
        let counts = self.total(generation, &filter, request == WindowRequest::Bottom)?;
        let (rows, read, offset) = (window.rows, window.read, window.offset);
        Ok(Msg::Window { generation, request, rows, read, counts, offset })
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
}

/// A picker's names with their counts (on the picker lane, or inline).
pub fn picker_msg(store: &Store, kind: PickerKind, filter: &ListFilter) -> Result<Msg, StoreError> {
    let facet = match kind {
        PickerKind::Tag => store::Facet::Tag,
        PickerKind::Author => store::Facet::Author,
        PickerKind::Source => return Ok(Msg::Sources(store::source_counts(store.conn(), filter, store.now())?)),
    };
    let items = store::facet_counts(store.conn(), facet, filter, store.now())?;
    Ok(Msg::Picker { kind, items })
}

/// A browsing list's length and unread posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCount {
    pub generation: u64,
    pub total: usize,
    pub unread: usize,
}

/// Counts a browsing list (on the count lane, or inline).
pub fn count_list(store: &Store, generation: u64, filter: &ListFilter) -> Result<ListCount, OpsError> {
    let total = list::count(store, filter)?;
    let unread = if filter.unread_only { total } else { list::unread_count(store, filter)? };
    Ok(ListCount { generation, total, unread })
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
