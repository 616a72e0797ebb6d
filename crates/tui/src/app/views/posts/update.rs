//! Keys and answers for the posts view: the reader's keys, list windows, articles and their
//! similar posts, and re-wrapping on resize.

use byline_core::domain::{Post, PostId, PostSummary};
use byline_core::store::ListFilter;

use crate::app::action::Action;
use crate::app::article;
use crate::app::effect::Effect;
use crate::app::list::{ListMode, Row, WindowRequest};
use crate::app::overlays::state::{Overlay, PickerKind};
use crate::app::reply::Reply;
use crate::app::state::AppState;

use std::sync::Arc;

use crate::app::article::LayoutJob;
use crate::app::effect::JobEffect;

use super::state::{ArticleState, Focus, PendingLayout};
use super::window::{clamp_scroll, load, preview, refilter};
use super::{edit, find, nav, reading, search};

/// Effects to start the reader: the first window, around the last-read post if there is one.
pub fn init(state: &mut AppState, last: Option<PostId>) -> Vec<Effect> {
    let request = last.map_or(WindowRequest::Top, WindowRequest::Around);
    vec![load(state, request)]
}

/// The reader's keys and the editor's post actions (the router handled quitting, resizing,
/// help and views, and hands the open search box its keys).
pub fn act(state: &mut AppState, action: Action) -> Reply {
    if let Some(effects) = find::act(state, &action) {
        return effects.into();
    }
    if let Some(effects) = edit::act(state, &action) {
        return effects.into();
    }
    if action == Action::ExportSite {
        return vec![Effect::Job(crate::app::JobEffect::ExportSite)].into();
    }
    if action == Action::RefreshFeeds {
        return vec![Effect::Job(crate::app::JobEffect::RefreshFeeds)].into();
    }
    if action == Action::FetchArticle {
        // The post on screen: the open article whenever the pane shows one, else the selection.
        let id = state.posts.article.as_ref().map(|a| a.post.meta.id).or_else(|| state.posts.list.selected_id());
        return match id {
            Some(id) => vec![Effect::Job(crate::app::JobEffect::FetchArticle(id))].into(),
            None => {
                state.say("no post to fetch the full article of");
                Reply::default()
            }
        };
    }
    if action == Action::Import {
        use crate::app::form::{Field, FieldId, Form, FormKind};
        let fields = vec![Field::line(FieldId::Path, "")];
        let title = "Import posts (a markdown folder or file, or byline's JSON)";
        return crate::app::overlays::form::open(state, Form::new(FormKind::ImportPosts, title, fields)).into();
    }
    if action == Action::EditBlog {
        return vec![Effect::Read(crate::app::ReadEffect::LoadBlog)].into();
    }
    let before = state.posts.article.as_ref().map(|a| (a.post.meta.id, a.scroll));
    let mut reply = act_reader(state, action);
    reply.effects.extend(reading::read_at_end(state, before));
    reply
}

/// The reader's own keys.
fn act_reader(state: &mut AppState, action: Action) -> Reply {
    let effects = match action {
        Action::Down => nav::step(state, 1),
        Action::Up => nav::step(state, -1),
        Action::PageDown => nav::step(state, nav::page(state) as isize),
        Action::PageUp => nav::step(state, -(nav::page(state) as isize)),
        Action::Top => nav::jump(state, true),
        Action::Bottom => nav::jump(state, false),
        Action::Open => nav::open(state),
        Action::Back | Action::Quit => {
            let mut effects = vec![];
            if !nav::back(state, &mut effects) {
                // Nothing left to close here: one level down the view stack, or quit at its bottom.
                if let Some(back) = crate::app::stack::pop(state) {
                    return back.into();
                }
                if action == Action::Quit {
                    return Reply::then(Action::ForceQuit);
                }
            }
            effects
        }
        Action::FocusNext => {
            if state.posts.article.is_some() {
                let posts = &mut state.posts;
                posts.focus = if posts.focus == Focus::List { Focus::Article } else { Focus::List };
            }
            vec![]
        }
        // In the article, `/` searches the article; in the list, the posts.
        Action::SearchStart if state.posts.focus == Focus::Article && state.posts.article.is_some() => {
            find::start(state);
            vec![]
        }
        Action::SearchStart => {
            search::start(state);
            vec![]
        }
        Action::NextUnread => reading::next_unread(state),
        Action::NextPost => reading::step_post(state, 1),
        Action::PrevPost => reading::step_post(state, -1),
        Action::MarkAllRead => reading::ask_mark_all(state),
        Action::CopyCode => reading::copy_code(state),
        Action::PickTag | Action::PickAuthor | Action::PickSource => {
            let kind = match action {
                Action::PickTag => PickerKind::Tag,
                Action::PickAuthor => PickerKind::Author,
                _ => PickerKind::Source,
            };
            vec![crate::app::overlays::picker::open(state, kind)]
        }
        Action::ToggleUnreadOnly => {
            let filter = ListFilter { unread_only: !state.posts.filter.unread_only, ..state.posts.filter.clone() };
            refilter(state, filter)
        }
        Action::ClearFilters => refilter(state, ListFilter::default()),
        Action::ToggleRead => nav::toggle_read(state),
        Action::Similar => nav::similar(state),
        Action::OpenLink => {
            let visible = state.article_visible();
            match &state.posts.article {
                Some(a) if a.laying_out() && visible => state.say("the post is still being laid out"),
                Some(a) if !a.links.is_empty() && visible => {
                    state.overlay = Some(Overlay::LinkPrompt(String::new()));
                }
                Some(_) if visible => state.say("this post has no links"),
                // Narrow screens with the list showing: the post loaded last is not the one in view.
                _ => state.say("open a post first"),
            }
            vec![]
        }
        Action::Scroll { up, column, row } => nav::wheel(state, up, column, row),
        Action::Click { column, row } => crate::app::mouse::click_posts(state, column, row),
        _ => vec![],
    };
    effects.into()
}

