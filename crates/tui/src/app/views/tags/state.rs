//! The tags view's state: every tag with its post count.

/// The tags view: every tag with its post count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagsView {
    pub items: Vec<byline_core::domain::TagCount>,
    pub selected: usize,
    pub loading: bool,
}
