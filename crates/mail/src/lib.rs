//! Newsletter delivery: SMTP settings from the config, messages with list headers and DKIM,
//! and a pooled SMTP transport that tells temporary failures from permanent ones.

pub mod check;
mod dkim;
mod error;
mod mailer;
pub mod newsletter;
mod outgoing;
mod settings;

pub use dkim::SIGNED_HEADERS;
pub use error::{SendError, SettingsError};
pub use mailer::Mailer;
pub use outgoing::{ListHeaders, Outgoing};
pub use settings::{Limits, SmtpSettings};
