//! Tag names: short labels shared by posts and followed by subscribers.

use serde::Serialize;

use super::ValidationError;

/// A tag name as written (case kept for display; compared case-insensitively by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagName(String);

impl TagName {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let t = s.trim();
        let ok = !t.is_empty() && t.chars().count() <= 40 && !t.contains(',') && !t.chars().any(char::is_control);
        if ok { Ok(TagName(t.to_string())) } else { Err(ValidationError::BadTag(s.to_string())) }
    }

    /// Parses a list, refusing the whole list if one is bad, and dropping case-insensitive repeats.
    pub fn parse_all<S: AsRef<str>>(items: &[S]) -> Result<Vec<Self>, ValidationError> {
        let mut out: Vec<TagName> = Vec::new();
        for item in items {
            let tag = Self::parse(item.as_ref())?;
            if !out.iter().any(|t| t.0.eq_ignore_ascii_case(&tag.0)) {
                out.push(tag);
            }
        }
        Ok(out)
    }

    pub fn slug(&self) -> String {
        let s = slug::slugify(&self.0);
        if s.is_empty() { "tag".into() } else { s }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tag with how many posts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub name: String,
    pub slug: String,
    pub posts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_short_single_labels() {
        assert_eq!(TagName::parse(" rust ").unwrap().as_str(), "rust");
        for bad in ["", "  ", "a,b", "x\u{1b}y", &"t".repeat(41)] {
            assert!(TagName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parse_all_drops_repeats() {
        let tags = TagName::parse_all(&["Rust", "rust", "web"]).unwrap();
        assert_eq!(tags.iter().map(TagName::as_str).collect::<Vec<_>>(), ["Rust", "web"]);
        assert!(TagName::parse_all(&["ok", ""]).is_err());
    }
}
