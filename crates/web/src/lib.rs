//! byline's web face: serves an exported site folder over HTTP with proper content types,
//! caching headers and the theme's 404 page. `byline serve` runs it; the email-alerts issue adds
//! its sign-up endpoints here.

pub mod files;
pub mod listen;
pub mod server;

pub use server::{ServeError, Server};