/// A window of list rows arrived.
pub fn window(
    state: &mut AppState,
    generation: u64,
    request: WindowRequest,
    rows: Vec<PostSummary>,
    read: &[PostId],
    counts: Option<(usize, usize)>,
    offset: Option<usize>,
) -> Vec<Effect> {
    // A window for an older filter, or for a list that search results have replaced.
    if generation != state.posts.list.generation || state.posts.list.mode != ListMode::Browse {
        return vec![];
    }
    if let Some((_, unread)) = counts {
        state.posts.unread = Some(unread);
    } else if !state.posts.list.counted {
        // The count of the list before is not this list's.
        state.posts.unread = None;
    }
    let rows = rows.into_iter().map(|post| Row { read: read.contains(&post.id), post, snippet: None }).collect();
    state.posts.list.apply_window(&request, rows, counts.map(|c| c.0), offset);
    // A list a source switch or a filter left empty previews nothing: the article pane would
    // otherwise keep the post of the list before, which this list does not hold. An article the
    // reader opened (focus on it) stays.
    if state.posts.list.rows.is_empty() && state.posts.focus == Focus::List {
        state.posts.article = None;
    }
    reading::window_arrived(state);
    let visible = state.visible_rows();
    let mut effects: Vec<Effect> = state.posts.list.settle(visible).map(|r| load(state, r)).into_iter().collect();
    effects.extend(preview(state));
    effects
}

/// The browsing list's count arrived (after its first window was drawn).
pub fn counted(state: &mut AppState, generation: u64, total: usize, unread: usize) {
    let visible = state.visible_rows();
    let posts = &mut state.posts;
    // While search results show, the browsing list waits under them.
    let list = match posts.saved_list.as_mut() {
        Some(saved) if saved.generation == generation => saved,
        _ if posts.list.generation == generation && posts.list.mode == ListMode::Browse => &mut posts.list,
        _ => return,
    };
    list.set_count(total, visible);
    posts.unread = Some(unread);
}

/// The similar posts of an article, which arrive after its text.
pub fn related(state: &mut AppState, id: PostId, related: Vec<PostSummary>) -> Vec<Effect> {
    // Only for the article still open; the text stays laid out, the section under it is redone.
    let Some(a) = state.posts.article.as_mut().filter(|a| a.post.meta.id == id) else { return vec![] };
    let wanted = a.want_similar;
    if a.related != related {
        article::set_related(a, related, &state.styles);
    }
    a.related_loaded = true;
    a.want_similar = false;
    clamp_scroll(state);
    if wanted {
        return nav::similar(state);
    }
    vec![]
}

