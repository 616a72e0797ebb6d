//! The HTTP server over a site folder (`folder`) and, with an `Audience`, the sign-up endpoints
//! (`audience`). hyper reads and writes HTTP/1.1 on a small tokio runtime; what each request
//! gets is worked out by plain functions on a blocking thread (they read files and the store).
//!
//! Every way a client can hold a connection is bounded: its request head must arrive within
//! `HEAD_DEADLINE` (that also ends an idle keep-alive), a form's body within `BODY_DEADLINE`,
//! an answer must be taken within `WRITE_DEADLINE`, and at most `MAX_CONNECTIONS` are open at
//! once (more wait in the kernel's backlog). An `accept` that fails (no file descriptors left)
//! is retried after a pause: the server never stops listening.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_LENGTH, HeaderMap};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use thiserror::Error;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio_io_timeout::TimeoutStream;

use crate::audience::form::{BODY_DEADLINE, BODY_LIMIT, FormError};
use crate::audience::{self, Audience, AudienceSite, Limits};
use crate::folder;
use crate::request::{Reply, Request, reply};

/// How long a client has to send a request's head (and how long a kept-alive connection may
/// sit idle). nginx allows 60 s; a browser sends its head in one packet.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long an answer may wait for the client to take it.
pub const WRITE_DEADLINE: Duration = Duration::from_secs(30);
/// Connections open at once: well under the usual 1,024 file descriptors, so the store and
/// the site's files can always be opened.
pub const MAX_CONNECTIONS: usize = 512;
/// The wait before accepting again after `accept` failed.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {why}")]
    Bind { addr: String, why: String },
}

/// A bound server; `run` answers requests until `stop`.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    /// Taken by `run`.
    listener: Mutex<Option<TcpListener>>,
    local: Option<SocketAddr>,
    stop: Arc<watch::Sender<bool>>,
    head_deadline: Duration,
    write_deadline: Duration,
    context: Context,
}

/// What answering needs: the folder and the audience side.
#[derive(Clone)]
struct Context {
    root: Arc<PathBuf>,
    audience: Option<Arc<AudienceSite>>,
}

impl Context {
    fn answer(&self, request: &Request) -> Reply {
        match &self.audience {
            Some(site) if audience::handles(&request.url) => audience::respond(site, request),
            _ => folder::answer(&self.root, request),
        }
    }

    /// Only the audience's POSTs have a body worth reading.
    fn reads_body(&self, method: &Method, url: &str) -> bool {
        self.audience.is_some() && method == Method::POST && audience::handles(url)
    }
}

