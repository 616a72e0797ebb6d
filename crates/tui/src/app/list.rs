//! A list as a window of rows around the selection, for any row type ordered newest first by
//! a keyset key (posts, subscribers; later feed items): the full table is never loaded.

use byline_core::domain::{PostId, PostSummary, Subscriber, SubscriberId};

/// Rows fetched per request; at least two pages of the tallest terminal.
pub const CHUNK: usize = 120;
/// Rows fetched on each side of a post when restoring a position.
pub const CHUNK_HALF: usize = CHUNK / 2;
/// Rows kept at most; the far side is dropped beyond this.
pub const MAX_ROWS: usize = 480;
/// Each post takes two lines: title, then date/author/tags (or the search snippet).
pub const ROW_HEIGHT: u16 = 2;

/// Where a window of list rows should come from; `Id` is the row type's id (posts by default).
/// The same cursor the list use cases take, so the runtime hands it over as it is.
pub use byline_core::ops::list::Cursor as WindowRequest;

/// A row a window can hold: lists are ordered newest first by (sort time, id), and windows are
/// fetched by that key (keyset paging), so a list of any length pages the same way.
pub trait WindowRow {
    type Id: Copy + PartialEq + std::fmt::Debug;
    fn id(&self) -> Self::Id;
    /// The sort time; with the id, the row's place in the list.
    fn sort_time(&self) -> i64;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub post: PostSummary,
    pub read: bool,
    /// Search matches, with the store's match markers.
    pub snippet: Option<String>,
}

impl WindowRow for Row {
    type Id = PostId;
    fn id(&self) -> PostId {
        self.post.id
    }
    fn sort_time(&self) -> i64 {
        self.post.shown_at()
    }
}

