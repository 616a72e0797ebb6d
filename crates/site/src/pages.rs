//! The site's HTML pages, rendered from the theme's templates: the plain values each page shows
//! (cards, links, the page's head) and one function per kind of page.

use minijinja::{Value, context};
use serde::Serialize;

use crate::error::Result;
use crate::theme::Theme;

/// The blog as every page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Blog {
    pub title: String,
    pub description: String,
    /// Ends with `/`; every link of the site starts with it.
    pub base_url: String,
    pub signup_url: Option<String>,
}

/// A link to a tag (or an author).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Link {
    pub name: String,
    pub url: String,
    /// Its folder's name (`a-z0-9-`), under `tags/` or `authors/`.
    pub slug: String,
}

/// A post as a list or a card shows it: no body. `Hash` covers every field a template can show,
/// so a page made from cards is known unchanged by their digests.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub author: Option<String>,
    pub author_url: Option<String>,
    /// The date a reader sees (`2026-03-01`) and the same as RFC 3339, in UTC so the output does
    /// not depend on the machine's time zone.
    pub date: String,
    pub date_iso: String,
    pub summary: String,
    pub tags: Vec<Link>,
}

/// A feed a page names in its head (`<link rel="alternate">`).
#[derive(Debug, Clone, Serialize, Hash)]
pub struct FeedLink {
    pub href: String,
    pub title: String,
    pub mime: &'static str,
}

/// The head of a page: what search engines and link previews read.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// The canonical, absolute URL.
    pub url: String,
    pub og_type: &'static str,
    pub feeds: Vec<FeedLink>,
    /// The tag a tag page is about: its sign-up form follows that tag.
    pub tag: Option<String>,
}

/// Newer and older pages of a paginated list.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    pub newer: Option<String>,
    pub older: Option<String>,
}

/// The blog's feeds, for every page's head.
pub fn blog_feeds(blog: &Blog) -> Vec<FeedLink> {
    vec![
        FeedLink {
            href: format!("{}feed.xml", blog.base_url),
            title: format!("{} (RSS)", blog.title),
            mime: "application/rss+xml",
        },
        FeedLink {
            href: format!("{}atom.xml", blog.base_url),
            title: format!("{} (Atom)", blog.title),
            mime: "application/atom+xml",
        },
        FeedLink {
            href: format!("{}feed.json", blog.base_url),
            title: format!("{} (JSON Feed)", blog.title),
            mime: "application/feed+json",
        },
    ]
}

/// A tag's own feed, listed first on its page (so its "Follow" link follows the tag).
pub fn tag_feed(blog: &Blog, tag: &Link) -> FeedLink {
    FeedLink {
        href: format!("{}feed.xml", tag.url),
        title: format!("{}: {} (RSS)", blog.title, tag.name),
        mime: "application/rss+xml",
    }
}

/// A page of the index.
pub fn index_page(theme: &Theme, blog: &Blog, head: &Head, posts: &[Card], pager: &Pager) -> Result<String> {
    theme.render("index.html", context! { blog, page => head, posts, pager })
}

/// One post: its card (title, author, date, tags), its body as safe HTML, and similar posts.
pub fn post_page(
    theme: &Theme,
    blog: &Blog,
    head: &Head,
    post: &Card,
    body_html: &str,
    similar: &[Card],
) -> Result<String> {
    let jsonld = json_ld(blog, post);
    theme.render(
        "post.html",
        context! {
            blog, page => head, post, similar,
            // Both were made safe here: the body by ammonia, the JSON by escaping `</`.
            body => Value::from_safe_string(body_html.to_string()),
            jsonld => Value::from_safe_string(jsonld),
        },
    )
}

/// What a list page shows: a tag's posts, an author's, or all of them (the archive).
#[derive(Debug, Clone, Serialize)]
pub struct List<'a> {
    pub heading: &'a str,
    pub posts: &'a [&'a Card],
    /// The list's own feed, for its "Follow" link (a tag's).
    pub feed: Option<&'a str>,
    /// Links listed under the posts (the archive lists the tags).
    pub tags: &'a [Link],
    /// On an author's page, the author is not repeated on every line.
    pub by_author: bool,
    pub pager: &'a Pager,
}

/// A list of posts (a tag, an author, the archive).
pub fn list_page(theme: &Theme, blog: &Blog, head: &Head, list: &List<'_>) -> Result<String> {
    theme.render(
        "list.html",
        context! {
            blog, page => head, heading => list.heading, posts => list.posts, feed => list.feed,
            tags => list.tags, by_author => list.by_author, pager => list.pager,
        },
    )
}

pub fn not_found_page(theme: &Theme, blog: &Blog, head: &Head) -> Result<String> {
    theme.render("404.html", context! { blog, page => head })
}

/// schema.org `BlogPosting` for a post, as JSON safe inside a `<script>` element: `</` (and
/// `<!--`) cannot close or confuse the element, whatever a title holds.
pub fn json_ld(blog: &Blog, post: &Card) -> String {
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "url": post.url,
        "mainEntityOfPage": post.url,
        "datePublished": post.date_iso,
        "description": post.summary,
        "keywords": post.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        "publisher": { "@type": "Organization", "name": blog.title },
    });
    if let Some(author) = &post.author {
        data["author"] = serde_json::json!({ "@type": "Person", "name": author, "url": post.author_url });
    }
    script_safe(&data.to_string())
}

/// JSON text with every `<` written as `\u003c`, which JSON reads back as the same character.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let blog = Blog { title: "B".into(), description: String::new(), base_url: "/".into(), signup_url: None };
        let card = Card {
            title: "</script><script>alert(1)</script>".into(),
            url: "/posts/x/".into(),
            author: Some("A <b>".into()),
            author_url: Some("/authors/a/".into()),
            date: "2026-01-01".into(),
            date_iso: "2026-01-01T00:00:00Z".into(),
            summary: "<!-- x".into(),
            tags: vec![],
        };
        let text = json_ld(&blog, &card);
        assert!(!text.contains('<'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>");
        assert_eq!(back["author"]["name"], "A <b>");
    }
}
