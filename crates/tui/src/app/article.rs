//! Lays an article out for a width: title, byline, the rendered body and the similar posts.

use jiff::tz::TimeZone;
use ratatui::text::{Line, Span};

use crate::markdown::{self, MarkdownStyles};
use byline_core::domain::{Post, PostStatus, PostSummary};
use byline_core::sanitize::sanitize_line;

use std::sync::Arc;

use super::views::posts::state::{ArticleState, PendingLayout};

/// Lines each similar post takes: its title, then author and excerpt.
pub const RELATED_ITEM_HEIGHT: usize = 2;

/// A date in the reader's zone and format (`date_format` in the config file, checked when it is
/// read; a format that still fails shows the ISO date rather than panicking in `to_string`).
pub fn local_date(secs: i64, tz: &TimeZone, format: &str) -> String {
    let zoned = byline_core::domain::time::from_secs(secs).to_zoned_datetime(tz.clone());
    jiff::fmt::strtime::format(format, &zoned).unwrap_or_else(|_| zoned.strftime("%Y-%m-%d").to_string())
}

fn wrapped(text: &str, width: u16, style: ratatui::style::Style) -> Vec<Line<'static>> {
    textwrap::wrap(&sanitize_line(text), usize::from(width.max(1)))
        .into_iter()
        .map(|l| Line::from(Span::styled(l.into_owned(), style)))
        .collect()
}

/// The width an article's text wraps at: the pane's, at most the reading width (a comfortable
/// measure; a 200-column pane does not make 200-column lines).
pub fn measure(state: &super::state::AppState) -> u16 {
    // Nothing is drawn on a terminal too small for the panes (the pane is 0 columns): the text
    // is laid out at the reading width and wrapped again once there is room.
    if state.layout.too_small {
        return state.settings.reading_width.max(MIN_MEASURE);
    }
    state.layout.article_text_width().min(state.settings.reading_width.max(MIN_MEASURE))
}

/// Lines an article must have for dropping it to be worth handing memory back to the system.
const RELEASE_LINES: usize = 50_000;

