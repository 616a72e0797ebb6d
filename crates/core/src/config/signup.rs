//! The config's `[signup]`: how `byline serve` treats sign-ups from the web (expiry, the
//! interval between confirmation mails, rate limits).

use serde::{Deserialize, Serialize};

/// Sign-ups on the web. Every value has a default, so the section is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignupConfig {
    /// An address that has not confirmed within this many hours is forgotten.
    pub expire_after_hours: u32,
    /// No second confirmation mail to one address within this many minutes.
    pub resend_after_minutes: u32,
    /// Sign-ups accepted from one IP address per hour; more are answered "too many". 0: no limit
    /// (a proxy in front limits already, or a load test).
    pub per_ip_per_hour: u32,
    /// Sign-ups accepted for one email address per hour (0: no limit).
    pub per_address_per_hour: u32,
}

impl Default for SignupConfig {
    fn default() -> Self {
        SignupConfig { expire_after_hours: 72, resend_after_minutes: 10, per_ip_per_hour: 30, per_address_per_hour: 5 }
    }
}
