//! `byline post ...` and `byline search`.

use super::CliError;
use super::args::{PostAdd, PostCmd, PostEdit, PostList, SearchArgs};
use super::output::{Out, POST_HEADERS, PostJson, fit, post_row};
use byline_core::domain::{NewPost, Post, PostRef, PostStatus, Slug, TagName, Title, time};
use byline_core::editor::{read_body, run_editor};
use byline_core::ops;
use byline_core::ops::posts::When;
use byline_core::sanitize::{sanitize, sanitize_line};
use byline_core::store::search::MAX_QUERY_WORDS;
use byline_core::store::{self, ListFilter, PostChanges, SearchQuery, SearchRequest, Store};
use byline_core::text::thousands;
use byline_core::transfer::frontmatter::{self, FrontMatter};

pub fn run(cmd: PostCmd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    match cmd {
        PostCmd::Add(args) => add(args, store, out),
        PostCmd::List(args) => list(args, store, out),
        PostCmd::Show { post } => show(&post, store, out),
        PostCmd::Edit(args) => edit(args, store, out),
        PostCmd::Publish { post, at, now } => publish(&post, at.as_deref(), now, store, out),
        PostCmd::Unpublish { post } => {
            let id = store::resolve_post(store.conn(), &PostRef::parse(&post))?;
            let ops::Changed { changed, item: p } = ops::posts::unpublish_post(store, id)?;
            out.say(if changed {
                format!("'{}' is a draft again", sanitize_line(&p.meta.title))
            } else {
                format!("'{}' is already a draft", sanitize_line(&p.meta.title))
            });
            out.json(&PostJson::from(&p.meta));
            Ok(())
        }
        PostCmd::Delete { post } => {
            let id = store::resolve_post(store.conn(), &PostRef::parse(&post))?;
            let p = ops::posts::trash_post(store, id)?;
            out.say(format!(
                "moved '{}' to the trash; `byline post restore` brings it back within {} days",
                sanitize_line(&p.meta.title),
                store::TRASH_DAYS
            ));
            out.json(&PostJson::from(&p.meta));
            Ok(())
        }
        PostCmd::Restore { post } => {
            let p = ops::posts::restore_post(store, post.as_deref())?;
            out.say(format!("restored '{}' as post {} ({})", sanitize_line(&p.meta.title), p.meta.id, p.meta.slug));
            out.json(&PostJson::from(&p.meta));
            Ok(())
        }
        PostCmd::Read { post } => mark(store, out, &post, true),
        PostCmd::Unread { post } => mark(store, out, &post, false),
        PostCmd::Trash => {
            let items = store::list_trash(store.conn())?;
            out.json(&items);
            if items.is_empty() {
                out.say("the trash is empty");
            } else {
                let rows: Vec<Vec<String>> = items
                    .iter()
                    .map(|t| {
                        vec![t.post_id.to_string(), time::local_date(t.deleted_at), fit(&sanitize_line(&t.title), 60)]
                    })
                    .collect();
                out.table(&["ID", "DELETED", "TITLE"], &rows);
            }
            Ok(())
        }
        PostCmd::Tag { post, tags } => {
            let id = store::resolve_post(store.conn(), &PostRef::parse(&post))?;
            let tags = TagName::parse_all(&tags)?;
            let (added, p) = ops::posts::add_tags(store, id, &tags)?;
            finish_tags(&p, out, format!("added {added} tag(s)"))
        }
        PostCmd::Untag { post, tags } => {
            let id = store::resolve_post(store.conn(), &PostRef::parse(&post))?;
            let tags = TagName::parse_all(&tags)?;
            let p = ops::posts::remove_tags(store, id, &tags)?;
            finish_tags(&p, out, format!("removed {} tag(s)", tags.len()))
        }
    }
}

fn finish_tags(p: &Post, out: &mut Out, what: String) -> Result<(), CliError> {
    out.say(format!(
        "{what}; '{}' is tagged: {}",
        sanitize_line(&p.meta.title),
        sanitize_line(&p.meta.tags.join(", "))
    ));
    out.json(&PostJson::from(&p.meta));
    Ok(())
}

