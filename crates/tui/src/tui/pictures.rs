//! Pictures for articles: fetched over http(s) with the feed fetcher's limits, kept in a cache
//! folder, decoded within limits and made ready for the terminal's graphics, on a worker lane.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use byline_core::config::Images;
use byline_core::follow::{FetchOptions, Fetcher};
use image::{ImageReader, Limits};
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};

use crate::app::Msg;
use crate::app::views::posts::pictures::{Picture, PictureJob, Slot};

/// The widest and tallest picture decoded: anything bigger is a trap, not an illustration.
const MAX_SIDE: u32 = 8192;
/// Memory one decode may take. A 4,000 x 3,000 photo is 36 MB as RGB; the reader's budget is
/// 64 MiB, and the decoded picture is shrunk to its cells at once and the full one dropped.
const MAX_DECODE: u64 = 40 * 1024 * 1024;

/// Fetches, caches and encodes pictures for one kind of terminal graphics.
#[derive(Clone)]
pub struct Painter {
    picker: Picker,
    fetcher: Fetcher,
    /// Where fetched pictures are kept between runs (None: never kept).
    cache: Option<PathBuf>,
}

impl Painter {
    /// The config's choice for this terminal; None when pictures are off.
    pub fn configured(choice: Images, fetch: FetchOptions, cache: Option<PathBuf>) -> Option<Self> {
        let protocol = match choice {
            Images::Off => return None,
            Images::Auto => guess_protocol(&|name| std::env::var(name).ok()),
            Images::Halfblocks => ProtocolType::Halfblocks,
            Images::Sixel => ProtocolType::Sixel,
            Images::Kitty => ProtocolType::Kitty,
            Images::Iterm2 => ProtocolType::Iterm2,
        };
        let mut picker = picker_for_font(font_size());
        picker.set_protocol_type(protocol);
        Some(Painter { picker, fetcher: Fetcher::new(fetch), cache })
    }

    /// Coloured half blocks and no cache: what a test backend can show.
    pub fn halfblocks(fetch: FetchOptions) -> Self {
        Painter { picker: Picker::halfblocks(), fetcher: Fetcher::new(fetch), cache: None }
    }

    /// Every picture of `job`, in order, each answered as it is ready; stops between pictures
    /// once `stop` says the article is gone. `base` resolves relative sources.
    pub fn run(
        &self,
        job: &PictureJob,
        base: Option<&str>,
        stop: &dyn Fn() -> bool,
        send: &mut dyn FnMut(Msg),
    ) -> bool {
        for (index, (src, rows)) in job.pictures.iter().enumerate() {
            if stop() {
                return false;
            }
            let slot = match self.paint(src, base, job.width, *rows) {
                Ok(picture) => Slot::Shown(picture),
                Err(why) => Slot::Failed(why),
            };
            send(Msg::Picture { post: job.post, width: job.width, index, slot });
        }
        true
    }

    /// One picture fitted into `cols` x `rows` cells.
    fn paint(&self, src: &str, base: Option<&str>, cols: u16, rows: u16) -> Result<Picture, String> {
        let url = resolve(src, base)?;
        let bytes = self.bytes(&url)?;
        let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
        if reader.format().is_none() {
            return Err("not a picture byline can draw".into());
        }
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_DECODE);
        reader.limits(limits);
        let picture = reader.decode().map_err(|e| format!("cannot read the picture: {e}"))?;
        // Shrunk to the pixels its cells hold before anything else: the full-size decode is
        // dropped here, and encoding works on the small one.
        let font = self.picker.font_size();
        let (w, h) = (u32::from(cols) * u32::from(font.width), u32::from(rows) * u32::from(font.height));
        let picture = if picture.width() > w || picture.height() > h {
            picture.resize(w.max(1), h.max(1), image::imageops::FilterType::Triangle)
        } else {
            picture
        };
        let protocol = self
            .picker
            .new_protocol(picture, Size::new(cols, rows), Resize::Fit(None))
            .map_err(|e| format!("cannot draw the picture: {e}"))?;
        Ok(Picture(Arc::new(protocol)))
    }

    /// The picture's bytes: from the cache folder, else fetched (and kept there).
    fn bytes(&self, url: &str) -> Result<Vec<u8>, String> {
        let kept = self.cache.as_deref().map(|dir| dir.join(cache_name(url)));
        if let Some(bytes) = kept.as_deref().and_then(|path| std::fs::read(path).ok()) {
            return Ok(bytes);
        }
        let fetched = self.fetcher.fetch(url, None, None).map_err(|e| e.message)?;
        if fetched.content_type.as_deref().is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/")) {
            return Err("the address gave a page, not a picture".into());
        }
        let bytes = fetched.body.ok_or("the server sent no picture")?;
        if let Some(path) = kept {
            // A cache: a picture that cannot be kept is fetched again next time.
            let _ = keep(&path, &bytes);
        }
        Ok(bytes)
    }
}

