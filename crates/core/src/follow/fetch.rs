//! One feed fetched over HTTP(S): conditional, size-limited, redirects followed by hand so a
//! permanent one can be remembered, and every failure said in one line.

use std::time::Duration;

use ureq::Agent;
use ureq::http::{HeaderMap, StatusCode};

/// How fetches behave: the defaults suit the internet; tests make them small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchOptions {
    /// For the whole exchange, from connecting to the last byte.
    pub timeout: Duration,
    /// The largest answer read (after gzip is undone).
    pub max_bytes: u64,
    /// Feeds fetched at once (never two at once from one host).
    pub threads: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions { timeout: Duration::from_secs(20), max_bytes: 8 * 1024 * 1024, threads: 8 }
    }
}

/// Redirects followed before giving up (browsers allow about 20; feeds need few).
const MAX_HOPS: usize = 5;
/// How long a 429 without `Retry-After` keeps a feed waiting.
const DEFAULT_RETRY_SECS: i64 = 15 * 60;

/// What the server had for a conditional request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// None: 304, nothing changed since the validators were given.
    pub body: Option<Vec<u8>>,
    /// Where the body came from (after every redirect).
    pub final_url: String,
    /// The feed's new address when every redirect on the way was permanent (301/308).
    pub moved_to: Option<String>,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a fetch failed, with when to try again where the server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub message: String,
    /// Unix seconds: a 429 or 503 asked to wait until then.
    pub retry_until: Option<i64>,
}

impl FetchError {
    fn new(message: impl Into<String>) -> Self {
        FetchError { message: message.into(), retry_until: None }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A shared HTTP client (one connection pool for every thread of a refresh).
#[derive(Clone)]
pub struct Fetcher {
    agent: Agent,
    opts: FetchOptions,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            // Redirects are followed here, to tell a permanent move from a temporary one.
            .max_redirects(0)
            .user_agent(format!("byline/{}", env!("CARGO_PKG_VERSION")))
            .accept(
                "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, \
                 text/xml;q=0.9, text/html;q=0.5, */*;q=0.1",
            )
            .build()
            .into();
        Fetcher { agent, opts }
    }

    pub fn options(&self) -> FetchOptions {
        self.opts
    }

    /// GETs `url`, sending the validators of the last answer so an unchanged feed costs a 304.
    pub fn fetch(&self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Result<Fetched, FetchError> {
        let mut current = check_url(url)?;
        let mut permanent = true;
        for _ in 0..=MAX_HOPS {
            let mut request = self.agent.get(current.as_str());
            if let Some(tag) = etag {
                request = request.header("If-None-Match", tag);
            }
            if let Some(date) = last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let mut response = request.call().map_err(|e| self.describe(&e))?;
            let status = response.status();
            let headers = response.headers().clone();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = header(&headers, "location").ok_or_else(|| {
                    FetchError::new(format!("the server answered {} without a Location", label(status)))
                })?;
                let next = current
                    .join(&location)
                    .map_err(|_| FetchError::new(format!("the server redirected to a bad address: {location}")))?;
                permanent &= matches!(status.as_u16(), 301 | 308);
                current = check_url(next.as_str())?;
                continue;
            }
            let moved_to = (permanent && current.as_str() != url).then(|| current.to_string());
            let mut fetched = Fetched {
                body: None,
                final_url: current.to_string(),
                moved_to,
                content_type: header(&headers, "content-type"),
                etag: header(&headers, "etag"),
                last_modified: header(&headers, "last-modified"),
            };
            if status == StatusCode::NOT_MODIFIED {
                return Ok(fetched);
            }
            if matches!(status.as_u16(), 429 | 503) {
                let now = jiff::Timestamp::now().as_second();
                let until = retry_after(&headers, now).or((status.as_u16() == 429).then_some(now + DEFAULT_RETRY_SECS));
                let mut message = format!("the server answered {}", label(status));
                if let Some(until) = until {
                    message.push_str(&format!("; not asking again before {}", crate::domain::time::shown(until)));
                }
                return Err(FetchError { message, retry_until: until });
            }
            if !status.is_success() {
                return Err(FetchError::new(format!("the server answered {}", label(status))));
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(self.opts.max_bytes)
                .read_to_vec()
                .map_err(|e| self.describe(&e))?;
            fetched.body = Some(body);
            return Ok(fetched);
        }
        Err(FetchError::new(format!("more than {MAX_HOPS} redirects")))
    }

    fn describe(&self, e: &ureq::Error) -> FetchError {
        FetchError::new(match e {
            ureq::Error::Timeout(_) => format!("no answer within {}", seconds(self.opts.timeout)),
            ureq::Error::BodyExceedsLimit(limit) => format!("the answer is larger than {limit} bytes"),
            ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
            ureq::Error::ConnectionFailed => "cannot connect to the server".to_string(),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                "the server refused the connection".to_string()
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                format!("no answer within {}", seconds(self.opts.timeout))
            }
            other => format!("cannot fetch: {other}"),
        })
    }
}

/// An http or https address, or an error saying why not.
pub fn check_url(url: &str) -> Result<url::Url, FetchError> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| FetchError::new(format!("not a web address ({e}): {url}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::new(format!("not an http or https address: {url}")));
    }
    Ok(parsed)
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn label(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 { format!("{secs:.0} s") } else { format!("{secs:.1} s") }
}

/// `Retry-After` as a time: seconds from now, or an HTTP date. None when absent or unreadable.
fn retry_after(headers: &HeaderMap, now: i64) -> Option<i64> {
    let value = header(headers, "retry-after")?;
    if let Ok(secs) = value.parse::<i64>() {
        return Some(now + secs.clamp(0, 7 * 24 * 3600));
    }
    jiff::fmt::rfc2822::parse(&value).ok().map(|z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "120".parse().unwrap());
        assert_eq!(retry_after(&h, 1000), Some(1120));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h, 0), Some(1_445_412_480));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h, 0), None);
    }

    #[test]
    fn only_web_addresses_are_fetched() {
        assert!(check_url("https://example.org/feed").is_ok());
        assert!(check_url("file:///etc/passwd").is_err());
        assert!(check_url("example.org/feed").is_err());
    }
}
