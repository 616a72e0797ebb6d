//! Pictures in the open article: which to ask the runtime for, and where its answers go (pure).
//!
//! The markdown layout keeps blank rows under a picture that stands alone in its paragraph
//! (`ImageSpot`); once the article is laid out, its pictures are asked for at that size in one
//! job, and each answer fills its slot. A new layout (another post, a resize) asks again.

use std::sync::Arc;

use byline_core::domain::PostId;

use crate::app::{AppState, Effect, JobEffect, article};

/// Rows kept for a picture under its caption: a 16:9 picture at the usual reading width fills
/// about two thirds of the measure, and a tall one is not a screen of its own.
pub const IMAGE_ROWS: u16 = 16;

/// A picture made ready for the terminal at one size (the cells it covers are its own size);
/// what the article pane draws.
#[derive(Clone)]
pub struct Picture(pub Arc<ratatui_image::protocol::Protocol>);

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.size();
        write!(f, "Picture({}x{})", size.width, size.height)
    }
}

/// Two answers are the same picture only when they are the very same encoding.
impl PartialEq for Picture {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Where one picture of the article is.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Waiting,
    Shown(Picture),
    /// Why it is not shown (said in its rows, the caption above it stays).
    Failed(String),
}

/// What the runtime is asked for: every picture of a post's layout at `width`, each with the
/// source as written and the rows it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureJob {
    pub post: PostId,
    pub width: u16,
    pub pictures: Vec<(String, u16)>,
}

/// The job for the open article's pictures, once per layout width.
pub fn wanted(state: &mut AppState) -> Vec<Effect> {
    if !state.settings.pictures {
        return Vec::new();
    }
    let Some(a) = state.posts.article.as_mut() else { return Vec::new() };
    // A huge post is laid out on a worker; giving a picture rows lays the text out again, which
    // must not happen on the thread that answers keys, so its pictures stay captions.
    if a.images.is_empty() || a.laying_out() || a.pictures_for == Some(a.width) || article::laid_out_apart(&a.post) {
        return Vec::new();
    }
    a.pictures_for = Some(a.width);
    a.pictures = vec![Slot::Waiting; a.images.len()];
    let pictures = a.images.iter().map(|i| (i.src.clone(), IMAGE_ROWS)).collect();
    vec![JobEffect::Pictures(PictureJob { post: a.post.meta.id, width: a.width, pictures }).into()]
}

/// Picture `index` of the post laid out at `width`. An answer for a layout that is gone (the
/// reader moved on, or the terminal was resized) is dropped; a picture ready is given its rows
/// by laying the article out again, the reader's line kept where it was on screen.
pub fn arrived(state: &mut AppState, post: PostId, width: u16, index: usize, slot: Slot) {
    let Some(a) = state.posts.article.as_mut().filter(|a| a.post.meta.id == post && a.width == width) else {
        return;
    };
    let Some(s) = a.pictures.get_mut(index) else { return };
    let shown = matches!(slot, Slot::Shown(_));
    *s = slot;
    if shown {
        super::update::lay_out_with_pictures(state);
    }
}

/// The rows each ready picture takes, by source.
pub fn rows_of(a: &crate::app::ArticleState) -> crate::markdown::PictureRows {
    let rows = a.images.iter().zip(&a.pictures).filter_map(|(spot, slot)| match slot {
        Slot::Shown(p) => Some((spot.src.clone(), p.0.size().height)),
        _ => None,
    });
    Arc::new(rows.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MarkdownStyles;
    use byline_core::domain::{Post, PostStatus, PostSummary};
    use jiff::tz::TimeZone;
    use ratatui::layout::Size;

    fn post() -> Post {
        let lines: Vec<String> = (0..60).map(|i| format!("Line {i}.")).collect();
        let meta = PostSummary {
            id: PostId(7),
            slug: "p".into(),
            title: "Pictures".into(),
            author: None,
            summary: String::new(),
            tags: Vec::new(),
            status: PostStatus::Published,
            created_at: 0,
            updated_at: 0,
            published_at: Some(0),
            first_published_at: Some(0),
            guid: "urn:uuid:test-7".into(),
        };
        Post { meta, body: format!("First.\n\n![A square](https://x.y/sq.png)\n\n{}", lines.join("\n\n")) }
    }

    /// A 10 x 5 cell picture in half blocks.
    fn picture() -> Picture {
        let picker = ratatui_image::picker::Picker::halfblocks();
        let square = image::DynamicImage::new_rgb8(100, 100);
        Picture(Arc::new(picker.new_protocol(square, Size::new(40, 16), ratatui_image::Resize::Fit(None)).unwrap()))
    }

    fn reading(scroll_to: &str) -> AppState {
        let mut state = AppState::new("t".into(), 100, 40, MarkdownStyles::plain(), TimeZone::UTC, 0);
        state.settings.pictures = true;
        let mut a = article::build(Arc::new(post()), Vec::new(), 60, &state.styles, &TimeZone::UTC, "%Y-%m-%d");
        a.scroll = a.lines.iter().position(|l| l.to_string() == scroll_to).unwrap();
        state.posts.article = Some(a);
        state
    }

    fn top_line(state: &AppState) -> String {
        let a = state.posts.article.as_ref().unwrap();
        a.lines[a.scroll].to_string()
    }

    #[test]
    fn a_picture_arriving_above_the_reader_keeps_their_line_at_the_top() {
        let mut state = reading("Line 30.");
        let asked = wanted(&mut state);
        let [Effect::Job(JobEffect::Pictures(job))] = asked.as_slice() else { panic!("one job: {asked:?}") };
        assert_eq!(job.pictures, [("https://x.y/sq.png".to_string(), IMAGE_ROWS)]);
        assert!(wanted(&mut state).is_empty(), "asked once per layout");

        arrived(&mut state, PostId(7), 60, 0, Slot::Shown(picture()));
        let a = state.posts.article.as_ref().unwrap();
        assert_eq!(a.images[0].rows, 5, "rows for the picture's 5 cells");
        assert_eq!(top_line(&state), "Line 30.", "the text did not move under the reader");
    }

    #[test]
    fn a_picture_arriving_below_the_top_line_pushes_only_what_follows_it() {
        let mut state = reading("First.");
        wanted(&mut state);
        arrived(&mut state, PostId(7), 60, 0, Slot::Shown(picture()));
        assert_eq!(top_line(&state), "First.");
        let a = state.posts.article.as_ref().unwrap();
        let caption = a.lines.iter().position(|l| l.to_string() == "[image: A square]").unwrap();
        assert_eq!(a.lines[caption + 1 + 5 + 1].to_string(), "Line 0.", "five rows, a blank, then the text");
    }

    #[test]
    fn answers_for_another_post_or_width_are_dropped() {
        let mut state = reading("First.");
        wanted(&mut state);
        arrived(&mut state, PostId(8), 60, 0, Slot::Shown(picture()));
        arrived(&mut state, PostId(7), 61, 0, Slot::Shown(picture()));
        arrived(&mut state, PostId(7), 60, 5, Slot::Shown(picture()));
        let a = state.posts.article.as_ref().unwrap();
        assert_eq!(a.pictures, [Slot::Waiting]);
        assert_eq!(a.images[0].rows, 0);
    }
}