/// An article's text arrived. A huge one is handed to a worker to lay out (the effect returned);
/// the pane shows its header meanwhile.
pub fn article(state: &mut AppState, post: Post, mut related: Vec<PostSummary>) -> Vec<Effect> {
    // The same article reloading (after a change to it or its tags) keeps its similar posts
    // until fresh ones arrive, and the reader's place in it.
    let mut loaded = false;
    let mut kept = None;
    if let Some(open) = state.posts.article.as_ref().filter(|a| a.post.meta.id == post.meta.id) {
        if related.is_empty() {
            related = open.related.clone();
            loaded = open.related_loaded;
        }
        kept = Some((open.scroll, open.related_selected, open.find.clone(), fraction_read(open)));
    }
    // The article shown so far goes first, so a big one is never held beside the next.
    if let Some(old) = state.posts.article.take() {
        article::release(old.lines);
    }
    let width = article::measure(state);
    let post = Arc::new(post);
    if article::laid_out_apart(&post) {
        let fraction = kept.as_ref().map_or(0.0, |k| k.3);
        let (mut a, effect) = lay_out_apart(state, post, related, width, fraction);
        a.related_loaded |= loaded;
        if let Some((_, selected, find, _)) = kept {
            a.related_selected = selected.filter(|i| *i < a.related.len());
            a.find = find;
        }
        state.posts.article = Some(a);
        return vec![effect];
    }
    let mut a = article::build(post, related, width, &state.styles, &state.tz, &state.settings.date_format);
    a.marks = list_search_marks(state, &a.lines);
    a.related_loaded |= loaded;
    if let Some((scroll, selected, find, _)) = kept {
        a.scroll = scroll;
        a.related_selected = selected.filter(|i| *i < a.related.len());
        a.find = find.map(|f| refound(f, &a.lines));
    }
    restore_scroll(state, &mut a);
    state.posts.article = Some(a);
    clamp_scroll(state);
    Vec::new()
}

/// How far through its text the reader of an article is (0 at the top): what a new layout
/// keeps. A layout still on its way keeps the place it was asked to keep.
fn fraction_read(a: &ArticleState) -> f64 {
    match a.layout {
        Some(pending) => pending.fraction,
        None => a.scroll as f64 / a.lines.len().max(1) as f64,
    }
}

/// The place saved at the last quit, for the article it was saved for.
fn restore_scroll(state: &mut AppState, a: &mut ArticleState) {
    if let Some((id, scroll)) = state.posts.restore_scroll {
        if id == a.post.meta.id {
            a.scroll = scroll.min(a.lines.len().saturating_sub(1));
            state.posts.restore_scroll = None;
        }
    }
}

/// The header of a huge post with a note that its text is coming, and the effect that lays the
/// text out on a worker. Keys keep being answered meanwhile; the layout lands in `laid_out`.
fn lay_out_apart(
    state: &mut AppState,
    post: Arc<Post>,
    related: Vec<PostSummary>,
    width: u16,
    fraction: f64,
) -> (ArticleState, Effect) {
    state.posts.layouts += 1;
    let id = state.posts.layouts;
    let (styles, tz, date_format) = (&state.styles, &state.tz, &state.settings.date_format);
    let pending = PendingLayout { id, fraction };
    let a = article::placeholder(post.clone(), related.clone(), width, styles, tz, date_format, pending);
    let job = LayoutJob {
        id,
        post,
        related,
        width,
        styles: styles.clone(),
        tz: tz.clone(),
        date_format: date_format.clone(),
    };
    (a, Effect::Job(JobEffect::LayOut(Box::new(job))))
}

/// A worker laid a huge post out. Only the layout asked for last is taken (an older one is for
/// a size or a post gone since); what changed while it ran (similar posts, a selection, an
/// article search) carries over, and the reader goes to the place the request kept.
pub fn laid_out(state: &mut AppState, id: u64, mut laid: ArticleState) -> Vec<Effect> {
    let wanted = state.posts.article.as_ref().is_some_and(|a| a.layout.is_some_and(|p| p.id == id));
    let open = if wanted { state.posts.article.take() } else { None };
    let Some(open) = open else {
        article::release(laid.lines);
        return Vec::new();
    };
    if laid.related != open.related {
        article::set_related(&mut laid, open.related, &state.styles);
    }
    laid.related_selected = open.related_selected.filter(|i| *i < laid.related.len());
    laid.related_loaded = open.related_loaded;
    laid.want_similar = open.want_similar;
    laid.marks = list_search_marks(state, &laid.lines);
    laid.find = open.find.map(|f| refound(f, &laid.lines));
    let fraction = open.layout.map_or(0.0, |p| p.fraction);
    laid.scroll = (fraction * laid.lines.len() as f64) as usize;
    restore_scroll(state, &mut laid);
    state.posts.article = Some(laid);
    clamp_scroll(state);
    Vec::new()
}

