//! The HTTP server over a site folder: worker threads answering GET and HEAD with the folder's
//! files (content type, `Cache-Control`, `Last-Modified` and 304s), a redirect for a directory
//! without its slash, and the theme's `404.html` for anything else; with an `Audience`, the
//! sign-up endpoints too (`audience`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use thiserror::Error;
use tiny_http::{Header, Method, Request, Response};

use crate::audience::{self, Audience, AudienceSite, Limits};
use crate::files::{self, Resolved};

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {why}")]
    Bind { addr: String, why: String },
}

/// A bound server; `run` answers requests until `stop`.
pub struct Server {
    http: Arc<tiny_http::Server>,
    root: PathBuf,
    stopping: Arc<AtomicBool>,
    workers: usize,
    audience: Option<AudienceSite>,
}

impl Server {
    /// Listens on `addr` (e.g. `127.0.0.1:8080`; port 0 picks a free one) for the site in `root`.
    pub fn bind(addr: &str, root: PathBuf) -> Result<Server, ServeError> {
        let bind_error = |why: String| ServeError::Bind { addr: addr.into(), why };
        let listener = crate::listen::listen(addr).map_err(|e| bind_error(e.to_string()))?;
        let http = tiny_http::Server::from_listener(listener, None).map_err(|e| bind_error(e.to_string()))?;
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
        Ok(Server { http: Arc::new(http), root, stopping: Arc::new(AtomicBool::new(false)), workers, audience: None })
    }

    /// Answers the sign-up endpoints (`/subscribe`, `/confirm`, `/unsubscribe`, `/preferences`)
    /// with `audience`, under `limits`; the pages name the blog by `blog_title`.
    pub fn with_audience(mut self, audience: Arc<dyn Audience>, limits: Limits, blog_title: &str) -> Server {
        self.audience = Some(AudienceSite::new(audience, limits, blog_title));
        self
    }

    /// The address it listens on (with the port chosen, when 0 was asked for).
    pub fn local_addr(&self) -> Option<std::net::SocketAddr> {
        self.http.server_addr().to_ip()
    }

    /// A handle that stops `run` from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper { http: self.http.clone(), stopping: self.stopping.clone(), workers: self.workers }
    }

    /// Answers requests on a few worker threads until stopped.
    pub fn run(&self) {
        std::thread::scope(|scope| {
            for _ in 0..self.workers {
                scope.spawn(|| {
                    while let Ok(request) = self.http.recv() {
                        if self.stopping.load(Ordering::Relaxed) {
                            break;
                        }
                        match &self.audience {
                            Some(site) if audience::handles(request.url()) => audience::respond(site, request),
                            _ => answer(&self.root, request),
                        }
                    }
                });
            }
        });
    }
}

/// Stops a running server: every worker's wait is ended.
#[derive(Clone)]
pub struct Stopper {
    http: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    workers: usize,
}

impl Stopper {
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        for _ in 0..self.workers {
            self.http.unblock();
        }
    }
}

fn answer(root: &Path, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD here\n").with_status_code(405);
        let _ = request.respond(with(response, "Allow", "GET, HEAD"));
        return;
    }
    // A client that went away is its own business: nothing to report.
    let _ = match files::resolve(root, request.url()) {
        Resolved::File(path) => send_file(request, &path),
        Resolved::Redirect(location) => {
            let response = Response::from_string(format!("see {location}\n")).with_status_code(301);
            request.respond(with(response, "Location", &location))
        }
        Resolved::NotFound => not_found(request, root),
    };
}

fn send_file(request: Request, path: &Path) -> std::io::Result<()> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok().map(http_date);
    let unchanged = modified
        .as_deref()
        .is_some_and(|m| request.headers().iter().any(|h| h.field.equiv("If-Modified-Since") && h.value.as_str() == m));
    let headers = |response: Response<_>| {
        let response = with(response, "Content-Type", files::content_type(path));
        let response = with(response, "Cache-Control", files::cache_control(path));
        let response = with(response, "X-Content-Type-Options", "nosniff");
        match &modified {
            Some(m) => with(response, "Last-Modified", m),
            None => response,
        }
    };
    if unchanged {
        return request.respond(headers(Response::empty(304).boxed()));
    }
    match std::fs::read(path) {
        Ok(bytes) => request.respond(headers(Response::from_data(bytes).boxed())),
        Err(_) => not_found(request, path.parent().unwrap_or(path)),
    }
}

/// The theme's 404 page when the site has one, else a line of text; always status 404.
fn not_found(request: Request, root: &Path) -> std::io::Result<()> {
    let page = root.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => {
            let response = Response::from_data(bytes).with_status_code(404);
            request.respond(with(response, "Content-Type", "text/html; charset=utf-8"))
        }
        Err(_) => {
            let response = Response::from_string("not found\n").with_status_code(404);
            request.respond(with(response, "Content-Type", "text/plain; charset=utf-8"))
        }
    }
}

pub(crate) fn with<R: std::io::Read>(response: Response<R>, field: &str, value: &str) -> Response<R> {
    match Header::from_bytes(field.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// An HTTP date (RFC 9110's IMF-fixdate), as `Last-Modified` and `If-Modified-Since` carry it.
fn http_date(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(ts) => ts.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        Err(_) => String::new(),
    }
}
