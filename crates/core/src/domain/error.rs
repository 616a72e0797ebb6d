//! What is wrong with a value a user typed, in the user's terms.

use thiserror::Error;

/// A value that failed validation. Messages say what is wrong and how to fix it.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ValidationError {
    #[error("the title is empty: give the post a title")]
    EmptyTitle,
    #[error("the title is {0} characters long; keep it under 300")]
    TitleTooLong(usize),
    #[error("invalid slug '{0}': use lowercase letters, digits and single hyphens, not only digits")]
    BadSlug(String),
    #[error("invalid tag '{0}': a tag is 1 to 40 characters with no commas or control characters")]
    BadTag(String),
    #[error("invalid email address '{0}': {1}")]
    BadEmail(String, String),
    #[error("unknown status '{0}': expected one of {1}")]
    BadStatus(String, &'static str),
    #[error(
        "cannot read '{0}' as a date: use 2026-12-01, '2026-12-01 09:30' (local time), 2026-12-01T09:30:00Z, or 2026-12-01T09:30[Europe/Paris]"
    )]
    BadDate(String),
    #[error("'{0}' is not a possible date: {1}")]
    ImpossibleDate(String, String),
    #[error("invalid author name '{0}': 1 to 100 characters, no control characters")]
    BadAuthor(String),
}
