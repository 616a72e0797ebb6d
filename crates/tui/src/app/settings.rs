//! What the reader can set (from the config file): reading width and alignment, the mouse,
//! the date format. The app reads these; only the runtime's start-up sets them.

/// Where the article's text sits when the pane is wider than the reading width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Centre,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderSettings {
    /// The widest an article's text wraps at, in columns (a comfortable measure, not the pane).
    pub reading_width: u16,
    pub align: Align,
    /// Whether byline captures the mouse (clicks select and open); off lets the terminal select text.
    pub mouse: bool,
    /// How dates are shown in lists and article headers (a strftime pattern, as jiff reads it).
    pub date_format: String,
    /// Whether pictures standing alone in articles are fetched and drawn. Off in the app by
    /// itself (nothing would fetch them); the config, on by default, turns them on in a face
    /// that has a painter.
    pub pictures: bool,
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            reading_width: 88,
            align: Align::Left,
            mouse: false,
            date_format: "%Y-%m-%d".into(),
            pictures: false,
        }
    }
}
