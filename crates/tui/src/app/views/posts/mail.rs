//! The mail key in the posts view: who would receive the post (counts by tag), a question,
//! then the send as a background job.

use byline_core::domain::{PostStatus, PostSummary};
use byline_core::ops::newsletter::Preview;
use byline_core::sanitize::sanitize_line;
use byline_core::text::fit;

use crate::app::action::Action;
use crate::app::effect::{Effect, ReadEffect};
use crate::app::keymap::{self, TableId};
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::state::{AppState, View};

/// The key on a post: only a published post is mailed; its recipients are counted first.
pub fn ask(state: &mut AppState, post: &PostSummary) -> Vec<Effect> {
    if post.status != PostStatus::Published {
        let publish = keymap::key_for(TableId::Reader, &Action::Publish);
        state.say(&format!(
            "only a published post is mailed: '{}' is {} ({publish} publishes)",
            fit(&post.title, 40),
            post.status.as_str()
        ));
        return vec![];
    }
    vec![Effect::Read(ReadEffect::LoadRecipients(post.id))]
}

/// The recipients arrived: ask, naming how many would get it and through which tags.
pub fn recipients(state: &mut AppState, preview: Preview, ready: Result<(), String>) {
    let title = fit(&sanitize_line(&preview.post.title), 40);
    let r = &preview.recipients;
    let outbox_key = keymap::key_for(TableId::Reader, &Action::ShowView(View::Outbox));
    if let Err(why) = ready {
        state.error(&format!("'{title}' would go to {} subscriber(s), but mail is not set up: {why}", r.total));
        return;
    }
    let question = match &preview.outbox {
        Some(c) if c.queued == 0 => {
            state.say(&format!(
                "'{title}' was mailed: {} sent, {} failed, {} unknown ({outbox_key} shows the outbox)",
                c.sent, c.failed, c.unknown
            ));
            return;
        }
        Some(c) => format!(
            "Resume mailing '{title}': {} of {} sent, {} left to send? {}",
            c.sent,
            c.total(),
            c.queued,
            keymap::yes_no("sends the rest", "waits")
        ),
        None if r.total == 0 => {
            state.say(&format!("no one would receive '{title}': no active subscriber follows its tags or everything"));
            return;
        }
        None => {
            // A subscriber may follow several of the post's tags: the counts overlap.
            let tags: Vec<String> =
                r.by_tag.iter().filter(|(_, n)| *n > 0).map(|(tag, n)| format!("{} {n}", sanitize_line(tag))).collect();
            let by_tag = if tags.is_empty() { String::new() } else { format!("; by tag: {}", tags.join(", ")) };
            let bouncing = if r.bouncing > 0 { format!("; {} bouncing left out", r.bouncing) } else { String::new() };
            format!(
                "Mail '{title}' to {} subscriber(s) ({} following everything{by_tag}{bouncing})? {}",
                r.total,
                r.everything,
                keymap::yes_no("sends", "does not")
            )
        }
    };
    let what =
        Confirmable::SendNewsletter { post: preview.post.id, title: preview.post.title.clone(), retry_unknown: false };
    state.overlay = Some(Overlay::confirm(question, what));
}
