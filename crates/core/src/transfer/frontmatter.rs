//! Markdown files with TOML front matter (`+++`), as Zola and Hugo write them and `$EDITOR` edits them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The metadata block of a post file. Unknown keys are an error, so a typo is not silently lost.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<toml::value::Datetime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum FrontMatterError {
    #[error("the file must start with a line '+++', then the front matter, then another '+++'")]
    Missing,
    #[error("the front matter has no closing '+++' line")]
    Unclosed,
    #[error("the front matter is not valid: {0}")]
    Toml(String),
}

/// Splits a post file into its front matter and markdown body.
pub fn parse(text: &str) -> Result<(FrontMatter, String), FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        return Err(FrontMatterError::Missing);
    }
    let mut toml_src = String::new();
    let mut closed = false;
    for line in lines.by_ref() {
        if line.trim_end() == "+++" {
            closed = true;
            break;
        }
        toml_src.push_str(line);
    }
    if !closed {
        return Err(FrontMatterError::Unclosed);
    }
    let front: FrontMatter = toml::from_str(&toml_src).map_err(|e| FrontMatterError::Toml(e.message().to_string()))?;
    let body: String = lines.collect();
    Ok((front, body.trim_start_matches(['\n', '\r']).to_string()))
}

/// Writes a post file that `parse` reads back to the same values.
pub fn render(front: &FrontMatter, body: &str) -> String {
    let toml_text = toml::to_string(front).unwrap_or_default();
    format!("+++\n{toml_text}+++\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let front = FrontMatter {
            title: "Quotes \" and \\ backslashes".into(),
            slug: Some("q".into()),
            tags: vec!["a".into(), "b c".into()],
            ..Default::default()
        };
        let text = render(&front, "Body *here*.\n");
        assert_eq!(parse(&text).unwrap(), (front, "Body *here*.\n".to_string()));
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(parse("no front matter"), Err(FrontMatterError::Missing));
        assert_eq!(parse("+++\ntitle = \"x\"\n"), Err(FrontMatterError::Unclosed));
        assert!(matches!(parse("+++\ntitel = \"x\"\n+++\n"), Err(FrontMatterError::Toml(_))));
    }
}
