//! What `byline serve` adds to the web server: the subscribers behind its sign-up endpoints
//! (`audience`, through byline-core's ops) and the confirmation mail (`confirm_mail`).

pub mod audience;
pub mod confirm_mail;
