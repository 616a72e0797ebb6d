//! Searching inside the open article (`/` in the article): the matches of what is typed, the
//! current one brought into view, next and previous; and the list search's words marked in an
//! article opened from the results.

use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::state::AppState;

use super::window::clamp_scroll;

/// Where a word occurs: a line of the laid-out article and a range of its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    /// Character offsets in the line's text (its spans joined), end exclusive.
    pub start: usize,
    pub end: usize,
}

/// The search inside an article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Find {
    pub input: String,
    /// Still typing (the status bar shows the prompt); false once kept with Enter.
    pub typing: bool,
    pub matches: Vec<Match>,
    /// Index into `matches` of the one the reader is on.
    pub current: usize,
}

/// Opens the article search (the caller checked an article is on screen).
pub fn start(state: &mut AppState) {
    if let Some(a) = &mut state.posts.article {
        a.find = Some(Find { typing: true, ..Find::default() });
    }
}

/// The article search's keys. None when the action is not the search's (it is kept, and the
/// reader scrolls, opens a link, goes to the next post...).
pub fn act(state: &mut AppState, action: &Action) -> Option<Vec<Effect>> {
    // Back at the list on a narrow screen, the kept search waits with its article: the
    // list's keys are the list's.
    if !state.article_visible() {
        return None;
    }
    let a = state.posts.article.as_mut()?;
    let find = a.find.as_mut()?;
    if !find.typing {
        match action {
            Action::FindNext => step(state, 1),
            Action::FindPrev => step(state, -1),
            // Esc ends the search and takes its highlights away; the next Esc goes back.
            Action::Back => a.find = None,
            _ => return None,
        }
        return Some(vec![]);
    }
    match action {
        Action::Input(c) => {
            find.input.push(*c);
            refresh(state);
        }
        Action::InputBackspace => {
            find.input.pop();
            refresh(state);
        }
        Action::InputClear => {
            find.input.clear();
            refresh(state);
        }
        Action::Submit if find.input.trim().is_empty() => a.find = None,
        Action::Submit => {
            find.typing = false;
            let n = find.matches.len();
            state.message = Some(match n {
                0 => format!("no match for '{}'", byline_core::sanitize::sanitize_line(&find.input)),
                _ => summary(find),
            });
        }
        Action::Back => a.find = None,
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        // Typing: other keys (help, views) wait until the search is kept or cancelled.
        _ => {}
    }
    Some(vec![])
}

/// "match 2 of 5" for the status bar.
fn summary(find: &Find) -> String {
    format!("match {} of {}", find.current + 1, find.matches.len())
}

/// The typed words changed: find them again, on the first match from where the reader is.
fn refresh(state: &mut AppState) {
    let Some(a) = &mut state.posts.article else { return };
    let Some(find) = &mut a.find else { return };
    find.matches = matches(&a.lines, &[find.input.as_str()]);
    find.current = find.matches.iter().position(|m| m.line >= a.scroll).unwrap_or(0);
    reveal(state);
}

/// Moves to the next (`delta` 1) or previous (-1) match, round the end.
fn step(state: &mut AppState, delta: isize) {
    let Some(find) = state.posts.article.as_mut().and_then(|a| a.find.as_mut()) else { return };
    let n = find.matches.len();
    if n == 0 {
        state.message = Some(format!("no match for '{}'", byline_core::sanitize::sanitize_line(&find.input)));
        return;
    }
    find.current = (find.current as isize + delta).rem_euclid(n as isize) as usize;
    state.message = Some(summary(find));
    reveal(state);
}

/// Scrolls so the current match is on screen (a third of the way down when it was not).
fn reveal(state: &mut AppState) {
    let height = state.article_height();
    let Some(a) = &mut state.posts.article else { return };
    let Some(line) = a.find.as_ref().and_then(|f| f.matches.get(f.current)).map(|m| m.line) else { return };
    if line < a.scroll || line >= a.scroll + height {
        a.scroll = line.saturating_sub(height / 3);
    }
    clamp_scroll(state);
}

/// Every occurrence of each term in the lines, ignoring case, in reading order. A term that
/// is wrapped across two lines is not found (the lines are what the reader sees).
pub fn matches(lines: &[Line<'_>], terms: &[&str]) -> Vec<Match> {
    let terms: Vec<Vec<char>> = terms.iter().map(|t| fold(t.trim())).filter(|t: &Vec<char>| !t.is_empty()).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let text = fold(&text);
        for term in &terms {
            let mut i = 0;
            while i + term.len() <= text.len() {
                if text[i..i + term.len()] == term[..] {
                    found.push(Match { line: n, start: i, end: i + term.len() });
                    i += term.len();
                } else {
                    i += 1;
                }
            }
        }
    }
    found.sort_by_key(|m| (m.line, m.start));
    found
}

/// Lower-cased one character for one, so offsets into the folded text are offsets into the line.
fn fold(s: &str) -> Vec<char> {
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

/// The words of a list search worth marking in the article it opens: operators and one-letter
/// words left out.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "NEAR"))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    #[test]
    fn finds_every_occurrence_ignoring_case_across_spans() {
        let lines = vec![
            Line::from(vec![Span::raw("A cache, "), Span::raw("then CAChing")]),
            Line::from("nothing here"),
            Line::from("caché is not cache"),
        ];
        let found = matches(&lines, &["cach"]);
        let at: Vec<(usize, usize, usize)> = found.iter().map(|m| (m.line, m.start, m.end)).collect();
        assert_eq!(at, [(0, 2, 6), (0, 14, 18), (2, 0, 4), (2, 13, 17)]);
        assert!(matches(&lines, &["  "]).is_empty());
    }

    #[test]
    fn list_query_words_leave_operators_and_single_letters_out() {
        assert_eq!(query_words("web cach* OR a \"proxy\""), ["web", "cach", "proxy"]);
    }
}
