//! TXT look-ups with the system's resolver (hickory, blocking), short timeouts so a machine
//! without a network says so in seconds instead of failing the check.

use std::time::Duration;

use hickory_resolver::Resolver;
use hickory_resolver::error::ResolveErrorKind;
use hickory_resolver::proto::op::ResponseCode;

use super::records::{self, Answer, Verdict};

/// How long one question may wait, and how often it is asked.
const TIMEOUT: Duration = Duration::from_secs(3);
const ATTEMPTS: usize = 1;

/// A resolver, or why there is none (no /etc/resolv.conf).
pub struct Dns {
    resolver: Result<Resolver, String>,
}

/// Anything that answers TXT questions: the system's resolver, or a table in tests.
pub trait Lookup {
    fn txt(&self, name: &str) -> Answer;
}

impl Dns {
    pub fn system() -> Dns {
        let resolver = hickory_resolver::system_conf::read_system_conf()
            .map_err(|e| e.to_string())
            .and_then(|(config, mut opts)| {
                opts.timeout = TIMEOUT;
                opts.attempts = ATTEMPTS;
                Resolver::new(config, opts).map_err(|e| e.to_string())
            })
            .and_then(|r| reaches_the_internet(&r).map(|()| r));
        Dns { resolver }
    }
}

/// Whether the resolver answers for the public DNS: every real one knows the root's name
/// servers. A resolver limited to a private network (a sandbox, a captive portal) says every
/// name does not exist, which must not read as "your domain has no SPF record".
fn reaches_the_internet(resolver: &Resolver) -> Result<(), String> {
    match resolver.ns_lookup(".") {
        Ok(found) if found.iter().next().is_some() => Ok(()),
        Ok(_) => Err("the resolver knows no root name servers".into()),
        Err(e) => Err(match e.kind() {
            ResolveErrorKind::NoRecordsFound { response_code, .. } => {
                format!("the resolver answered {response_code} for the root name servers")
            }
            _ => e.to_string(),
        }),
    }
}

impl Lookup for Dns {
    fn txt(&self, name: &str) -> Answer {
        let resolver = match &self.resolver {
            Ok(r) => r,
            Err(why) => return Answer::NoDns(why.clone()),
        };
        // Fully qualified: the resolver's search domains are not tried.
        match resolver.txt_lookup(format!("{}.", name.trim_end_matches('.'))) {
            Ok(found) => Answer::Records(
                found
                    .iter()
                    .map(|txt| txt.txt_data().iter().map(|part| String::from_utf8_lossy(part)).collect::<String>())
                    .collect(),
            ),
            // The name or the record does not exist: an answer, and an empty one. A refusal or
            // a server failure is no answer at all (a resolver that cannot reach the internet).
            Err(e) => match e.kind() {
                ResolveErrorKind::NoRecordsFound { response_code, .. }
                    if matches!(*response_code, ResponseCode::NoError | ResponseCode::NXDomain) =>
                {
                    Answer::Records(Vec::new())
                }
                ResolveErrorKind::NoRecordsFound { response_code, .. } => {
                    Answer::NoDns(format!("the resolver answered {response_code}"))
                }
                _ => Answer::NoDns(e.to_string()),
            },
        }
    }
}

/// SPF, DKIM (when a selector is set) and DMARC of `domain`, each with its verdict, named.
pub fn check_domain(dns: &dyn Lookup, domain: &str, dkim_selector: Option<&str>) -> Vec<(&'static str, Verdict)> {
    let mut out = vec![("spf", records::spf(domain, &dns.txt(domain)))];
    if let Some(selector) = dkim_selector {
        out.push(("dkim dns", records::dkim(selector, domain, &dns.txt(&format!("{selector}._domainkey.{domain}")))));
    }
    // Receivers fall back to the organisation's record (here: the last two labels) when the
    // sender's own name has none.
    let mut at = domain.to_string();
    let mut answer = dns.txt(&format!("_dmarc.{domain}"));
    let labels: Vec<&str> = domain.split('.').collect();
    if matches!(&answer, Answer::Records(r) if !r.iter().any(|t| t.trim_start().to_ascii_lowercase().starts_with("v=dmarc1")))
        && labels.len() > 2
    {
        let org = labels[labels.len() - 2..].join(".");
        let parent = dns.txt(&format!("_dmarc.{org}"));
        if matches!(&parent, Answer::Records(r) if !r.is_empty()) {
            at = org;
            answer = parent;
        }
    }
    out.push(("dmarc", records::dmarc(domain, &at, &answer)));
    out
}
