//! Reading bodies from files or stdin, and handing text to the user's $EDITOR.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use super::CliError;

/// Reads a markdown body from a file, or standard input for `-`. Must be UTF-8.
pub fn read_body(path: &Path) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| CliError::file("standard input", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| CliError::file(path.display(), e))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        CliError::file(
            path.display(),
            format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        )
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
pub fn run_editor(path: &Path) -> Result<(), CliError> {
    let editor = editor_command();
    let status = if cfg!(unix) {
        Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(path).status()
    } else {
        Command::new(&editor).arg(path).status()
    };
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(CliError::Usage(format!("the editor '{editor}' exited with {s}; nothing was changed"))),
        Err(e) => Err(CliError::Usage(format!("cannot start the editor '{editor}': {e}; set $EDITOR"))),
    }
}