/// Drops an article's laid-out lines. A big post's layout is millions of small allocations that
/// the allocator keeps after they are freed (a 10 MB post at 20 columns left hundreds of MB
/// resident), so after a big one the free memory is given back. Freeing a big layout and
/// trimming take a few hundred milliseconds, so they run on a thread of their own: the key or
/// resize that dropped the layout is answered at once.
pub fn release(lines: Vec<Line<'static>>) {
    if lines.len() < RELEASE_LINES {
        return;
    }
    let spawned = std::thread::Builder::new().name("byline-free".into()).spawn(move || {
        background_priority();
        drop(lines);
        give_back_free_memory();
    });
    // No thread to be had: the lines went with the refused closure; trim here instead.
    if spawned.is_err() {
        give_back_free_memory();
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_free_memory() {
    // SAFETY: malloc_trim only walks glibc's own heaps and returns free pages to the kernel; it
    // touches no memory in use and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_free_memory() {}

/// Lowers the calling thread's priority (nice 10): a huge post's layout, or the freeing of one,
/// yields the CPU to the thread that answers keys whenever both want it (two cores shared with
/// other programs are common).
#[cfg(target_os = "linux")]
pub fn background_priority() {
    // SAFETY: setpriority with PRIO_PROCESS and 0 changes only the calling thread's nice value
    // on Linux (each thread is its own task); it reads and writes no memory of ours. A refusal
    // leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn background_priority() {}

/// The narrowest reading width honoured: below it a setting would make the text unreadable.
const MIN_MEASURE: u16 = 20;

/// Bodies longer than this are laid out off the UI thread (`JobEffect::LayOut`): a 10 MB post
/// takes the better part of a second, during which keys would go unanswered. Shorter ones are
/// laid out at once, which is quicker than a trip to a worker and back.
pub const LAY_OUT_APART: usize = 256 * 1024;

/// Whether this post's layout goes to a worker.
pub fn laid_out_apart(post: &Post) -> bool {
    post.body.len() > LAY_OUT_APART
}

/// The columns of a title the header shows: the longest title byline lets a person write. A
/// followed feed's item (or a database written by something else) can bring any length, and
/// a 10,000-character title would push the text screens down.
const TITLE_SHOWN: usize = 300;

/// The title and the byline (author, date, status, tags), then a blank line.
fn header(post: &Post, width: u16, styles: &MarkdownStyles, tz: &TimeZone, date_format: &str) -> Vec<Line<'static>> {
    let m = &post.meta;
    let mut lines = wrapped(&byline_core::text::fit(&m.title, TITLE_SHOWN), width, styles.heading[0]);
    let mut meta =
        vec![format!("By {}", m.author.as_deref().unwrap_or("unknown")), local_date(m.shown_at(), tz, date_format)];
    if m.status != PostStatus::Published {
        meta.push(m.status.as_str().to_uppercase());
    }
    if !m.tags.is_empty() {
        meta.push(byline_core::text::tag_list(&m.tags));
    }
    lines.extend(wrapped(&meta.join(" · "), width, styles.muted));
    lines.push(Line::default());
    lines
}

/// Builds the article's lines once for (post, width); `update` calls this on open and on resize.
pub fn build(
    post: Arc<Post>,
    related: Vec<PostSummary>,
    width: u16,
    styles: &MarkdownStyles,
    tz: &TimeZone,
    date_format: &str,
) -> ArticleState {
    let body = markdown::render(&post.body, width, styles);
    assemble(post, related, width, styles, tz, date_format, body)
}

/// The article around its rendered body: header above, similar posts below.
fn assemble(
    post: Arc<Post>,
    related: Vec<PostSummary>,
    width: u16,
    styles: &MarkdownStyles,
    tz: &TimeZone,
    date_format: &str,
    body: markdown::Rendered,
) -> ArticleState {
    let mut lines = header(&post, width, styles, tz, date_format);
    let above = lines.len();
    let code = body
        .code
        .into_iter()
        .map(|c| markdown::CodeBlock { first: c.first + above, end: c.end + above, ..c })
        .collect();
    let images = body.images.into_iter().map(|i| markdown::ImageSpot { line: i.line + above, ..i }).collect();
    lines.extend(body.lines);
    lines.push(Line::default());
    let related_at = lines.len();
    lines.extend(related_section(&related, width, styles));
    let related_loaded = !related.is_empty();
    ArticleState {
        related,
        lines,
        links: body.links,
        related_at,
        related_loaded,
        code,
        images,
        ..ArticleState::new(post, width)
    }
}

/// An article's header with a line saying its text is being laid out: what the pane shows
/// while a worker lays out a huge post (`pending` says which layout will replace it).
pub fn placeholder(
    post: Arc<Post>,
    related: Vec<PostSummary>,
    width: u16,
    styles: &MarkdownStyles,
    tz: &TimeZone,
    date_format: &str,
    pending: PendingLayout,
) -> ArticleState {
    let mut lines = header(&post, width, styles, tz, date_format);
    let size = byline_core::text::thousands(post.body.len() as u64);
    lines.push(Line::from(Span::styled(fit(&format!("Laying out {size} bytes of text…"), width), styles.muted)));
    let related_at = lines.len();
    let related_loaded = !related.is_empty();
    ArticleState {
        related_at,
        width,
        related_loaded,
        related,
        lines,
        layout: Some(pending),
        ..ArticleState::new(post, width)
    }
}

/// A layout asked of a worker: everything `build` needs, owned, so it can run on another
/// thread. `id` tells its answer (`Msg::LaidOut`) from those of layouts asked for before it.
#[derive(Clone)]
pub struct LayoutJob {
    pub id: u64,
    pub post: Arc<Post>,
    pub related: Vec<PostSummary>,
    pub width: u16,
    pub styles: MarkdownStyles,
    pub tz: TimeZone,
    pub date_format: String,
}

impl std::fmt::Debug for LayoutJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may be megabytes: name the post, not its text.
        write!(f, "LayoutJob {{ id: {}, post: {:?}, width: {} }}", self.id, self.post.meta.id, self.width)
    }
}

/// Two jobs are the same request when they lay out the same post at the same width under the
/// same id (the zone and styles follow from the state that asked).
impl PartialEq for LayoutJob {
    fn eq(&self, other: &Self) -> bool {
        (self.id, self.post.meta.id, self.width) == (other.id, other.post.meta.id, other.width)
    }
}

impl LayoutJob {
    /// Lays the article out, or gives up (None) once `stop` says it is no longer wanted.
    pub fn build_until(self, stop: &dyn Fn() -> bool) -> Option<ArticleState> {
        let LayoutJob { post, related, width, styles, tz, date_format, .. } = self;
        let body = markdown::render_until(&post.body, width, &styles, stop)?;
        Some(assemble(post, related, width, &styles, &tz, &date_format, body))
    }

    /// Runs the job on a worker: its answer, unless it was stopped.
    pub fn run(self, stop: &dyn Fn() -> bool) -> Option<super::Msg> {
        let id = self.id;
        self.build_until(stop).map(|article| super::Msg::LaidOut { id, article: Box::new(article) })
    }
}

/// The similar-posts section under the text (nothing when there are none).
fn related_section(related: &[PostSummary], width: u16, styles: &MarkdownStyles) -> Vec<Line<'static>> {
    if related.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(Span::styled("Similar posts", styles.heading[1]))];
    for (i, r) in related.iter().enumerate() {
        let title = format!("{}. {}", i + 1, sanitize_line(&r.title));
        lines.push(Line::from(Span::styled(fit(&title, width), styles.strong)));
        let by = r.author.as_deref().map(|a| format!("{a} — ")).unwrap_or_default();
        lines.push(Line::from(Span::styled(
            fit(&format!("   {}{}", by, sanitize_line(&r.summary)), width),
            styles.muted,
        )));
    }
    lines
}

