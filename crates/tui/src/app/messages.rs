//! Status messages by meaning (success, information, warning, error) and the log of the last
//! ones, which a key opens so a message that went by can be read again.
//!
//! `AppState::message` stays a plain `Option<String>` so every view can keep setting it; the
//! level rides beside it and applies only while the text is the one it was given for, so a
//! message set directly reads as information. `update` logs each new message once (`settle`).

use std::collections::VecDeque;

use super::state::AppState;

/// How many messages the log keeps.
pub const LOG_LEN: usize = 100;

/// What a message means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    Success,
    #[default]
    Info,
    Warning,
    Error,
}

impl Level {
    /// A word for the log, so the meaning is there without colour too (`NO_COLOR`).
    pub fn label(self) -> &'static str {
        match self {
            Level::Success => "ok",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    /// When it was said (the app's clock, seconds).
    pub at: i64,
}

/// The level of the message on screen, and the log of the last `LOG_LEN` messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Messages {
    /// The level given with the current text; it applies only while that text is on screen.
    tagged: Option<(Level, String)>,
    /// Newest last.
    pub log: VecDeque<Message>,
    /// The first log line shown in the log overlay, from the newest.
    pub scroll: usize,
}

impl Messages {
    /// The level of `text` if it is the message it was given for, else information.
    pub fn level_of(&self, text: &str) -> Level {
        match &self.tagged {
            Some((level, tagged)) if tagged == text => *level,
            _ => Level::Info,
        }
    }
}

impl AppState {
    /// Says something went well.
    pub(crate) fn ok(&mut self, text: &str) {
        self.tell(Level::Success, text);
    }

    /// Says something the reader should look at, though nothing failed.
    pub(crate) fn warn(&mut self, text: &str) {
        self.tell(Level::Warning, text);
    }

    /// Says what failed, and why.
    pub(crate) fn error(&mut self, text: &str) {
        self.tell(Level::Error, text);
    }

    pub(crate) fn tell(&mut self, level: Level, text: &str) {
        self.message = Some(text.to_string());
        self.messages.tagged = Some((level, text.to_string()));
    }

    /// The level of the message on screen (information when there is none).
    pub fn message_level(&self) -> Level {
        self.message.as_deref().map_or(Level::Info, |m| self.messages.level_of(m))
    }
}

/// After each update: a new message on screen goes into the log, once.
pub fn settle(state: &mut AppState) {
    let Some(text) = &state.message else { return };
    let messages = &mut state.messages;
    // Logged already: the same message still on screen after a key that kept it.
    if messages.log.back().is_some_and(|m| &m.text == text) {
        return;
    }
    let level = messages.level_of(text);
    messages.log.push_back(Message { level, text: text.clone(), at: state.now });
    while messages.log.len() > LOG_LEN {
        messages.log.pop_front();
    }
}

/// Word-wraps `text` into lines of at most `width` columns, cutting words longer than a line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        let gap = usize::from(used > 0);
        if used + gap + w <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }
}
