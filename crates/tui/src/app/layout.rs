//! Where each pane goes for a terminal size: one pure function shared by update and render.

use ratatui::layout::Rect;

/// Below this width the list and the article take turns instead of sharing the screen.
pub const WIDE_MIN: u16 = 100;
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub header: Rect,
    pub list: Rect,
    pub article: Rect,
    pub status: Rect,
    /// Both panes visible.
    pub wide: bool,
    pub too_small: bool,
}

impl Layout {
    /// The article's text width: the pane less a margin, at least 1.
    pub fn article_text_width(&self) -> u16 {
        self.article.width.saturating_sub(4).max(1)
    }
}

pub fn layout(width: u16, height: u16) -> Layout {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Layout { too_small: true, ..Layout::default() };
    }
    let header = Rect::new(0, 0, width, 1);
    let status = Rect::new(0, height - 1, width, 1);
    let body = Rect::new(0, 1, width, height - 2);
    if width >= WIDE_MIN {
        let list_w = (width * 2 / 5).clamp(40, 70);
        let list = Rect::new(0, body.y, list_w, body.height);
        let article = Rect::new(list_w, body.y, width - list_w, body.height);
        Layout { header, list, article, status, wide: true, too_small: false }
    } else {
        Layout { header, list: body, article: body, status, wide: false, too_small: false }
    }
}

/// From this width the compose pane shows the preview beside the editor.
pub const COMPOSE_SIDE_BY_SIDE: u16 = 120;

/// The compose pane: five one-line fields above the body editor, and the preview beside it
/// (wide) or instead of it (narrow, after Ctrl-P).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComposeLayout {
    /// Title, slug, author, tags and summary, one row each.
    pub fields: [Rect; COMPOSE_TOP_FIELDS],
    pub body: Rect,
    /// The publish field's line, under the body.
    pub publish: Rect,
    pub preview: Option<Rect>,
}

/// The compose pane's one-line fields above the body: title, slug, author, tags, summary.
const COMPOSE_TOP_FIELDS: usize = 5;

pub fn compose_layout(area: Rect, show_preview: bool) -> ComposeLayout {
    let mut fields = [Rect::default(); COMPOSE_TOP_FIELDS];
    for (i, f) in fields.iter_mut().enumerate() {
        let y = area.y + i as u16;
        if y < area.bottom() {
            *f = Rect::new(area.x, y, area.width, 1);
        }
    }
    let top = (area.y + COMPOSE_TOP_FIELDS as u16).min(area.bottom());
    // The publish line sits under the body, as it comes after it in the tab order.
    let rest = Rect::new(area.x, top, area.width, (area.bottom() - top).saturating_sub(1));
    let publish =
        if area.bottom() > top { Rect::new(area.x, area.bottom() - 1, area.width, 1) } else { Rect::default() };
    if !show_preview {
        return ComposeLayout { fields, body: rest, publish, preview: None };
    }
    if area.width >= COMPOSE_SIDE_BY_SIDE {
        let half = rest.width / 2;
        let body = Rect { width: half, ..rest };
        let preview = Rect { x: rest.x + half, width: rest.width - half, ..rest };
        ComposeLayout { fields, body, publish, preview: Some(preview) }
    } else {
        ComposeLayout { fields, body: Rect { height: 0, ..rest }, publish, preview: Some(rest) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_splits_and_narrow_shares() {
        let wide = layout(120, 40);
        assert!(wide.wide && wide.list.right() == wide.article.x && wide.article.right() == 120);
        let narrow = layout(80, 24);
        assert!(!narrow.wide && narrow.list == narrow.article && narrow.list.height == 22);
        assert!(layout(19, 10).too_small && layout(20, 4).too_small && !layout(20, 5).too_small);
    }
}
