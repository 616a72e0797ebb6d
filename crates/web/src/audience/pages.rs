//! The audience pages, rendered from templates embedded from `crates/web/assets` (everything
//! escaped by minijinja's HTML auto-escaping) and styled by the site's `style.css`.

use minijinja::{Environment, HtmlEscape, Value, context};

use super::Preferences;

/// The templates, built once per server.
pub struct Pages {
    env: Environment<'static>,
    blog_title: String,
}

/// A rendered page and its status code.
pub struct Page {
    pub status: u16,
    pub html: String,
}

impl Pages {
    pub fn new(blog_title: &str) -> Pages {
        let mut env = Environment::new();
        let templates = [
            ("page.html", include_str!("../../assets/page.html")),
            ("message.html", include_str!("../../assets/message.html")),
            ("signup.html", include_str!("../../assets/signup.html")),
            ("button.html", include_str!("../../assets/button.html")),
            ("preferences.html", include_str!("../../assets/preferences.html")),
        ];
        for (name, source) in templates {
            // The templates are ours and tested: one that does not parse shows as the fallback page.
            let _ = env.add_template(name, source);
        }
        Pages { env, blog_title: blog_title.to_string() }
    }

    fn render(&self, status: u16, template: &str, heading: &str, lines: &[&str], extra: Value) -> Page {
        let ctx = context! { heading, lines, blog_title => self.blog_title, ..extra };
        let html = self.env.get_template(template).and_then(|t| t.render(ctx)).unwrap_or_else(|e| {
            // Never a panic for a page: say it plainly (escaped by hand, the template engine failed).
            format!("<!DOCTYPE html><title>byline</title><p>{}</p>", HtmlEscape(&e.to_string()))
        });
        Page { status, html }
    }

    pub fn message(&self, status: u16, heading: &str, lines: &[&str]) -> Page {
        self.render(status, "message.html", heading, lines, context! {})
    }

    /// The sign-up form on a page of its own (also the answer to a mistyped address).
    pub fn signup(&self, status: u16, lines: &[&str], email: &str, tags: &[String]) -> Page {
        self.render(status, "signup.html", "Sign up for email alerts", lines, context! { email, tags })
    }

    /// A page whose one button POSTs `fields` to `action`: what a link in an email opens, so
    /// that only a person pressing it acts, never a mail scanner following the link.
    pub fn button(&self, heading: &str, lines: &[&str], action: &str, fields: &[(&str, &str)], button: &str) -> Page {
        self.render(200, "button.html", heading, lines, context! { action, fields, button })
    }

    pub fn preferences(&self, lines: &[&str], token: &str, prefs: &Preferences) -> Page {
        self.render(200, "preferences.html", "Your email alerts", lines, context! { token, prefs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::TagChoice;

    #[test]
    fn every_template_renders_and_escapes_what_it_shows() {
        let pages = Pages::new("<Blog>");
        let page = pages.signup(400, &["<b>no</b>"], "a\"><script>@x", &["<t>".into()]);
        assert!(page.html.contains("&lt;Blog&gt;") && page.html.contains("&lt;b&gt;no"), "{}", page.html);
        assert!(!page.html.contains("<script>") && !page.html.contains("<t>"), "{}", page.html);
        assert!(page.html.contains(r#"name="website""#), "the honeypot");
        let page = pages.button("Confirm", &[], "confirm", &[("token", "ab\"cd")], "Yes");
        assert!(page.html.contains(r#"value="ab&quot;cd""#), "{}", page.html);
        let prefs = Preferences {
            email: "a@example.com".into(),
            tags: vec![TagChoice { name: "<rust>".into(), followed: true }],
        };
        let page = pages.preferences(&[], "tok", &prefs);
        assert!(page.html.contains(r#"value="&lt;rust&gt;" checked"#), "{}", page.html);
        assert!(!pages.message(200, "Hi", &["x"]).html.contains("byline</title>"), "no fallback page");
    }
}
