//! The four endpoints: what each method of each path reads, checks, asks the `Audience` for and
//! answers. Every check that can refuse a request (size, type, format, honeypot, rate limits)
//! comes before the `Audience` is asked, so a refused request never touches the store.

use std::net::IpAddr;
use std::sync::Arc;

use hyper::Method;

use super::form::{self, Form, FormError};
use super::limits::{Limits, RateLimiter};
use super::pages::{Page, Pages};
use super::{Audience, AudienceError, Done, SignUp};
use crate::request::{Reply, Request, reply};

/// The audience side of a server: the `Audience`, its pages and the rate limits' counts.
pub struct AudienceSite {
    audience: Arc<dyn Audience>,
    pages: Pages,
    per_ip: RateLimiter,
    per_address: RateLimiter,
}

impl AudienceSite {
    pub fn new(audience: Arc<dyn Audience>, limits: Limits, blog_title: &str) -> AudienceSite {
        AudienceSite {
            audience,
            pages: Pages::new(blog_title),
            per_ip: RateLimiter::new(limits.per_ip, limits.window),
            per_address: RateLimiter::new(limits.per_address, limits.window),
        }
    }
}

/// Whether `url` is one of the audience endpoints.
pub fn handles(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    matches!(path, "/subscribe" | "/confirm" | "/unsubscribe" | "/preferences")
}

/// Tags a form may name: a page offers one, the preferences page every tag of the blog.
const MAX_TAGS: usize = 200;
const MAX_TAG_LEN: usize = 100;
/// RFC 5321's longest path.
const MAX_EMAIL_LEN: usize = 254;

/// Answers a request `handles` accepted.
pub fn respond(site: &AudienceSite, request: &Request) -> Reply {
    let read = matches!(request.method, Method::GET | Method::HEAD);
    let write = request.method == Method::POST;
    if !read && !write {
        let page = site.pages.message(405, "Not here", &["This address takes GET and POST."]);
        return page_response(page, &[("Allow", "GET, HEAD, POST")]);
    }
    let page = match (request.path(), write) {
        ("/subscribe", false) => site.pages.signup(200, &[], "", &[]),
        ("/subscribe", true) => subscribe(site, request),
        ("/confirm", false) => confirm_page(site, request),
        ("/confirm", true) => confirm(site, request),
        ("/unsubscribe", false) => unsubscribe_page(site, request),
        ("/unsubscribe", true) => unsubscribe(site, request),
        ("/preferences", false) => preferences_page(site, request),
        _ => save_preferences(site, request),
    };
    page_response(page, &[])
}

fn page_response(page: Page, extra: &[(&str, &str)]) -> Reply {
    let mut headers = vec![
        ("Content-Type", "text/html; charset=utf-8"),
        // Tokens are in these pages' addresses and forms: no copy kept, none sent onwards.
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ];
    headers.extend_from_slice(extra);
    reply(page.status, page.html.into_bytes(), &headers)
}

fn subscribe(site: &AudienceSite, request: &Request) -> Page {
    let form = match read_form(request, true) {
        Ok(form) => form,
        Err(page) => return page(&site.pages),
    };
    if !site.per_ip.allow(&client_ip(request)) {
        return too_many(&site.pages);
    }
    // The honeypot: people never see the field; a bot that fills it is told what people are told.
    if form.get("website").is_some_and(|v| !v.trim().is_empty()) {
        return neutral(&site.pages);
    }
    let email = form.get("email").unwrap_or("").trim().to_string();
    let mut tags = form.all("tags");
    tags.extend(form.all("tag"));
    tags.retain(|t| !t.trim().is_empty());
    if tags.len() > MAX_TAGS || tags.iter().any(|t| t.len() > MAX_TAG_LEN) {
        return malformed(&site.pages);
    }
    if email.is_empty() || email.len() > MAX_EMAIL_LEN {
        return site.pages.signup(400, &["Please give an email address."], "", &tags);
    }
    if !site.per_address.allow(&email.to_lowercase()) {
        return too_many(&site.pages);
    }
    match site.audience.sign_up(&email, &tags) {
        Ok(SignUp::Accepted) => neutral(&site.pages),
        Ok(SignUp::InvalidEmail) => {
            site.pages.signup(400, &["That does not look like an email address mail can go to."], &email, &tags)
        }
        Err(e) => unavailable(&site.pages, &e),
    }
}

/// The one answer to every sign-up that was not refused: it says nothing of whether the address
/// was known, pending or unsubscribed.
fn neutral(pages: &Pages) -> Page {
    pages.message(
        200,
        "Check your inbox",
        &[
            "If the address can receive mail, a message with a button to confirm your sign-up is on its way.",
            "Nothing more is sent until you confirm.",
        ],
    )
}

fn confirm_page(site: &AudienceSite, request: &Request) -> Page {
    let Some(token) = query_token(request) else { return bad_link(&site.pages) };
    // A GET changes nothing: mail scanners follow links, people press buttons.
    site.pages.button(
        "Confirm your sign-up",
        &["Press the button to start getting email alerts."],
        "confirm",
        &[("token", &token)],
        "Confirm my sign-up",
    )
}

fn confirm(site: &AudienceSite, request: &Request) -> Page {
    let form = match read_form(request, true) {
        Ok(form) => form,
        Err(page) => return page(&site.pages),
    };
    let Some(token) = form.get("token").filter(|t| valid_token(t)) else { return bad_link(&site.pages) };
    match site.audience.confirm(token) {
        Ok(Done::Done | Done::AlreadyDone) => {
            site.pages.message(200, "You are signed up", &["Thank you: new posts will come to your inbox."])
        }
        Ok(Done::Unknown) => expired(&site.pages),
        Err(e) => unavailable(&site.pages, &e),
    }
}

