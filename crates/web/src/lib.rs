//! byline's web face: serves an exported site folder over HTTP with proper content types,
//! caching headers and the theme's 404 page, and the sign-up endpoints (`audience`). `byline
//! serve` runs it.

pub mod audience;
pub mod files;
mod folder;
pub mod listen;
pub mod request;
pub mod server;

pub use audience::{Audience, AudienceError, Done, Limits, Preferences, SignUp, TagChoice};
pub use server::{ServeError, Server};
