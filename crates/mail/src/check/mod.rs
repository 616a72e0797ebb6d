//! Deliverability checks that need the network: the sender domain's SPF, DKIM and DMARC records
//! (`dns`) and the unsubscribe URL answering (`probe`). What each answer means is decided by pure
//! functions over the records and replies (`records`), tested without a network.

mod dns;
mod probe;
pub mod records;

pub use dns::{Dns, Lookup, check_domain};
pub use probe::probe_unsubscribe;
pub use records::{Verdict, Verdicts};