/// A picture's address: absolute http(s) as written, or relative to `base` (the item's link,
/// or the blog's address for its own posts). Anything else (`file:`, `data:`) is not fetched.
fn resolve(src: &str, base: Option<&str>) -> Result<String, String> {
    let src = src.trim();
    let url = match url::Url::parse(src) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let base = base.ok_or("a relative address, and no [site] base_url to read it against")?;
            url::Url::parse(base).and_then(|b| b.join(src)).map_err(|e| format!("not an address: {e}"))?
        }
        Err(e) => return Err(format!("not an address: {e}")),
    };
    match url.scheme() {
        "http" | "https" => Ok(url.into()),
        other => Err(format!("only http and https pictures are fetched, not {other}:")),
    }
}

/// The cache file of a picture: a hash of its address (FNV-1a, the same on every run).
fn cache_name(url: &str) -> String {
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{hash:016x}")
}

/// Writes a cache file whole or not at all (another reader may be reading the folder).
fn keep(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Which graphics the terminal has, from what it says of itself in the environment (asking it
/// with escape sequences would race the input thread and delay the first frame). Inside tmux
/// only half blocks: tmux passes other graphics on only when told to.
fn guess_protocol(var: &dyn Fn(&str) -> Option<String>) -> ProtocolType {
    let is = |name: &str, values: &[&str]| var(name).is_some_and(|v| values.iter().any(|x| v.eq_ignore_ascii_case(x)));
    let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
    if var("TMUX").is_some() || term.starts_with("tmux") || term.starts_with("screen") {
        ProtocolType::Halfblocks
    } else if var("KITTY_WINDOW_ID").is_some() || term == "xterm-kitty" || is("TERM_PROGRAM", &["ghostty"]) {
        ProtocolType::Kitty
    } else if is("TERM_PROGRAM", &["iTerm.app", "WezTerm"]) || is("LC_TERMINAL", &["iTerm2"]) {
        ProtocolType::Iterm2
    } else if term.starts_with("foot") || term.contains("mlterm") || term.contains("sixel") {
        ProtocolType::Sixel
    } else {
        ProtocolType::Halfblocks
    }
}

/// The terminal's cell in pixels, where it says (kitty, WezTerm, foot, iTerm2 fill in the
/// window's pixel size); a common 10 x 20 elsewhere, which only half blocks use anyway.
fn font_size() -> (u16, u16) {
    let cell = crossterm::terminal::window_size().ok().and_then(|w| {
        let (cw, ch) = (w.width.checked_div(w.columns)?, w.height.checked_div(w.rows)?);
        (cw > 0 && ch > 0).then_some((cw, ch))
    });
    cell.unwrap_or((10, 20))
}

#[allow(deprecated)] // from_query_stdio is the crate's way, but it must read the terminal's answers.
fn picker_for_font((width, height): (u16, u16)) -> Picker {
    Picker::from_fontsize(ratatui_image::FontSize::new(width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_pictures_are_fetched_and_relative_ones_are_read_against_the_base() {
        assert_eq!(resolve(" https://x.y/a.png ", None).as_deref(), Ok("https://x.y/a.png"));
        assert_eq!(
            resolve("/img/b.png", Some("https://blog.example/posts/1/")).as_deref(),
            Ok("https://blog.example/img/b.png")
        );
        assert_eq!(
            resolve("c.png", Some("https://blog.example/posts/1/")).as_deref(),
            Ok("https://blog.example/posts/1/c.png")
        );
        for bad in ["file:///etc/passwd", "data:image/png;base64,AAAA", "javascript:alert(1)", "ftp://x.y/a.png"] {
            assert!(resolve(bad, Some("https://x.y/")).is_err(), "{bad}");
        }
        assert!(resolve("rel.png", None).is_err(), "relative with no base");
    }

    #[test]
    fn the_terminal_is_guessed_from_its_environment_and_tmux_gets_half_blocks() {
        let with = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            guess_protocol(&move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        };
        assert_eq!(with(&[("TERM", "xterm-kitty")]), ProtocolType::Kitty);
        assert_eq!(with(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "iTerm.app")]), ProtocolType::Iterm2);
        assert_eq!(with(&[("TERM", "foot")]), ProtocolType::Sixel);
        assert_eq!(with(&[("TERM", "xterm-256color")]), ProtocolType::Halfblocks);
        assert_eq!(with(&[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "1")]), ProtocolType::Halfblocks);
        assert_eq!(with(&[("TERM", "xterm-kitty"), ("TMUX", "/tmp/tmux-0/default,1,0")]), ProtocolType::Halfblocks);
    }
}
