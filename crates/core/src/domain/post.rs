//! Posts: titles, slugs, the draft/scheduled/published life cycle, and the shapes the store returns.

use serde::Serialize;

use super::{PostId, ValidationError};

/// A post title: trimmed, non-empty, without control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(ValidationError::EmptyTitle);
        }
        let len = t.chars().count();
        if len > 300 {
            return Err(ValidationError::TitleTooLong(len));
        }
        // Newlines and tabs in a title are a paste accident; fold them rather than refuse.
        Ok(Title(t.split_whitespace().collect::<Vec<_>>().join(" ")))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL-safe post name: lowercase ASCII letters, digits and single inner hyphens.
/// All-digit slugs are refused because a post argument may be an id or a slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let ok = !s.is_empty()
            && s.len() <= 120
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && !s.bytes().all(|b| b.is_ascii_digit());
        if ok { Ok(Slug(s.to_string())) } else { Err(ValidationError::BadSlug(s.to_string())) }
    }

    /// The slug a title suggests. Always valid: falls back to "post" and prefixes all-digit results.
    pub fn from_title(title: &str) -> Self {
        let mut s = slug::slugify(title);
        if s.len() > 80 {
            s.truncate(80);
            s = s.trim_end_matches('-').to_string();
        }
        if s.is_empty() {
            s = "post".into();
        } else if s.bytes().all(|b| b.is_ascii_digit()) {
            s = format!("post-{s}");
        }
        Slug(s)
    }

    /// The same slug with a numeric suffix, for de-duplicating derived slugs.
    pub fn with_suffix(&self, n: u32) -> Self {
        Slug(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a post is in its life. `Scheduled` is `published` with a date still in the future; it
/// becomes `Published` by itself when that time passes, so the store keeps only draft/published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    Draft,
    Scheduled,
    Published,
}

impl PostStatus {
    pub const NAMES: &'static str = "draft, scheduled, published";

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Ok(Self::Draft),
            "scheduled" => Ok(Self::Scheduled),
            "published" => Ok(Self::Published),
            _ => Err(ValidationError::BadStatus(s.to_string(), Self::NAMES)),
        }
    }

    /// The effective status from what is stored and the current time.
    pub fn effective(is_published: bool, published_at: Option<i64>, now: i64) -> Self {
        match (is_published, published_at) {
            (false, _) => Self::Draft,
            (true, Some(at)) if at > now => Self::Scheduled,
            (true, _) => Self::Published,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
        }
    }
}

/// How a user names a post on the command line: its numeric id or its slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostRef {
    Id(PostId),
    Slug(String),
}

impl PostRef {
    pub fn parse(s: &str) -> Self {
        match s.trim().parse::<i64>() {
            Ok(n) => PostRef::Id(PostId(n)),
            Err(_) => PostRef::Slug(s.trim().to_string()),
        }
    }
}

impl std::fmt::Display for PostRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostRef::Id(id) => write!(f, "{id}"),
            PostRef::Slug(s) => write!(f, "{s}"),
        }
    }
}

/// A post to create. Validated types, so the store cannot be handed an empty title.
#[derive(Debug, Clone)]
pub struct NewPost {
    pub title: Title,
    pub slug: Option<Slug>,
    pub author: Option<String>,
    pub tags: Vec<super::TagName>,
    pub summary: String,
    pub body: String,
    /// `Some(t)` publishes at `t` (a future `t` schedules); `None` keeps a draft.
    pub publish_at: Option<i64>,
    /// Creation time; `None` means now. Imports keep the original date.
    pub created_at: Option<i64>,
}

/// A post's list metadata: everything but the body, which the list never needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostSummary {
    pub id: PostId,
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub summary: String,
    pub tags: Vec<String>,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    /// When the post first went live, kept across unpublish and publish; None if it never was.
    pub first_published_at: Option<i64>,
    /// The stable id feeds give the post: kept across edits, slug changes and republishing, unlike
    /// its URL. An imported post's id at its source (the old feed's GUID) when it had one, so a
    /// moved blog does not announce its old posts again; else byline's own `urn:uuid:...`.
    pub guid: String,
}

impl PostSummary {
    /// The date a reader sees: publication, or creation for a draft.
    pub fn shown_at(&self) -> i64 {
        self.published_at.unwrap_or(self.created_at)
    }
}

/// A whole post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Post {
    #[serde(flatten)]
    pub meta: PostSummary,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_required() {
        assert_eq!(Title::parse("  Hello\n world ").unwrap().as_str(), "Hello world");
        assert_eq!(Title::parse("   "), Err(ValidationError::EmptyTitle));
    }

    #[test]
    fn slugs_refuse_ambiguous_or_malformed_forms() {
        assert!(Slug::parse("a-good-slug-2").is_ok());
        for bad in ["", "2024", "Upper", "a--b", "-a", "a-", "with space", "ünï"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn derived_slugs_are_always_valid() {
        for title in ["Hello, World!", "2024", "!!!", "日本語のタイトル", "Ça va? Très bien"] {
            let s = Slug::from_title(title);
            assert!(Slug::parse(s.as_str()).is_ok(), "{title:?} gave {s:?}");
        }
        assert_eq!(Slug::from_title("2024").as_str(), "post-2024");
        assert_eq!(Slug::from_title("Hello, World!").as_str(), "hello-world");
    }

    #[test]
    fn scheduled_is_published_in_the_future() {
        assert_eq!(PostStatus::effective(true, Some(200), 100), PostStatus::Scheduled);
        assert_eq!(PostStatus::effective(true, Some(100), 100), PostStatus::Published);
        assert_eq!(PostStatus::effective(false, Some(50), 100), PostStatus::Draft);
    }

    #[test]
    fn post_refs_are_ids_or_slugs() {
        assert_eq!(PostRef::parse("42"), PostRef::Id(PostId(42)));
        assert_eq!(PostRef::parse("hello"), PostRef::Slug("hello".into()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 256, ..Default::default() })]

        /// Whatever the title, its slug is one safe path segment: non-empty, no `/`, `\\`, `..`,
        /// no control character, and a slug `Slug::parse` accepts.
        #[test]
        fn slugs_from_any_title_are_one_safe_path_segment(
            title in proptest::prop_oneof![
                proptest::prelude::any::<String>(),
                "[./\\\\ a-z0-9\u{0}-\u{1f}\u{202e}日本é-]{0,40}",
            ],
            n in 0u32..1000,
        ) {
            for slug in [Slug::from_title(&title), Slug::from_title(&title).with_suffix(n)] {
                let s = slug.as_str();
                proptest::prop_assert!(!s.is_empty());
                proptest::prop_assert!(!s.contains(['/', '\\']) && !s.contains(".."), "{title:?} -> {s:?}");
                proptest::prop_assert!(s != "." && !s.chars().any(char::is_control), "{title:?} -> {s:?}");
                proptest::prop_assert!(Slug::parse(s).is_ok(), "{title:?} -> {s:?}");
            }
        }
    }
}
