//! The command line as a user runs it: the real `byline` binary (assert_cmd) on temporary
//! databases, one module per command group.
// Test code: a failed step should stop with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod audience;
mod audience_mail;
mod blog_and_reading;
mod browser;
mod config;
mod db;
mod db_backup;
mod db_init;
mod follow;
mod import;
mod import_corpus;
mod json_errors;
mod newsletter;
mod newsletter_check;
mod newsletter_faults;
mod posts;
mod publish;
mod read_only;
mod readme;
mod serve;
mod shapes;
mod site;
mod subscriber_edit;
mod subscriber_files;
mod subscribers;
mod tags_authors_search;
