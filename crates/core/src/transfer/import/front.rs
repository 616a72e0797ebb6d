//! Front matter in the dialects static generators read: YAML between `---` lines, TOML between
//! `+++` lines, a JSON object at the top (Hugo), and Pelican's `Key: value` header lines.
//!
//! Every dialect becomes one JSON object of keys as written, so the field rules in `markdown.rs`
//! are written once whatever the dialect.

use serde_json::{Map, Value};

/// A file split into its metadata and its markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub keys: Map<String, Value>,
    pub body: String,
}

/// Front matter that cannot be read: why, and the file's line (1-based) where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontError {
    pub line: Option<usize>,
    pub reason: String,
}

impl FrontError {
    fn at(line: Option<usize>, reason: impl Into<String>) -> Self {
        FrontError { line, reason: reason.into() }
    }
}

/// Splits `text` (UTF-8, BOM and CRLF already removed). A file without front matter has no keys.
pub fn split(text: &str) -> Result<Split, FrontError> {
    let first = text.lines().next().unwrap_or("").trim_end();
    match first {
        "---" => fenced(text, "---", "YAML", yaml),
        "+++" => fenced(text, "+++", "TOML", toml_keys),
        _ if text.starts_with('{') => json(text),
        _ => Ok(pelican(text).unwrap_or_else(|| Split { keys: Map::new(), body: text.to_string() })),
    }
}

/// Reads the block between the opening line and the next `fence` line.
fn fenced(
    text: &str,
    fence: &str,
    dialect: &str,
    read: fn(&str) -> Result<Map<String, Value>, FrontError>,
) -> Result<Split, FrontError> {
    let mut offset = 0;
    let mut block_start = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let end = offset + line.len();
        if i == 0 {
            block_start = Some(end);
        } else if line.trim_end() == fence || (fence == "---" && line.trim_end() == "...") {
            let start = block_start.unwrap_or(0);
            // Errors inside the block are counted from the file's second line.
            let keys = read(&text[start..offset]).map_err(|e| FrontError { line: e.line.map(|l| l + 1), ..e })?;
            return Ok(Split { keys, body: text[end..].trim_start_matches('\n').to_string() });
        }
        offset = end;
    }
    Err(FrontError::at(Some(1), format!("the {dialect} front matter opened here is never closed by a '{fence}' line")))
}

fn yaml(block: &str) -> Result<Map<String, Value>, FrontError> {
    let value: yaml_serde::Value = yaml_serde::from_str(block).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // The message ends with its own "at line N column M", which counts from the block.
        let reason = e.to_string();
        let reason = reason.split(" at line ").next().unwrap_or(&reason).to_string();
        FrontError::at(line, format!("the YAML front matter does not parse: {reason}"))
    })?;
    match from_yaml(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontError::at(Some(1), "the YAML front matter is not a list of `key: value` lines")),
    }
}

fn from_yaml(value: yaml_serde::Value) -> Value {
    use yaml_serde::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            n.as_i64().map(Value::from).or_else(|| n.as_f64().map(Value::from)).unwrap_or_else(|| n.to_string().into())
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match from_yaml(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, from_yaml(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => from_yaml(tagged.value),
    }
}

fn toml_keys(block: &str) -> Result<Map<String, Value>, FrontError> {
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let line = e.span().map(|s| block[..s.start.min(block.len())].matches('\n').count() + 1);
        FrontError::at(line, format!("the TOML front matter does not parse: {}", e.message()))
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates stay text, in the form the file wrote them: `dates.rs` reads every form.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// Hugo's JSON front matter: one object at the top of the file, the markdown after it.
fn json(text: &str) -> Result<Split, FrontError> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    match stream.next() {
        Some(Ok(Value::Object(keys))) => {
            let body = text[stream.byte_offset()..].trim_start_matches(['\n', ' ', '\t']).to_string();
            Ok(Split { keys, body })
        }
        Some(Err(e)) => {
            Err(FrontError::at(Some(e.line()), format!("the JSON front matter does not parse: {}", json_reason(&e))))
        }
        _ => Err(FrontError::at(Some(1), "the JSON front matter is not an object")),
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

/// Pelican's header: `Key: value` lines up to the first blank line, with a `Title`. Without a
/// title the lines are taken as the text they probably are.
fn pelican(text: &str) -> Option<Split> {
    let mut keys = Map::new();
    let mut last: Option<String> = None;
    let mut consumed = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare.is_empty() {
            consumed += line.len();
            break;
        }
        if line.starts_with([' ', '\t']) {
            // A continuation of the value above.
            let key = last.as_ref()?;
            if let Some(Value::String(v)) = keys.get_mut(key) {
                v.push(' ');
                v.push_str(bare.trim());
            }
        } else {
            let (key, value) = bare.split_once(':')?;
            let key_ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            if !key_ok {
                return None;
            }
            let key = key.to_lowercase();
            keys.insert(key.clone(), Value::String(value.trim().to_string()));
            last = Some(key);
        }
        consumed += line.len();
    }
    keys.contains_key("title").then(|| Split { keys, body: text[consumed.min(text.len())..].to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(text: &str) -> Value {
        Value::Object(split(text).unwrap().keys)
    }

    #[test]
    fn reads_each_dialect_into_the_same_keys() {
        let want = json!({"title": "Hi", "tags": ["a", "b"]});
        assert_eq!(keys("---\ntitle: Hi\ntags: [a, b]\n---\nbody\n"), want);
        assert_eq!(keys("+++\ntitle = \"Hi\"\ntags = [\"a\", \"b\"]\n+++\nbody\n"), want);
        assert_eq!(keys("{\"title\": \"Hi\", \"tags\": [\"a\", \"b\"]}\nbody\n"), want);
        assert_eq!(keys("Title: Hi\nTags: a, b\n\nbody\n"), json!({"title": "Hi", "tags": "a, b"}));
        for text in ["---\ntitle: Hi\n---\n\nbody\n", "+++\ntitle = 'Hi'\n+++\nbody\n", "Title: Hi\n\nbody\n"] {
            assert_eq!(split(text).unwrap().body, "body\n", "{text}");
        }
    }

    #[test]
    fn toml_dates_and_tables_become_text_and_objects() {
        let k = keys("+++\ndate = 2025-06-26\n[extra]\nteam = \"x\"\n+++\n");
        assert_eq!(k, json!({"date": "2025-06-26", "extra": {"team": "x"}}));
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("# Heading\n\nNote: this is text\n").unwrap();
        assert!(s.keys.is_empty());
        assert_eq!(s.body, "# Heading\n\nNote: this is text\n");
        assert!(split("Note: no title here\n\ntext").unwrap().keys.is_empty(), "no Title: not Pelican");
    }

    #[test]
    fn errors_name_the_line_of_the_file() {
        let e = split("---\ntitle: ok\ntags: [unclosed\n---\n").unwrap_err();
        assert!(e.reason.starts_with("the YAML front matter does not parse"), "{e:?}");
        assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
        let e = split("+++\ntitle = \"ok\"\ndate = = 1\n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        let e = split("---\ntitle: never closed\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.reason.contains("never closed"));
        let e = split("{\"title\": \"x\",\n \"tags\": [}\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
    }
}
