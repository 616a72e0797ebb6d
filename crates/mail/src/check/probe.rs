//! Asks the unsubscribe URL for its page (a GET, which changes nothing: byline serve answers it
//! with the page whose button unsubscribes) with a token no subscriber has.

use std::time::Duration;

use super::records::{self, Reply, Verdict};

/// A well-formed token (32 hex digits) that no subscriber is given.
const PROBE_TOKEN: &str = "00000000000000000000000000000000";

/// The verdict on `base`'s unsubscribe URL (`base` ends with `/`).
pub fn probe_unsubscribe(base: &str) -> Verdict {
    let url = format!("{base}unsubscribe?token={PROBE_TOKEN}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    if let Some(why) = unresolvable(base) {
        return records::unsubscribe(&format!("{base}unsubscribe"), &Reply::NoDns(why));
    }
    let reply = match agent.get(&url).call() {
        Ok(mut response) => {
            let status = response.status().as_u16();
            let body = response.body_mut().with_config().limit(256 * 1024).read_to_string().unwrap_or_default();
            Reply::Answered { status, body }
        }
        Err(ureq::Error::HostNotFound) => Reply::NoDns("the host's name does not resolve".into()),
        Err(e) => Reply::NoAnswer(e.to_string()),
    };
    records::unsubscribe(&format!("{base}unsubscribe"), &reply)
}

/// Why the URL's host cannot be looked up, if it cannot (no DNS here, or a name that does not
/// exist: either way the request could say nothing about the server).
fn unresolvable(base: &str) -> Option<String> {
    use std::net::ToSocketAddrs;
    let (rest, port) = match base.split_once("://") {
        Some(("https", rest)) => (rest, 443),
        Some((_, rest)) => (rest, 80),
        None => (base, 80),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let target =
        if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) && !authority.ends_with(']') {
            authority.to_string()
        } else {
            format!("{authority}:{port}")
        };
    match target.to_socket_addrs().map(|mut addrs| addrs.next()) {
        Ok(Some(_)) => None,
        Ok(None) => Some(format!("{authority} has no address")),
        Err(e) => Some(format!("{authority}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_resolves_without_dns() {
        assert_eq!(super::unresolvable("http://127.0.0.1:8080/blog/"), None);
        assert_eq!(super::unresolvable("https://[::1]/"), None);
        assert!(super::unresolvable("https://no-such-host.invalid/").is_some());
    }
}
