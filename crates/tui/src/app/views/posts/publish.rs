//! The publish key in the posts view: publish, take down or publish early, asking first where live data would change.

use byline_core::domain::{PostId, PostStatus, PostSummary, time};
use byline_core::text::fit;

use crate::app::action::Action;
use crate::app::effect::{Effect, When, WriteEffect};
use crate::app::keymap::{self, TableId};
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::state::AppState;

/// `p` on a post. A draft never published is published at once (nothing live changes); taking
/// a live post down, publishing a scheduled one early, and choosing the date of a post that was
/// live before are asked first, naming the post.
pub fn ask(state: &mut AppState, post: &PostSummary) -> Vec<Effect> {
    let title = fit(&post.title, 40);
    let (question, what) = match (post.status, post.first_published_at) {
        (PostStatus::Published, _) => (
            format!("Take '{title}' down (it becomes a draft)? {}", keymap::yes_no("unpublishes", "keeps it live")),
            Confirmable::Unpublish(post.id, post.title.clone()),
        ),
        (PostStatus::Scheduled, _) => (
            format!(
                "Publish '{title}' now instead of {}? {}",
                time::shown_in(post.shown_at(), &state.tz),
                keymap::yes_no("publishes now", "keeps the schedule")
            ),
            Confirmable::PublishEarly(post.id, post.title.clone()),
        ),
        (PostStatus::Draft, Some(first)) => (
            format!(
                "Publish '{title}' with its first date {} ({}) or as new today ({})? {} cancels",
                date(state, first),
                keymap::key_for(TableId::Confirm, &Action::Yes),
                keymap::key_for(TableId::Confirm, &Action::No),
                keymap::key_for(TableId::Confirm, &Action::Back),
            ),
            Confirmable::Republish(post.id, post.title.clone()),
        ),
        (PostStatus::Draft, None) => return vec![publish(post.id, When::Now)],
    };
    state.overlay = Some(Overlay::confirm(question, what));
    vec![]
}

/// A publish question was answered.
pub fn answered(state: &mut AppState, what: Confirmable, yes: bool) -> Vec<Effect> {
    match (what, yes) {
        (Confirmable::Unpublish(id, _), true) => vec![Effect::Write(WriteEffect::Unpublish(id))],
        (Confirmable::PublishEarly(id, _), true) => vec![publish(id, When::Now)],
        (Confirmable::Republish(id, _), yes) => vec![publish(id, if yes { When::FirstDate } else { When::Now })],
        (Confirmable::Unpublish(_, title), false) => {
            state.message = Some(format!("'{}' stays published", fit(&title, 40)));
            vec![]
        }
        (Confirmable::PublishEarly(_, title), false) => {
            state.message = Some(format!("'{}' keeps its schedule", fit(&title, 40)));
            vec![]
        }
        _ => vec![],
    }
}

fn publish(id: PostId, when: When) -> Effect {
    Effect::Write(WriteEffect::Publish(id, when))
}

/// A calendar date in the reader's zone.
fn date(state: &AppState, secs: i64) -> String {
    crate::app::article::local_date(secs, &state.tz, &state.settings.date_format)
}