impl Server {
    /// Listens on `addr` (e.g. `127.0.0.1:8080`; port 0 picks a free one) for the site in `root`.
    pub fn bind(addr: &str, root: PathBuf) -> Result<Server, ServeError> {
        let bind_error = |why: String| ServeError::Bind { addr: addr.into(), why };
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("byline-serve")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| bind_error(e.to_string()))?;
        let std_listener = crate::listen::listen(addr).map_err(|e| bind_error(e.to_string()))?;
        let local = std_listener.local_addr().ok();
        let listener = {
            let _inside = runtime.enter();
            std_listener.set_nonblocking(true).and_then(|()| TcpListener::from_std(std_listener))
        }
        .map_err(|e| bind_error(e.to_string()))?;
        Ok(Server {
            runtime,
            listener: Mutex::new(Some(listener)),
            local,
            stop: Arc::new(watch::channel(false).0),
            head_deadline: HEAD_DEADLINE,
            write_deadline: WRITE_DEADLINE,
            context: Context { root: Arc::new(root), audience: None },
        })
    }

    /// Answers the sign-up endpoints (`/subscribe`, `/confirm`, `/unsubscribe`, `/preferences`)
    /// with `audience`, under `limits`; the pages name the blog by `blog_title`.
    pub fn with_audience(mut self, audience: Arc<dyn Audience>, limits: Limits, blog_title: &str) -> Server {
        self.context.audience = Some(Arc::new(AudienceSite::new(audience, limits, blog_title)));
        self
    }

    /// A shorter (or longer) `HEAD_DEADLINE`, for tests that watch it pass.
    pub fn with_head_deadline(mut self, deadline: Duration) -> Server {
        self.head_deadline = deadline;
        self
    }

    /// A shorter (or longer) `WRITE_DEADLINE`, for tests that watch it pass.
    pub fn with_write_deadline(mut self, deadline: Duration) -> Server {
        self.write_deadline = deadline;
        self
    }

    /// The address it listens on (with the port chosen, when 0 was asked for).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.local
    }

    /// A handle that stops `run` from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper { stop: self.stop.clone() }
    }

    /// Accepts and answers connections until stopped. A second call returns at once.
    pub fn run(&self) {
        let listener = match self.listener.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(listener) = listener {
            self.runtime.block_on(self.accept_loop(listener));
        }
    }

    async fn accept_loop(&self, listener: TcpListener) {
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let mut stop = self.stop.subscribe();
        let mut last_complaint: Option<Instant> = None;
        while !*stop.borrow_and_update() {
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => slot,
                _ = stop.changed() => break,
            };
            let Ok(slot) = slot else { break };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = stop.changed() => break,
            };
            match accepted {
                Ok((stream, peer)) => {
                    let context = self.context.clone();
                    let deadlines = (self.head_deadline, self.write_deadline);
                    tokio::spawn(async move {
                        connection(stream, peer, context, deadlines).await;
                        drop(slot);
                    });
                }
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was taken: say
                    // so now and then, wait a moment and go on listening.
                    if last_complaint.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                        eprintln!("byline serve: could not accept a connection ({e}); still listening");
                        last_complaint = Some(Instant::now());
                    }
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                }
            }
        }
    }
}

/// Stops a running server: it accepts nothing more and `run` returns.
#[derive(Clone)]
pub struct Stopper {
    stop: Arc<watch::Sender<bool>>,
}

impl Stopper {
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }
}

/// Serves one connection's requests (keep-alive) until the client closes, a deadline passes
/// or an error ends it; none of that is the server's concern beyond closing.
async fn connection(stream: TcpStream, peer: SocketAddr, context: Context, (head, write): (Duration, Duration)) {
    let _ = stream.set_nodelay(true);
    let mut timed = TimeoutStream::new(stream);
    timed.set_write_timeout(Some(write));
    let io = TokioIo::new(Box::pin(timed));
    let service = service_fn(move |request| handle(context.clone(), peer, request));
    let _ =
        http1::Builder::new().timer(TokioTimer::new()).header_read_timeout(head).serve_connection(io, service).await;
}

async fn handle(
    context: Context,
    peer: SocketAddr,
    request: hyper::Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let url = parts.uri.path_and_query().map_or_else(|| parts.uri.to_string(), |p| p.as_str().to_string());
    let body =
        if context.reads_body(&parts.method, &url) { read_body(&parts.headers, body).await } else { Ok(Vec::new()) };
    let request = Request { method: parts.method, url, headers: parts.headers, peer: Some(peer), body };
    let answered = tokio::task::spawn_blocking(move || context.answer(&request)).await;
    let answer = answered.unwrap_or_else(|_| reply(500, b"something went wrong\n".to_vec(), &[]));
    Ok(answer.map(|body| Full::new(Bytes::from(body))))
}

/// A form's body: refused unread when it declares more than `BODY_LIMIT`, cut off when more
/// arrives or when it takes longer than `BODY_DEADLINE` (a client trickling it byte by byte).
async fn read_body(headers: &HeaderMap, body: Incoming) -> Result<Vec<u8>, FormError> {
    let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(FormError::TooLarge);
    }
    match tokio::time::timeout(BODY_DEADLINE, Limited::new(body, BODY_LIMIT).collect()).await {
        Err(_) => Err(FormError::TooSlow),
        Ok(Ok(collected)) => Ok(collected.to_bytes().to_vec()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(FormError::TooLarge),
        Ok(Err(_)) => Err(FormError::Unreadable),
    }
}
