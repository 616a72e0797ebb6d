//! A post as an email: the subject, the text and HTML parts rendered once per send, then one
//! `Outgoing` per subscriber with their own unsubscribe and preferences links.

use byline_core::domain::Post;
use byline_core::store::outbox::Due;

use crate::outgoing::{ListHeaders, Outgoing};
use crate::settings::SmtpSettings;
use byline_core::html::escape_html as escape;

/// One send's message, before the recipient is known.
#[derive(Debug, Clone)]
pub struct Letter {
    subject: String,
    /// The text part up to the footer.
    text_head: String,
    /// The HTML part up to the footer.
    html_head: String,
    base: String,
    blog: String,
    list_id: String,
    mailto: String,
    /// `byline.POST.` ... `.SALT@DOMAIN`, around the subscriber id.
    id_prefix: String,
    id_suffix: String,
}

/// `base` with exactly one trailing slash, so every link is `base + path`.
pub fn base_url(base: &str) -> String {
    format!("{}/", base.trim().trim_end_matches('/'))
}

/// The post's page on the site, as the site export names it (`posts/SLUG/`).
pub fn post_url(base: &str, post: &Post) -> String {
    format!("{}posts/{}/", base_url(base), post.meta.slug)
}

impl Letter {
    /// `base` is the site's absolute URL, `blog` its title (the list's name), `salt` the send's.
    pub fn new(post: &Post, base: &str, blog: &str, settings: &SmtpSettings, salt: &str) -> Letter {
        let url = post_url(base, post);
        let title = post.meta.title.trim();
        let text_head = format!("{title}\n\n{}\n\nRead it on the site: {url}\n", post.body.trim_end());
        let html_head = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head><body>\n\
             <h1><a href=\"{u}\">{t}</a></h1>\n{body}\n<p><a href=\"{u}\">Read it on the site</a></p>\n",
            t = escape(title),
            u = escape(&url),
            body = byline_site::markdown::to_html(&post.body),
        );
        Letter {
            subject: title.to_string(),
            text_head,
            html_head,
            base: base_url(base),
            blog: blog.to_string(),
            list_id: settings.list_id.clone(),
            mailto: settings.unsubscribe_mailto.clone(),
            id_prefix: format!("byline.{}.", post.meta.id.0),
            id_suffix: format!(".{salt}@{}", settings.from.email.domain()),
        }
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The message to one subscriber. Tokens are hex (the store makes them), so they go into
    /// URLs as they are.
    pub fn for_subscriber(&self, to: &Due) -> Outgoing {
        let token: String = to.token.chars().filter(char::is_ascii_alphanumeric).collect();
        let unsubscribe = format!("{}unsubscribe?token={token}", self.base);
        let preferences = format!("{}preferences?token={token}", self.base);
        let text = format!(
            "{}\n-- \nYou get this because you subscribed to {} at {}.\nChoose what you get: {preferences}\nUnsubscribe: {unsubscribe}\n",
            self.text_head, self.blog, self.base
        );
        let html = format!(
            "{}<hr>\n<p style=\"font-size:small\">You get this because you subscribed to {}. \
             <a href=\"{}\">Choose what you get</a> · <a href=\"{}\">Unsubscribe</a></p>\n</body></html>\n",
            self.html_head,
            escape(&self.blog),
            escape(&preferences),
            escape(&unsubscribe)
        );
        Outgoing {
            to_email: to.email.clone(),
            to_name: to.name.clone(),
            subject: self.subject.clone(),
            text,
            html: Some(html),
            message_id: format!("{}{}{}", self.id_prefix, to.subscriber_id.0, self.id_suffix),
            list: Some(ListHeaders {
                list_id: self.list_id.clone(),
                list_name: Some(self.blog.clone()),
                unsubscribe_url: unsubscribe,
                unsubscribe_mailto: self.mailto.clone(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::config::{SmtpConfig, SmtpUrl};
    use byline_core::domain::{PostId, PostStatus, PostSummary, SubscriberId};

    fn post() -> Post {
        Post {
            meta: PostSummary {
                id: PostId(7),
                slug: "borrowing".into(),
                title: "Borrowing <for> you".into(),
                author: None,
                summary: String::new(),
                tags: vec![],
                status: PostStatus::Published,
                created_at: 0,
                updated_at: 0,
                published_at: Some(0),
                first_published_at: Some(0),
                guid: "urn:uuid:x".into(),
            },
            body: "Some *text*.".into(),
        }
    }

    #[test]
    fn each_subscriber_gets_their_own_links_and_a_stable_message_id() {
        let config = SmtpConfig {
            url: Some(SmtpUrl::new("smtp://127.0.0.1:25")),
            from: Some("Blog <news@example.org>".into()),
            ..Default::default()
        };
        let settings = SmtpSettings::resolve(&config, None).unwrap();
        let letter = Letter::new(&post(), "https://example.org/blog", "The Blog", &settings, "ab12");
        let due = Due {
            subscriber_id: SubscriberId(9),
            email: "ann@example.com".into(),
            name: None,
            token: "f00d".into(),
            deliverable: true,
            attempts: 0,
        };
        let out = letter.for_subscriber(&due);
        assert_eq!(out.message_id, "byline.7.9.ab12@example.org");
        assert_eq!(out.list.as_ref().unwrap().unsubscribe_url, "https://example.org/blog/unsubscribe?token=f00d");
        assert!(out.text.contains("https://example.org/blog/posts/borrowing/"));
        assert!(out.text.contains("https://example.org/blog/preferences?token=f00d"));
        let html = out.html.unwrap();
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.contains("Borrowing &lt;for&gt; you"), "{html}");
        assert_eq!(letter.for_subscriber(&due).message_id, out.message_id, "the same on every try");
    }
}
