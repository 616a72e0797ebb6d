//! End to end: the real `byline` binary in a pseudo-terminal (portable-pty + vt100), read
//! through its screen as a person would.
// Test code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod attacks;
mod config;
mod follow;
mod kill_campaign;
mod pictures;
mod reader;
mod save_failures;
mod web_signup;
mod writers;
