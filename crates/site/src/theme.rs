//! The theme: the built-in templates and stylesheet (embedded in the binary), each replaceable
//! by a file of the same name in the configured theme folder.

use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::error::{Result, SiteError};
use crate::write::safe_component;

/// The built-in files, by the name a theme folder overrides them with.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../assets/base.html")),
    ("macros.html", include_str!("../assets/macros.html")),
    ("index.html", include_str!("../assets/index.html")),
    ("post.html", include_str!("../assets/post.html")),
    ("list.html", include_str!("../assets/list.html")),
    ("404.html", include_str!("../assets/404.html")),
    ("style.css", include_str!("../assets/style.css")),
];

/// The templates of one export. HTML templates are auto-escaped (minijinja's default for
/// `.html`): every title, name, tag and summary is escaped unless a template says otherwise.
pub struct Theme {
    env: Environment<'static>,
    dir: Option<PathBuf>,
}

/// A theme's file if it has one, else the built-in one.
fn source(dir: Option<&Path>, name: &str) -> std::io::Result<Option<String>> {
    // Template names come from the templates themselves (`extends`, `import`): only plain names.
    if !safe_component(name) {
        return Ok(None);
    }
    if let Some(dir) = dir {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => return Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_string()))
}

/// minijinja's formatter, escaping only what HTML needs (`& < > " '`): its default also writes
/// every `/` as `&#x2f;`, which is valid but bloats every URL of every page.
fn formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> std::result::Result<(), minijinja::Error> {
    if let (minijinja::AutoEscape::Html, false, Some(text)) = (state.auto_escape(), value.is_safe(), value.as_str()) {
        let mut escaped = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '"' => escaped.push_str("&quot;"),
                '\'' => escaped.push_str("&#39;"),
                c => escaped.push(c),
            }
        }
        return out.write_str(&escaped).map_err(minijinja::Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}

impl Theme {
    pub fn new(dir: Option<&Path>) -> Self {
        let mut env = Environment::new();
        let owned = dir.map(Path::to_path_buf);
        let from = owned.clone();
        env.set_loader(move |name| {
            source(from.as_deref(), name).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, format!("cannot read {name}: {e}"))
            })
        });
        env.set_formatter(formatter);
        Theme { env, dir: owned }
    }

    /// Renders the template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: impl serde::Serialize) -> Result<String> {
        Ok(self.env.get_template(name)?.render(ctx)?)
    }

    /// A static file of the theme (the stylesheet), as is.
    pub fn file(&self, name: &str) -> Result<String> {
        source(self.dir.as_deref(), name)
            .map_err(|source| SiteError::Io { path: PathBuf::from(name), source })?
            .ok_or_else(|| SiteError::Template(format!("no file {name} in the theme")))
    }

    /// Every file the theme can use, by name, in a fixed order: the built-in ones (or their
    /// replacements) and any other file of the theme folder. A page's digest includes them, so
    /// editing the theme makes the pages again.
    pub fn sources(&self) -> Result<Vec<(String, String)>> {
        let io = |source| SiteError::Io { path: self.dir.clone().unwrap_or_default(), source };
        let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| (*n).to_string()).collect();
        let listing = match self.dir.as_deref().map(std::fs::read_dir) {
            Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => None,
            other => other.transpose().map_err(io)?,
        };
        if let Some(listing) = listing {
            for entry in listing {
                let name = entry.map_err(io)?.file_name().to_string_lossy().into_owned();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names.sort();
        let mut files = Vec::new();
        for name in names {
            // Not UTF-8, a folder, or not a plain name: no template can load it either.
            if let Ok(Some(text)) = source(self.dir.as_deref(), &name) {
                files.push((name, text));
            }
        }
        Ok(files)
    }
}
