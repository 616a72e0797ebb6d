//! Draws the tags view: every tag with its post count.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::AppState;
use crate::ui::theme::Theme;
use byline_core::sanitize::sanitize_line;

use super::table::{Table, row, table};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let t = &state.tags;
    let width = usize::from(area.width);
    let name_w = (width / 2).clamp(8, 40);
    let lines: Vec<String> = t
        .items
        .iter()
        .map(|tag| {
            row(
                &[(sanitize_line(&tag.name).into_owned(), name_w), (tag.posts.to_string(), 6), (tag.slug.clone(), 0)],
                width,
            )
        })
        .collect();
    let header = row(&[("TAG".into(), name_w), ("POSTS".into(), 6), ("SLUG".into(), 0)], width);
    let tag_key = crate::app::keymap::key_for(crate::app::keymap::TableId::Reader, &crate::app::Action::EditTags);
    let empty = if t.loading {
        "loading…".to_string()
    } else {
        format!("No tags yet: tag a post with {tag_key} in the posts view.")
    };
    table(
        frame,
        area,
        Table {
            title: format!(" Tags · {} ", t.items.len()),
            header,
            lines,
            selected: Some(t.selected),
            empty: &empty,
        },
        theme,
    );
}