fn add(args: PostAdd, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let new = NewPost {
        title: Title::parse(&args.title)?,
        slug: args.slug.as_deref().map(Slug::parse).transpose()?,
        author: args.author.map(|a| a.trim().to_string()).filter(|a| !a.is_empty()),
        tags: TagName::parse_all(&args.tags)?,
        summary: args.summary.unwrap_or_default(),
        body: args.body_file.as_deref().map(read_body).transpose()?.unwrap_or_default(),
        publish_at: None,
        created_at: None,
    };
    let at = args.at.as_deref().map(time::parse_user_datetime).transpose()?.map(|t| t.as_second());
    let p = ops::posts::add_post(store, &new, args.publish, at)?;
    // A schedule is shown in the zone it was read in, so a wrong zone is seen at once.
    let status = match p.meta.status {
        PostStatus::Scheduled => format!("scheduled for {}", time::shown(p.meta.shown_at())),
        s => s.as_str().to_string(),
    };
    out.say(format!("added post {} '{}' ({status}, slug {})", p.meta.id, sanitize_line(&p.meta.title), p.meta.slug));
    out.json(&PostJson::from(&p.meta));
    Ok(())
}

fn list(args: PostList, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let filter = ListFilter {
        tag: args.tag,
        author: args.author,
        status: args.status.as_deref().map(PostStatus::parse).transpose()?,
        limit: args.limit,
        source: super::feeds::parse_source(store, &args.source)?,
        ..Default::default()
    };
    let posts = store::list_posts(store.conn(), &filter, store.now())?;
    let ids: Vec<_> = posts.iter().map(|p| p.id).collect();
    let feeds = store::feeds::post_feeds(store.conn(), &ids)?;
    // The value `--source` takes to list the post's source alone: "own" or its feed's id.
    let source = |p: &byline_core::domain::PostSummary| feeds.get(&p.id).map_or("own".to_string(), |f| f.to_string());
    out.json(&posts.iter().map(|p| ListedPostJson { post: PostJson::from(p), source: source(p) }).collect::<Vec<_>>());
    if posts.is_empty() {
        out.say("no posts");
    } else {
        // A SOURCE column only when followed items are listed: an own blog's table stays as it was.
        let mut headers = POST_HEADERS.to_vec();
        if !feeds.is_empty() {
            headers.push("SOURCE");
        }
        let rows: Vec<Vec<String>> = posts
            .iter()
            .map(|p| {
                let mut row = post_row(p);
                if !feeds.is_empty() {
                    row.push(feeds.get(&p.id).map_or("own".to_string(), |f| format!("feed {f}")));
                }
                row
            })
            .collect();
        out.table(&headers, &rows);
    }
    Ok(())
}

/// A listed post, with where it comes from.
#[derive(serde::Serialize)]
struct ListedPostJson {
    #[serde(flatten)]
    post: PostJson,
    /// "own", or the id of the followed feed it is an item of.
    source: String,
}

#[derive(serde::Serialize)]
struct ShowJson {
    #[serde(flatten)]
    post: PostJson,
    body: String,
    related: Vec<RelatedJson>,
}

#[derive(serde::Serialize)]
struct RelatedJson {
    id: i64,
    slug: String,
    title: String,
    author: Option<String>,
    summary: String,
}

fn show(post: &str, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let id = store::resolve_post(store.conn(), &PostRef::parse(post))?;
    let (p, related) = ops::posts::show_post(store, id, 3)?;
    out.json(&ShowJson {
        post: PostJson::from(&p.meta),
        body: p.body.clone(),
        related: related
            .iter()
            .map(|r| RelatedJson {
                id: r.id.0,
                slug: r.slug.clone(),
                title: r.title.clone(),
                author: r.author.clone(),
                summary: r.summary.clone(),
            })
            .collect(),
    });
    let m = &p.meta;
    out.say(sanitize_line(&m.title));
    let mut byline = vec![
        format!("By {}", m.author.as_deref().unwrap_or("unknown")),
        time::local_date(m.shown_at()),
        m.status.as_str().into(),
    ];
    if !m.tags.is_empty() {
        byline.push(m.tags.join(", "));
    }
    out.say(sanitize_line(&byline.join(" · ")));
    out.say(format!("id {} · slug {}", m.id, m.slug));
    if !m.summary.is_empty() {
        out.say(format!("\n{}", sanitize_line(&m.summary)));
    }
    out.say(format!("\n{}", sanitize(p.body.trim_end())));
    if !related.is_empty() {
        out.say("\nSimilar posts:");
        for r in &related {
            out.say(format!(
                "  {}  {} ({})",
                r.slug,
                fit(&sanitize_line(&r.title), 60),
                sanitize_line(r.author.as_deref().unwrap_or("-"))
            ));
        }
    }
    Ok(())
}

