//! The article pane: the pre-wrapped lines of the open post, sliced to the scroll position.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::app::keymap::{TableId, key_for};
use crate::app::{Action, AppState, Focus, article::RELATED_ITEM_HEIGHT, article::related_line};
use crate::ui::theme::Theme;

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
    let lines: Vec<Line<'_>> = a.lines[a.scroll.min(total)..shown_end]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let n = a.scroll + i;
            match selected {
                Some(s) if (s..s + RELATED_ITEM_HEIGHT).contains(&n) => line.clone().style(theme.selection),
                _ => line.clone(),
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
