//! The article pane: the pre-wrapped lines of the open post, sliced to the scroll position.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use ratatui::style::Style;

use super::highlight::highlight;
use crate::app::keymap::{TableId, key_for};
use crate::app::settings::Align;
use crate::app::views::posts::find::Match;
use crate::app::views::posts::pictures::Slot;
use crate::app::views::posts::state::ArticleState;
use crate::app::{Action, AppState, Focus, article::RELATED_ITEM_HEIGHT, article::related_line};
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.posts.focus == Focus::Article && state.layout.wide;
    let border = if focused { theme.border_focus } else { theme.border };
    let mut block = Block::new().borders(Borders::TOP).border_style(border).padding(Padding::new(1, 1, 0, 0));
    let Some(a) = &state.posts.article else {
        let hint = if state.posts.list.rows.is_empty() {
            String::new()
        } else {
            format!(" Press {} to read the selected post.", key_for(TableId::Reader, &Action::Open))
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.muted)).block(block), area);
        return;
    };
    let height = usize::from(area.height.saturating_sub(1));
    let total = a.lines.len();
    let shown_end = (a.scroll + height).min(total);
    let position = if total <= height { "all".to_string() } else { format!("{}%", shown_end * 100 / total.max(1)) };
    block = block
        .title(Span::styled(format!(" Article · {position} "), if focused { theme.border_focus } else { theme.muted }));

    let selected = a.related_selected.map(|i| related_line(a, i));
    if let Some(s) = selected {
        // A line's style only covers its text; the bar under the chosen post spans the pane.
        let inner = block.inner(area);
        for n in (s..s + RELATED_ITEM_HEIGHT).filter(|n| (a.scroll..shown_end).contains(n)) {
            let bar = Rect::new(inner.x, inner.y + (n - a.scroll) as u16, inner.width, 1).intersection(inner);
            frame.buffer_mut().set_style(bar, theme.selection);
        }
    }
    let marks = matches_shown(a, a.scroll, shown_end, theme);
    let notes = picture_notes(a);
    let lines: Vec<Line<'_>> = a.lines[a.scroll.min(total)..shown_end]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let n = a.scroll + i;
            let mut line = match selected {
                Some(s) if (s..s + RELATED_ITEM_HEIGHT).contains(&n) => line.clone().style(theme.selection),
                _ => {
                    let ranges: Vec<_> =
                        marks.iter().filter(|(l, ..)| *l == n).map(|(_, s, e, st)| (*s, *e, *st)).collect();
                    highlight(line, &ranges)
                }
            };
            if let Some((_, note)) = notes.iter().find(|(at, _)| *at == n) {
                line.spans.push(Span::styled(format!(" · {note}"), theme.muted));
            }
            line
        })
        .collect();
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = text_area(inner, a.width, state.settings.align);
    frame.render_widget(Paragraph::new(lines), text);
    draw_pictures(frame, a, text, shown_end);
}

/// What the caption of a picture not (yet) drawn says after its alt text: that it is on its
/// way, or why it is not shown. Pictures drawn say nothing: the picture speaks.
fn picture_notes(a: &ArticleState) -> Vec<(usize, String)> {
    a.images
        .iter()
        .zip(&a.pictures)
        .filter_map(|(spot, slot)| {
            let note = match slot {
                Slot::Waiting => "loading the picture…".to_string(),
                Slot::Failed(why) => format!("not shown: {}", sanitize_line(why)),
                Slot::Shown(_) => return None,
            };
            Some((spot.line.checked_sub(1)?, note))
        })
        .collect()
}

/// Draws the ready pictures that are wholly on screen into the rows kept for them. One cut by
/// the pane's edge is left out rather than drawn in part: sixel and iTerm2 pictures cannot be
/// cut, and a picture sliding in whole reads better than one growing a row at a time.
fn draw_pictures(frame: &mut Frame<'_>, a: &ArticleState, text: Rect, shown_end: usize) {
    for (spot, slot) in a.images.iter().zip(&a.pictures) {
        let Slot::Shown(picture) = slot else { continue };
        let rows = usize::from(spot.rows);
        if rows == 0 || spot.line < a.scroll || spot.line + rows > shown_end {
            continue;
        }
        let size = picture.0.size();
        let y = text.y + (spot.line - a.scroll) as u16;
        let area = Rect::new(text.x, y, size.width.min(text.width), size.height.min(spot.rows)).intersection(text);
        if area.width == size.width && area.height == size.height {
            frame.render_widget(ratatui_image::Image::new(&picture.0), area);
        }
    }
}

/// Where the text goes in the pane: at its left, or centred when the pane is wider than the
/// measure the text was wrapped at. The area runs on to the pane's right edge, so a line that
/// is wider than the measure (a link's URL, never broken) shows as far as the pane allows.
fn text_area(inner: Rect, measure: u16, align: Align) -> Rect {
    let spare = inner.width.saturating_sub(measure);
    let left = if align == Align::Centre { spare / 2 } else { 0 };
    Rect { x: inner.x + left, width: inner.width - left, ..inner }
}

/// The search matches on lines `from..to`: the list search's words and the article search's,
/// the article search's current match standing out.
fn matches_shown(a: &ArticleState, from: usize, to: usize, theme: &Theme) -> Vec<(usize, usize, usize, Style)> {
    // Matches are in reading order: the ones on screen are found by bisection, so a word
    // matched a million times in a long post costs a frame nothing.
    let on_screen = |all: &[Match]| {
        let first = all.partition_point(|m| m.line < from);
        (first, all[first..].iter().take_while(|m| m.line < to).count())
    };
    let mut out: Vec<_> = match &a.find {
        Some(f) => {
            let (first, n) = on_screen(&f.matches);
            f.matches[first..first + n]
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let style = if first + i == f.current { theme.selection } else { theme.highlight };
                    (m.line, m.start, m.end, style)
                })
                .collect()
        }
        None => {
            let (first, n) = on_screen(&a.marks);
            a.marks[first..first + n].iter().map(|m| (m.line, m.start, m.end, theme.highlight)).collect()
        }
    };
    out.sort_by_key(|(l, s, ..)| (*l, *s));
    // Overlapping ranges (two words matching the same text) keep the first.
    out.dedup_by(|b, a| a.0 == b.0 && b.1 < a.2);
    out
}