/// The open article laid out again with rows for its pictures that are ready (one has just
/// arrived). The line at the top of the pane stays at the top: rows added above it move the
/// scroll by as much, so a picture arriving never pushes the text the reader is on away.
pub fn lay_out_with_pictures(state: &mut AppState) {
    let Some(open) = state.posts.article.take() else { return };
    let styles =
        crate::markdown::MarkdownStyles { picture_rows: super::pictures::rows_of(&open), ..state.styles.clone() };
    let mut laid = article::build(
        open.post.clone(),
        open.related.clone(),
        open.width,
        &styles,
        &state.tz,
        &state.settings.date_format,
    );
    let added_above: isize = open
        .images
        .iter()
        .zip(&laid.images)
        .filter(|(old, _)| old.line <= open.scroll)
        .map(|(old, new)| new.rows as isize - old.rows as isize)
        .sum();
    laid.scroll = open.scroll.saturating_add_signed(added_above);
    laid.marks = list_search_marks(state, &laid.lines);
    laid.find = open.find.map(|f| refound(f, &laid.lines));
    laid.related_selected = open.related_selected;
    laid.related_loaded = open.related_loaded;
    laid.want_similar = open.want_similar;
    laid.pictures = open.pictures;
    laid.pictures_for = open.pictures_for;
    article::release(open.lines);
    state.posts.article = Some(laid);
    clamp_scroll(state);
}

/// The terminal changed size (the router has set the new layout): re-wrap the article once
/// and keep the selection on screen.
pub fn resized(state: &mut AppState) -> Vec<Effect> {
    if !state.layout.wide && state.posts.focus == Focus::Article && state.posts.article.is_none() {
        state.posts.focus = Focus::List;
    }
    let width = article::measure(state);
    // Nothing is drawn on a terminal too small for the panes: the article keeps its layout until
    // there is room again, rather than being wrapped at a column or two (a big post would become
    // millions of lines for a frame that is never shown).
    if state.layout.too_small {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let Some(a) = state.posts.article.take() {
        // Same width: the layout (or the one on its way) is right as it is.
        if a.width == width {
            state.posts.article = Some(a);
        } else {
            // Re-wrap once for the new width, keeping the reader at the same fraction of the text.
            let fraction = fraction_read(&a);
            let ArticleState { post, related, lines, related_selected, related_loaded, want_similar, find, .. } = a;
            // The old lines go before the new ones are made, so a big post is never held twice.
            article::release(lines);
            let rebuilt = if article::laid_out_apart(&post) {
                let (mut placeholder, effect) = lay_out_apart(state, post, related, width, fraction);
                effects.push(effect);
                placeholder.find = find;
                placeholder
            } else {
                let mut rebuilt =
                    article::build(post, related, width, &state.styles, &state.tz, &state.settings.date_format);
                rebuilt.scroll = (fraction * rebuilt.lines.len() as f64) as usize;
                rebuilt.marks = list_search_marks(state, &rebuilt.lines);
                // The search's words are found again in the new lines; the reader stays on the
                // same match number.
                rebuilt.find = find.map(|f| refound(f, &rebuilt.lines));
                rebuilt
            };
            let mut rebuilt = rebuilt;
            rebuilt.related_selected = related_selected;
            rebuilt.related_loaded = related_loaded;
            rebuilt.want_similar = want_similar;
            state.posts.article = Some(rebuilt);
            clamp_scroll(state);
        }
    }
    let visible = state.visible_rows();
    state.posts.list.scroll_into_view(visible);
    effects.extend(preview(state));
    effects
}

/// The list search's words in an article opened from its results, to highlight them there.
fn list_search_marks(state: &AppState, lines: &[ratatui::text::Line<'_>]) -> Vec<find::Match> {
    match &state.posts.list.mode {
        ListMode::Results { query } => {
            let words = find::query_words(query);
            find::matches(lines, &words.iter().map(String::as_str).collect::<Vec<_>>())
        }
        ListMode::Browse => Vec::new(),
    }
}

/// The article search kept over new lines (re-wrapped, or the post reloaded after a change):
/// its words are found again, and the reader stays on the same match number.
fn refound(mut f: find::Find, lines: &[ratatui::text::Line<'_>]) -> find::Find {
    f.matches = find::matches(lines, &[f.input.as_str()]);
    f.current = f.current.min(f.matches.len().saturating_sub(1));
    f
}
