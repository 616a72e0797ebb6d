//! Reading bodies from files or stdin, and handing text to the user's $EDITOR.

use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Why a body could not be read or an editor did not run, in the user's terms.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("the editor '{editor}' exited with {status}; nothing was changed")]
    Failed { editor: String, status: std::process::ExitStatus },
    #[error("cannot start the editor '{editor}': {source}; set $EDITOR")]
    Start { editor: String, source: std::io::Error },
}

fn file_error(path: impl std::fmt::Display, reason: impl std::fmt::Display) -> EditorError {
    EditorError::File { path: path.to_string(), reason: reason.to_string() }
}

/// Reads a markdown body from a file, or standard input for `-`. Must be UTF-8.
pub fn read_body(path: &Path) -> Result<String, EditorError> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| file_error("standard input", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| file_error(path.display(), e))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        file_error(path.display(), format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })
}

/// The editor command: $VISUAL, then $EDITOR, then vi.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on `path` and waits. Like git, the command goes through the shell so
/// `EDITOR="code --wait"` works.
pub fn run_editor(path: &Path) -> Result<(), EditorError> {
    let editor = editor_command();
    let status = if cfg!(unix) {
        Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(path).status()
    } else {
        Command::new(&editor).arg(path).status()
    };
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(status) => Err(EditorError::Failed { editor, status }),
        Err(source) => Err(EditorError::Start { editor, source }),
    }
}