fn edit(args: PostEdit, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let id = store::resolve_post(store.conn(), &PostRef::parse(&args.post))?;
    // Before $EDITOR opens: nothing typed there could be saved.
    store::feeds::ensure_own_post(store.conn(), id)?;
    let no_flags = args.title.is_none() && args.slug.is_none() && args.summary.is_none() && args.body_file.is_none();
    let changes = if no_flags {
        edit_in_editor(store, id)?
    } else {
        PostChanges {
            title: args.title.as_deref().map(Title::parse).transpose()?,
            slug: args.slug.as_deref().map(Slug::parse).transpose()?,
            summary: args.summary,
            body: args.body_file.as_deref().map(read_body).transpose()?,
            ..Default::default()
        }
    };
    let ops::Changed { changed, item: p } = ops::posts::update_post(store, id, &changes)?;
    out.say(if changed { format!("saved '{}'", sanitize_line(&p.meta.title)) } else { "no changes".to_string() });
    out.json(&PostJson::from(&p.meta));
    Ok(())
}

/// Writes the post to a private temporary file, runs $EDITOR, and reads the result back. If
/// the result does not parse, the file is kept and named so nothing typed is lost.
fn edit_in_editor(store: &Store, id: byline_core::domain::PostId) -> Result<PostChanges, CliError> {
    let p = store::get_post(store.conn(), id, store.now())?;
    let front = FrontMatter {
        title: p.meta.title.clone(),
        slug: Some(p.meta.slug.clone()),
        author: p.meta.author.clone(),
        tags: p.meta.tags.clone(),
        summary: Some(p.meta.summary.clone()),
        ..Default::default()
    };
    let dir = std::env::temp_dir();
    let path = dir.join(format!("byline-{}-{}.md", p.meta.slug, std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut file = byline_core::store::create_private_file(&path).map_err(|e| CliError::file(path.display(), e))?;
    std::io::Write::write_all(&mut file, frontmatter::render(&front, &p.body).as_bytes())
        .map_err(|e| CliError::file(path.display(), e))?;
    drop(file);
    run_editor(&path)?;
    let text = read_body(&path)?;
    let kept = |why: String| CliError::Usage(format!("{why}; your text is kept in {}", path.display()));
    let (front, body) = frontmatter::parse(&text).map_err(|e| kept(e.to_string()))?;
    let changes = PostChanges {
        title: Some(Title::parse(&front.title).map_err(|e| kept(e.to_string()))?),
        slug: front.slug.as_deref().map(Slug::parse).transpose().map_err(|e| kept(e.to_string()))?,
        summary: Some(front.summary.unwrap_or_default()),
        body: Some(body),
        author: Some(front.author.map(|a| a.trim().to_string()).filter(|a| !a.is_empty())),
        tags: Some(TagName::parse_all(&front.tags).map_err(|e| kept(e.to_string()))?),
    };
    let _ = std::fs::remove_file(&path);
    Ok(changes)
}

/// `byline search`: the same query as the TUI's search box (the last word is a prefix, at most
/// `MAX_QUERY_WORDS` words, title matches first), a page of it with the count of all hits.
pub fn search(args: SearchArgs, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let text = args.query.join(" ");
    let Some(query) = SearchQuery::parse(&text) else {
        out.json(&Vec::<()>::new());
        out.say(format!("no words to search for in '{}'", sanitize_line(&text)));
        return Ok(());
    };
    if query.dropped > 0 {
        // On stderr, so --json output stays one array.
        eprintln!(
            "note: searching the first {MAX_QUERY_WORDS} words; {} more left out: '{}'",
            query.dropped,
            sanitize_line(&query.text())
        );
    }
    let req = SearchRequest { query: &query, offset: args.offset, limit: args.limit, marks: ("«", "»") };
    let page = store::search_page(store.conn(), &req, store.now())?;
    #[derive(serde::Serialize)]
    struct HitJson {
        #[serde(flatten)]
        post: PostJson,
        /// As in `post list`: "own", or the id of the followed feed the hit is an item of.
        source: String,
        snippet: String,
        rank: usize,
    }
    let ids: Vec<_> = page.hits.iter().map(|h| h.post.id).collect();
    let feeds = store::feeds::post_feeds(store.conn(), &ids)?;
    out.json(
        &page
            .hits
            .iter()
            .map(|h| HitJson {
                post: PostJson::from(&h.post),
                source: feeds.get(&h.post.id).map_or("own".to_string(), |f| f.to_string()),
                snippet: h.snippet.clone(),
                rank: h.rank,
            })
            .collect::<Vec<_>>(),
    );
    // A last word of one or two letters is not counted (a second of uninterruptible merging at
    // 100,000 posts, as in the TUI): the title matches are a lower bound.
    let shown = args.offset + page.hits.len() + usize::from(page.more);
    let (total, plus) = match page.total {
        Some(n) => (n, ""),
        None if query.short_prefix() => (page.title_matches.max(shown), "+"),
        None => (store::search_count(store.conn(), &query)?, ""),
    };
    if page.hits.is_empty() {
        let past = if total > 0 { format!(" past the first {}", thousands(total as u64)) } else { String::new() };
        out.say(format!("no posts match '{}'{past}", sanitize_line(&query.text())));
        return Ok(());
    }
    for h in &page.hits {
        let p = &h.post;
        out.say(format!(
            "{}  {}  {} ({}, {})",
            p.id,
            p.slug,
            sanitize_line(&p.title),
            p.status.as_str(),
            time::local_date(p.shown_at())
        ));
        out.say(format!("    {}\n", sanitize_line(&h.snippet)));
    }
    let (first, last) = (args.offset + 1, args.offset + page.hits.len());
    let next = if page.more { format!("; --offset {last} for more") } else { String::new() };
    out.say(format!("{first}-{last} of {}{plus}{next}", thousands(total as u64)));
    Ok(())
}

/// `post publish`: idempotent on a live post; a post published before gets its first date back
/// by default (and says so), `--now` or `--at` date it otherwise.
fn publish(post: &str, at: Option<&str>, now: bool, store: &mut Store, out: &mut Out) -> Result<(), CliError> {
    let when = match at.map(str::trim) {
        _ if now => When::Now,
        Some(a) if a.eq_ignore_ascii_case("now") => When::Now,
        Some(a) => When::At(time::parse_user_datetime(a)?.as_second()),
        None => When::FirstDate,
    };
    let id = store::resolve_post(store.conn(), &PostRef::parse(post))?;
    let done = ops::posts::publish_post(store, id, when)?;
    let m = &done.post.meta;
    let title = sanitize_line(&m.title);
    out.say(match (done.changed, m.status, done.was_scheduled_for) {
        (false, PostStatus::Scheduled, _) => {
            format!("'{title}' is already scheduled for {}; nothing changed", time::shown(m.shown_at()))
        }
        (false, ..) => format!(
            "'{title}' is already published (since {}); nothing changed (`byline post unpublish {}` first to re-date it)",
            time::local_date(m.shown_at()),
            m.id
        ),
        (true, PostStatus::Scheduled, _) => format!("scheduled '{title}' for {}", time::shown(m.shown_at())),
        (true, _, Some(was)) => format!("published '{title}' now; it was scheduled for {}", time::shown(was)),
        (true, ..) if done.first_date_restored => format!(
            "published '{title}' again with its first date, {} (`--now` dates it today)",
            time::local_date(m.shown_at())
        ),
        (true, ..) => format!("published '{title}'"),
    });
    out.json(&PostJson::from(m));
    Ok(())
}

/// `post read` / `post unread`: the read mark the reader sets when a post is opened.
fn mark(store: &mut Store, out: &mut Out, post: &str, read: bool) -> Result<(), CliError> {
    let id = store::resolve_post(store.conn(), &PostRef::parse(post))?;
    byline_core::ops::state::mark_read(store, id, read)?;
    let p = store::get_post(store.conn(), id, store.now())?;
    out.say(format!("marked '{}' {}", sanitize_line(&p.meta.title), if read { "read" } else { "unread" }));
    out.json(&serde_json::json!({ "id": id.0, "slug": p.meta.slug, "read": read }));
    Ok(())
}