impl WindowRow for Subscriber {
    type Id = SubscriberId;
    fn id(&self) -> SubscriberId {
        self.id
    }
    fn sort_time(&self) -> i64 {
        self.created_at
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListMode {
    Browse,
    /// Search hits for this query: complete, never windowed.
    Results {
        query: String,
    },
}

/// A window onto a list of `R` (posts by default).
#[derive(Debug, Clone, PartialEq)]
pub struct ListState<R = Row> {
    pub mode: ListMode,
    /// Bumped when the filter changes, so late windows for the old list are dropped.
    pub generation: u64,
    pub rows: Vec<R>,
    /// Absolute index of `rows[0]` in the whole list.
    pub offset: usize,
    /// How many rows the whole list has; until `counted`, a lower bound from the rows seen
    /// (at least one more than loaded while a full window came back).
    pub total: usize,
    /// Whether `total` is the store's count: a million-row list is counted on a lane after its
    /// first window is drawn, so the first frame never waits for the count.
    pub counted: bool,
    /// Absolute index of the selected row.
    pub selected: usize,
    /// Absolute index of the first row on screen.
    pub top: usize,
    /// A selection waiting for rows that are being fetched.
    pub pending_select: Option<usize>,
    pub loading: bool,
}

impl<R: WindowRow> ListState<R> {
    pub fn new(generation: u64) -> Self {
        ListState {
            mode: ListMode::Browse,
            generation,
            rows: Vec::new(),
            offset: 0,
            total: 0,
            counted: false,
            selected: 0,
            top: 0,
            pending_select: None,
            loading: true,
        }
    }

    /// A complete list (search hits), never windowed.
    pub fn results(query: String, rows: Vec<R>) -> Self {
        let total = rows.len();
        ListState { mode: ListMode::Results { query }, rows, total, counted: true, loading: false, ..ListState::new(0) }
    }

    pub fn selected_row(&self) -> Option<&R> {
        self.selected.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }

    pub fn selected_id(&self) -> Option<R::Id> {
        self.selected_row().map(R::id)
    }

    fn loaded_end(&self) -> usize {
        self.offset + self.rows.len()
    }

    fn key(row: &R) -> (i64, R::Id) {
        (row.sort_time(), row.id())
    }

    /// Moves the selection to `index` (clamped), keeping it on screen. Returns a window request
    /// when the rows there are not loaded, or when the selection nears the edge of the window.
    pub fn select(&mut self, index: usize, visible: usize) -> Option<WindowRequest<R::Id>> {
        if self.total == 0 {
            return None;
        }
        let index = index.min(self.total - 1);
        let windowed = self.mode == ListMode::Browse;
        if windowed && (index < self.offset || index >= self.loaded_end()) {
            self.pending_select = Some(index);
            return Some(if index + CHUNK < self.offset {
                WindowRequest::Top
            } else if index >= self.loaded_end() + CHUNK {
                WindowRequest::Bottom
            } else if index < self.offset {
                self.rows.first().map(Self::key).map_or(WindowRequest::Top, |(t, id)| WindowRequest::Newer(t, id))
            } else {
                self.rows.last().map(Self::key).map_or(WindowRequest::Top, |(t, id)| WindowRequest::Older(t, id))
            });
        }
        self.selected = index;
        self.pending_select = None;
        self.scroll_into_view(visible);
        if !windowed || self.loading {
            return None;
        }
        let margin = visible.max(1) * 2;
        if self.selected + margin >= self.loaded_end() && self.loaded_end() < self.total {
            return self.rows.last().map(Self::key).map(|(t, id)| WindowRequest::Older(t, id));
        }
        if self.selected < self.offset + margin && self.offset > 0 {
            return self.rows.first().map(Self::key).map(|(t, id)| WindowRequest::Newer(t, id));
        }
        None
    }

    /// Selects the last row. Before the list is counted its end is unknown: the bottom window
    /// is fetched (that answer carries the count) and the selection waits for it.
    pub fn select_last(&mut self, visible: usize) -> Option<WindowRequest<R::Id>> {
        if self.counted || self.mode != ListMode::Browse {
            return self.select(self.total.saturating_sub(1), visible);
        }
        self.loading = true;
        self.pending_select = Some(usize::MAX);
        Some(WindowRequest::Bottom)
    }

    /// The count arrived: the list's length is known from now on.
    pub fn set_count(&mut self, total: usize, visible: usize) {
        self.total = total.max(self.loaded_end());
        self.counted = true;
        self.scroll_into_view(visible);
    }

    /// Keeps `top` such that the selection is visible.
    pub fn scroll_into_view(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + visible {
            self.top = self.selected + 1 - visible;
        }
        self.top = self.top.min(self.total.saturating_sub(visible));
    }

    /// Merges a fetched window. `offset` is the absolute index of the first row when the
    /// request does not imply it (a jump to the bottom or around a post). `total` is None while
    /// the list is being counted: the rows seen bound it.
    pub fn apply_window(
        &mut self,
        request: &WindowRequest<R::Id>,
        rows: Vec<R>,
        total: Option<usize>,
        offset: Option<usize>,
    ) {
        if let Some(total) = total {
            self.total = total;
            self.counted = true;
        }
        self.loading = false;
        // Whether these rows reach the end of the list (a short window from the top or downwards).
        let mut at_end = false;
        match request {
            // Rows older or newer than a row only fit if that row is still the window's edge:
            // a second answer to the same request (two keys sent before the first came back)
            // or one for rows replaced since would repeat or misplace rows.
            WindowRequest::Older(t, id) if self.rows.last().map(Self::key) != Some((*t, *id)) => {}
            WindowRequest::Newer(t, id) if self.rows.first().map(Self::key) != Some((*t, *id)) => {}
            WindowRequest::Older(..) => {
                at_end = rows.len() < CHUNK;
                if rows.is_empty() {
                    // Nothing older: the count was larger than the list is now.
                    self.total = self.loaded_end();
                }
                self.rows.extend(rows);
                if self.rows.len() > MAX_ROWS {
                    let cut = self.rows.len() - MAX_ROWS;
                    self.rows.drain(..cut);
                    self.offset += cut;
                }
            }
            WindowRequest::Newer(..) => {
                let n = rows.len();
                if n < CHUNK && n != self.offset {
                    // Less than a full window (every request asks for CHUNK) means these rows
                    // reach the top, yet the offset counted a different number above: posts were
                    // deleted, published or left the filter since. Renumber from the top, keeping
                    // the selection on its row; otherwise the offset never reaches 0 and the
                    // list keeps asking for newer rows that do not exist.
                    let delta = n as isize - self.offset as isize;
                    self.offset = n;
                    self.selected = self.selected.saturating_add_signed(delta);
                    self.top = self.top.saturating_add_signed(delta);
                    self.pending_select = self.pending_select.map(|p| p.saturating_add_signed(delta));
                }
                self.offset = self.offset.saturating_sub(n);
                self.rows.splice(0..0, rows);
                self.rows.truncate(MAX_ROWS);
            }
            WindowRequest::Top => {
                at_end = rows.len() < CHUNK;
                self.rows = rows;
                self.offset = 0;
            }
            WindowRequest::Bottom | WindowRequest::Around(_) => {
                let n = rows.len();
                self.rows = rows;
                self.offset = offset.unwrap_or(self.total.saturating_sub(n));
            }
        }
        if !self.counted {
            let end = self.loaded_end();
            self.total = if at_end { end } else { self.total.max(end + 1) };
        }
        if let WindowRequest::Around(id) = request {
            if let Some(i) = self.rows.iter().position(|r| r.id() == *id) {
                self.pending_select = Some(self.offset + i);
            }
        }
    }

    /// After a window arrives: settle a waiting selection inside what is loaded.
    pub fn settle(&mut self, visible: usize) -> Option<WindowRequest<R::Id>> {
        let want = self.pending_select.take().unwrap_or(self.selected);
        if self.rows.is_empty() {
            self.selected = 0;
            self.top = 0;
            return None;
        }
        let clamped = want.clamp(self.offset, self.loaded_end() - 1);
        self.select(clamped, visible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::domain::PostStatus;

    fn row(i: usize) -> Row {
        let post = PostSummary {
            id: PostId(1000 - i as i64),
            slug: format!("p{i}"),
            title: format!("Post {i}"),
            author: None,
            summary: String::new(),
            tags: vec![],
            status: PostStatus::Published,
            created_at: 0,
            updated_at: 0,
            published_at: Some(100_000 - i as i64),
            first_published_at: Some(100_000 - i as i64),
            guid: format!("urn:uuid:test-{i}"),
        };
        Row { post, read: false, snippet: None }
    }

    fn rows(range: std::ops::Range<usize>) -> Vec<Row> {
        range.map(row).collect()
    }

    #[test]
    fn moving_near_the_end_asks_for_older_rows() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), Some(1000), None);
        assert_eq!(l.settle(10), None);
        let req = l.select(CHUNK - 15, 10);
        assert_eq!(req, Some(WindowRequest::Older(100_000 - (CHUNK as i64 - 1), PostId(1000 - (CHUNK as i64 - 1)))));
        assert_eq!(l.selected, CHUNK - 15);
        assert_eq!(l.top, CHUNK - 15 - 9);
    }

    #[test]
    fn a_page_past_the_window_waits_for_rows_then_lands() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), Some(1000), None);
        let req = l.select(CHUNK + 5, 10).unwrap();
        assert!(matches!(req, WindowRequest::Older(..)));
        assert_eq!(l.selected, 0, "selection waits for the rows");
        l.apply_window(&req, rows(CHUNK..2 * CHUNK), Some(1000), None);
        l.settle(10);
        assert_eq!(l.selected, CHUNK + 5);
        assert_eq!(l.selected_row().unwrap().post.title, format!("Post {}", CHUNK + 5));
    }

    #[test]
    fn jumping_to_the_bottom_loads_the_oldest_rows() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), Some(1000), None);
        assert_eq!(l.select(999, 10), Some(WindowRequest::Bottom));
        l.apply_window(&WindowRequest::Bottom, rows(1000 - CHUNK..1000), Some(1000), None);
        l.settle(10);
        assert_eq!((l.offset, l.selected), (1000 - CHUNK, 999));
        assert_eq!(l.selected_row().unwrap().post.title, "Post 999");
        assert_eq!(l.top, 990);
    }

    #[test]
    fn before_the_count_the_rows_seen_bound_the_list_and_scrolling_goes_on() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), None, None);
        assert!(!l.counted);
        assert_eq!(l.total, CHUNK + 1, "a full window: at least one row more");
        // Scrolling near the end still asks for older rows.
        let req = l.select(CHUNK - 5, 10).unwrap();
        assert!(matches!(req, WindowRequest::Older(..)), "{req:?}");
        l.apply_window(&req, rows(CHUNK..CHUNK + 7), None, None);
        assert_eq!(l.total, CHUNK + 7, "a short window reaches the end");
        // The count lands: it is the list's length from then on.
        l.set_count(CHUNK + 7, 10);
        assert!(l.counted);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), None, None);
        assert_eq!(l.total, CHUNK + 7, "a window without a count keeps the count");
    }

    #[test]
    fn a_short_first_window_is_the_whole_list_even_uncounted() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..3), None, None);
        assert_eq!(l.total, 3);
        assert_eq!(l.select(10, 10), None, "nothing past the end to fetch");
        assert_eq!(l.selected, 2);
    }

    #[test]
    fn the_last_row_of_an_uncounted_list_comes_from_the_bottom_window() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), None, None);
        // Selecting `total - 1` would only reach the row after the window.
        assert_eq!(l.select_last(10), Some(WindowRequest::Bottom));
        l.apply_window(&WindowRequest::Bottom, rows(5000 - CHUNK..5000), Some(5000), None);
        l.settle(10);
        assert_eq!((l.offset, l.selected, l.counted), (5000 - CHUNK, 4999, true));
        assert_eq!(l.selected_row().unwrap().post.title, "Post 4999");
    }

    #[test]
    fn the_window_never_grows_past_its_cap() {
        let mut l = ListState::new(1);
        l.apply_window(&WindowRequest::Top, rows(0..CHUNK), Some(10_000), None);
        for k in 1..8 {
            let last = l.rows.last().map(ListState::<Row>::key).unwrap();
            let req = WindowRequest::Older(last.0, last.1);
            l.apply_window(&req, rows(k * CHUNK..(k + 1) * CHUNK), Some(10_000), None);
        }
        assert_eq!(l.rows.len(), MAX_ROWS);
        assert_eq!(l.offset, 8 * CHUNK - MAX_ROWS);
        assert_eq!(l.rows[0].post.title, format!("Post {}", l.offset));
    }

    #[test]
    fn results_are_not_windowed() {
        let mut l: ListState = ListState::results("q".into(), rows(0..5));
        assert_eq!(l.select(10, 3), None);
        assert_eq!(l.selected, 4);
    }
}
