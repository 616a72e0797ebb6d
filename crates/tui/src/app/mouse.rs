//! Mouse clicks, when the reader turned mouse capture on (`ReaderSettings::mouse`): a click
//! selects a row (and shows it, as moving there by key does), a click on the selected row
//! opens it, a click in a pane focuses it, and a click on a similar post or a link marker
//! (`[3]`) opens it, as in lazygit and gitui. Pure: positions are mapped with the layout the
//! drawing code uses, so headless tests can click.

use ratatui::layout::Position;

use super::action::Action;
use super::article::RELATED_ITEM_HEIGHT;
use super::effect::Effect;
use super::list::ROW_HEIGHT;
use super::reply::Reply;
use super::state::AppState;
use super::views::posts::nav;
use super::views::posts::state::Focus;
use super::views::posts::window::select;

/// A click in the posts view.
pub fn click_posts(state: &mut AppState, column: u16, row: u16) -> Vec<Effect> {
    let pos = Position { x: column, y: row };
    let l = state.layout;
    let article_shown = state.article_visible() && state.posts.article.is_some();
    if article_shown && l.article.contains(pos) && (l.wide || state.posts.focus == Focus::Article) {
        return click_article(state, column, row);
    }
    let list_shown = l.wide || state.posts.focus == Focus::List;
    if !(list_shown && l.list.contains(pos)) {
        return vec![];
    }
    state.posts.focus = Focus::List;
    // The list's rows start under its title line, two lines each, from its first row shown.
    let Some(offset) = row.checked_sub(l.list.y + 1) else { return vec![] };
    let list = &state.posts.list;
    let index = list.top.max(list.offset) + usize::from(offset) / usize::from(ROW_HEIGHT);
    if index >= list.total {
        return vec![];
    }
    if index == list.selected && list.pending_select.is_none() {
        return nav::open(state);
    }
    select(state, index)
}

/// A click in the article pane: focus it, and open the similar post or link under the pointer.
fn click_article(state: &mut AppState, column: u16, row: u16) -> Vec<Effect> {
    state.posts.focus = Focus::Article;
    let area = state.layout.article;
    let Some(a) = state.posts.article.as_mut() else { return vec![] };
    let Some(offset) = row.checked_sub(area.y + 1) else { return vec![] };
    let n = a.scroll + usize::from(offset);
    if n > a.related_at && n < a.lines.len() {
        let i = (n - a.related_at - 1) / RELATED_ITEM_HEIGHT;
        if i < a.related.len() {
            a.related_selected = Some(i);
            return nav::open(state);
        }
    }
    let Some(line) = a.lines.get(n) else { return vec![] };
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    // The text starts one column in (the pane's padding).
    let x = usize::from(column.saturating_sub(area.x + 1));
    match nearest_marker(&text, x, a.links.len()) {
        Some(k) => {
            let url = a.links[k - 1].clone();
            crate::app::effect::open_link(state, &url)
        }
        None => vec![],
    }
}

/// The link number `[k]` on a line nearest to column `x` (1 ≤ k ≤ `links`), or the one a
/// line of the links list is about.
fn nearest_marker(text: &str, x: usize, links: usize) -> Option<usize> {
    // A line of the links list ("[2] https://…"): anywhere on it opens its link.
    let listed = text.trim_start().strip_prefix('[').and_then(|rest| rest.split_once("] ")).map(|(n, _)| n);
    if let Some(k) = listed.and_then(|n| n.parse::<usize>().ok()).filter(|k| (1..=links).contains(k)) {
        return Some(k);
    }
    let mut best: Option<(usize, usize)> = None;
    let mut col = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            let digits: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let close = i + 1 + digits.len();
            if !digits.is_empty() && chars.get(close) == Some(&']') {
                if let Ok(k) = digits.parse::<usize>() {
                    let end = col + digits.len() + 1;
                    let distance = if x < col { col - x } else { x.saturating_sub(end) };
                    if (1..=links).contains(&k) && best.is_none_or(|(d, _)| distance < d) {
                        best = Some((distance, k));
                    }
                }
            }
        }
        col += unicode_width::UnicodeWidthChar::width(chars[i]).unwrap_or(0);
        i += 1;
    }
    // Only a marker close to the pointer: a click in a paragraph elsewhere just focuses.
    best.filter(|(d, _)| *d <= 12).map(|(_, k)| k)
}

/// A click in the tags view (a table under its title and header lines): select, or open the
/// selected tag's posts.
pub fn click_tags(state: &mut AppState, row: u16) -> Reply {
    let body = state.layout.list.union(state.layout.article);
    if !body.contains(Position { x: body.x, y: row }) {
        return Reply::default();
    }
    let Some(offset) = row.checked_sub(body.y + 2) else { return Reply::default() };
    let height = usize::from(body.height.saturating_sub(2)).max(1);
    let top = state.tags.selected.saturating_sub(height - 1);
    let index = top + usize::from(offset);
    if index >= state.tags.items.len() {
        return Reply::default();
    }
    if index == state.tags.selected {
        return Reply::then(Action::Open);
    }
    state.tags.selected = index;
    Reply::default()
}

/// The subscriber under a click in the subscribers table (drawn like the tags table, from the
/// window of rows loaded), by its index in the whole list.
pub fn subscriber_at(state: &AppState, row: u16) -> Option<usize> {
    let body = state.layout.list.union(state.layout.article);
    let offset = usize::from(row.checked_sub(body.y + 2)?);
    if row >= body.bottom() {
        return None;
    }
    let list = &state.subscribers.list;
    let height = usize::from(body.height.saturating_sub(2)).max(1);
    let top = list.selected.saturating_sub(list.offset).saturating_sub(height - 1);
    let index = list.offset + top + offset;
    (index < list.offset + list.rows.len()).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::nearest_marker;

    #[test]
    fn the_marker_nearest_the_pointer_is_chosen() {
        let line = "read the guide[1] or the spec[2] first";
        assert_eq!(nearest_marker(line, 10, 2), Some(1));
        assert_eq!(nearest_marker(line, 30, 2), Some(2));
        assert_eq!(nearest_marker("[2] https://example.com/a", 15, 2), Some(2));
        assert_eq!(nearest_marker(line, 30, 1), None, "numbers past the links are not links");
        assert_eq!(nearest_marker(line, 20, 1), Some(1));
        assert_eq!(nearest_marker("no links here at all", 3, 2), None);
    }
}