/// Replaces the similar posts of a laid-out article: only the section's lines are redone, the
/// text above them (the costly part) is kept as it was laid out.
pub fn set_related(article: &mut ArticleState, related: Vec<PostSummary>, styles: &MarkdownStyles) {
    article.lines.truncate(article.related_at);
    article.lines.extend(related_section(&related, article.width, styles));
    article.related_selected = article.related_selected.filter(|i| *i < related.len());
    article.related = related;
}

/// Cuts to `width` display columns with an ellipsis.
pub fn fit(s: &str, width: u16) -> String {
    byline_core::text::fit(s, usize::from(width.max(1)))
}

/// The line where similar post `i` starts.
pub fn related_line(article: &ArticleState, i: usize) -> usize {
    article.related_at + 1 + i * RELATED_ITEM_HEIGHT
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::domain::PostId;

    fn summary(id: i64, title: &str) -> PostSummary {
        PostSummary {
            id: PostId(id),
            slug: format!("p{id}"),
            title: title.into(),
            author: Some("Ada".into()),
            summary: "A summary long enough to be cut at a narrow width.".into(),
            tags: vec!["rust".into()],
            status: PostStatus::Published,
            created_at: 0,
            updated_at: 0,
            published_at: Some(0),
            first_published_at: Some(0),
            guid: format!("urn:uuid:test-{id}"),
        }
    }

    #[test]
    fn similar_posts_arriving_late_give_the_same_lines_as_laying_out_all_at_once() {
        let styles = MarkdownStyles::plain();
        let post = Post { meta: summary(1, "Open"), body: "# Head\n\nSome *text* and a [link](https://x.y).".into() };
        let related = vec![summary(2, "Second"), summary(3, "Third")];
        let post = Arc::new(post);
        let whole = build(post.clone(), related.clone(), 30, &styles, &TimeZone::UTC, "%Y-%m-%d");
        let mut late = build(post, Vec::new(), 30, &styles, &TimeZone::UTC, "%Y-%m-%d");
        set_related(&mut late, related, &styles);
        assert_eq!(late.lines, whole.lines);
        assert_eq!((late.related_at, &late.related, &late.links), (whole.related_at, &whole.related, &whole.links));
        set_related(&mut late, Vec::new(), &styles);
        assert_eq!(late.lines.len(), late.related_at, "no section when there are none");
    }
}
