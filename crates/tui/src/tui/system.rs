//! The system effects every face shares: opening a link in the browser and copying to the
//! clipboard. ($EDITOR needs the terminal, so the runtime runs it itself.)

use std::io::Write;
use std::process::{Command, Stdio};

/// OSC 52: most terminals (and tmux with set-clipboard) put this text on the system clipboard.
pub fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Starts `$BROWSER` (or the desktop opener) on the URL without waiting for it.
pub fn open_url(url: &str) -> Result<(), String> {
    // The update already refuses these; checked again here because this is what runs a program.
    if !crate::app::openable(url) {
        return Err("only http, https and mailto links open".into());
    }
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let opener = browser.or_else(|| {
        let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        (cfg!(target_os = "macos") || has_display)
            .then(|| if cfg!(target_os = "macos") { "open" } else { "xdg-open" }.to_string())
    });
    let Some(opener) = opener else {
        return Err("no browser configured: set $BROWSER to open links".into());
    };
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("{opener} \"$1\""))
        .arg("sh")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {opener}: {e}"))?;
    // Reap it in the background so it never blocks the reader nor lingers as a zombie.
    std::thread::spawn(move || {
        let mut child = child;
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, out) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), out);
        }
    }
}