fn unsubscribe_page(site: &AudienceSite, request: &Request) -> Page {
    let Some(token) = query_token(request) else { return bad_link(&site.pages) };
    let action = format!("unsubscribe?token={token}");
    site.pages.button(
        "Unsubscribe",
        &["Press the button and no more email alerts are sent to you."],
        &action,
        &[("List-Unsubscribe", "One-Click")],
        "Unsubscribe",
    )
}

/// RFC 8058's one-click unsubscribe: a POST to the link from the `List-Unsubscribe` header,
/// whatever its body's type (the RFC lets clients send multipart), takes effect at once.
fn unsubscribe(site: &AudienceSite, request: &Request) -> Page {
    let body = match form::read_body(request, false) {
        Ok(body) => body,
        Err(e) => return form_error(e)(&site.pages),
    };
    let from_form = form::parse(&body).and_then(|f| f.get("token").map(str::to_string));
    let Some(token) = query_token(request).or(from_form.filter(|t| valid_token(t))) else {
        return bad_link(&site.pages);
    };
    match site.audience.unsubscribe(&token) {
        Ok(Done::Done | Done::AlreadyDone) => {
            site.pages.message(200, "You are unsubscribed", &["No more email alerts will be sent to you."])
        }
        Ok(Done::Unknown) => expired(&site.pages),
        Err(e) => unavailable(&site.pages, &e),
    }
}

fn preferences_page(site: &AudienceSite, request: &Request) -> Page {
    let Some(token) = query_token(request) else { return bad_link(&site.pages) };
    match site.audience.preferences(&token) {
        Ok(Some(prefs)) => site.pages.preferences(&[], &token, &prefs),
        Ok(None) => expired(&site.pages),
        Err(e) => unavailable(&site.pages, &e),
    }
}

fn save_preferences(site: &AudienceSite, request: &Request) -> Page {
    let form = match read_form(request, true) {
        Ok(form) => form,
        Err(page) => return page(&site.pages),
    };
    let Some(token) = form.get("token").filter(|t| valid_token(t)) else { return bad_link(&site.pages) };
    let tags = form.all("tags");
    if tags.len() > MAX_TAGS || tags.iter().any(|t| t.len() > MAX_TAG_LEN) {
        return malformed(&site.pages);
    }
    match site.audience.save_preferences(token, &tags) {
        Ok(Some(prefs)) => site.pages.preferences(&["Saved."], token, &prefs),
        Ok(None) => expired(&site.pages),
        Err(e) => unavailable(&site.pages, &e),
    }
}

type PageFn = fn(&Pages) -> Page;

fn read_form(request: &Request, check_type: bool) -> Result<Form, PageFn> {
    let body = form::read_body(request, check_type).map_err(form_error)?;
    form::parse(&body).ok_or(malformed as PageFn)
}

fn form_error(e: FormError) -> PageFn {
    match e {
        FormError::TooLarge => |p| p.message(413, "Too large", &["That request is larger than any form here."]),
        FormError::WrongType => |p| p.message(415, "Not a form", &["This address takes a web form."]),
        FormError::TooSlow => {
            |p| p.message(408, "Too slow", &["The form took too long to arrive; please send it again."])
        }
        FormError::Malformed | FormError::Unreadable => malformed,
    }
}

fn malformed(pages: &Pages) -> Page {
    pages.message(400, "Not understood", &["That request could not be read."])
}

fn too_many(pages: &Pages) -> Page {
    pages.message(429, "Too many sign-ups", &["Too many sign-ups came from here for now; please try again later."])
}

fn bad_link(pages: &Pages) -> Page {
    pages.message(400, "Incomplete link", &["This link is not complete: copy the whole link from the email."])
}

fn expired(pages: &Pages) -> Page {
    pages.message(404, "Link expired", &["This link has expired or was already used. You can sign up again."])
}

fn unavailable(pages: &Pages, e: &AudienceError) -> Page {
    eprintln!("byline: a sign-up request failed: {e}");
    pages.message(503, "Try again", &["Something went wrong on our side; please try again in a moment."])
}

/// Tokens are 32 lowercase hex digits (128 random bits): anything else is refused unread.
fn valid_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn query_token(request: &Request) -> Option<String> {
    form::query(&request.url)?.get("token").filter(|t| valid_token(t)).map(str::to_string)
}

/// The visitor's address: the peer's, or, when the peer is this machine (a reverse proxy such
/// as nginx in front), the last address of `X-Forwarded-For`, the one the proxy added.
fn client_ip(request: &Request) -> String {
    let peer = request.peer.map(|a| a.ip());
    let forwarded = || request.header("X-Forwarded-For")?.rsplit(',').next()?.trim().parse::<IpAddr>().ok();
    match peer {
        Some(ip) if ip.is_loopback() => forwarded().unwrap_or(ip).to_string(),
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_four_paths_are_ours_and_tokens_have_one_shape() {
        assert!(handles("/subscribe") && handles("/confirm?token=x") && handles("/unsubscribe?a#b"));
        assert!(handles("/preferences") && !handles("/subscribe/") && !handles("/index.html"));
        assert!(valid_token("0123456789abcdef0123456789abcdef"));
        for bad in ["", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcde", "x".repeat(32).as_str()]
        {
            assert!(!valid_token(bad), "{bad}");
        }
    }
}
