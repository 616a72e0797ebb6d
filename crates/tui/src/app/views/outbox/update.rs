//! Keys and answers for the outbox view, and the send every face of the TUI starts (the posts
//! view's mail key, this view's retry keys) once its question is answered.

use byline_core::domain::PostId;
use byline_core::ops::newsletter::SendStatus;
use byline_core::store::outbox::Problem;
use byline_core::text::fit;

use crate::app::action::Action;
use crate::app::effect::{Effect, JobEffect, ReadEffect};
use crate::app::keymap;
use crate::app::overlays::state::{Confirmable, Overlay};
use crate::app::reply::Reply;
use crate::app::state::{AppState, View};

fn load(state: &AppState) -> Effect {
    Effect::Read(ReadEffect::LoadOutbox { selected: state.outbox.selected_send().map(|s| s.post_id) })
}

/// Switching to the view: the sends are read afresh.
pub fn show(state: &mut AppState) -> Vec<Effect> {
    state.outbox.loading = true;
    vec![load(state)]
}

/// After a send, or another program's write: re-read when on screen (the view re-reads itself
/// when shown).
pub fn reload(state: &AppState) -> Vec<Effect> {
    if state.view == View::Outbox { vec![load(state)] } else { vec![] }
}

/// The sends arrived: the selection stays on the same send when it is still listed.
pub fn loaded(state: &mut AppState, sends: Vec<SendStatus>, problems_of: Option<PostId>, problems: Vec<Problem>) {
    let o = &mut state.outbox;
    let before = o.selected_send().map(|s| s.post_id);
    o.selected = before
        .and_then(|id| sends.iter().position(|s| s.post_id == id))
        .unwrap_or(o.selected)
        .min(sends.len().saturating_sub(1));
    o.sends = sends;
    o.loading = false;
    if problems_of.is_some() && problems_of == o.selected_send().map(|s| s.post_id) {
        o.problems_of = problems_of;
        o.problems = problems;
    }
}

pub fn act(state: &mut AppState, action: Action) -> Reply {
    let page = usize::from(state.layout.list.height.saturating_sub(3) / 2).max(1);
    if let Some(sel) = action.moved(state.outbox.selected, state.outbox.sends.len(), page) {
        if sel == state.outbox.selected {
            return Reply::default();
        }
        state.outbox.selected = sel;
        return vec![load(state)].into();
    }
    let Some(send) = state.outbox.selected_send().cloned() else {
        if matches!(action, Action::Retry | Action::RetryUnknown) {
            state.say("nothing was mailed yet");
        }
        return Reply::default();
    };
    let title = fit(&send.title, 40);
    if matches!(action, Action::Retry | Action::RetryUnknown)
        && let Some(pid) = send.running
    {
        state.say(&format!("'{title}' is being sent now (process {pid})"));
        return Reply::default();
    }
    match action {
        Action::Retry => {
            let c = &send.counts;
            if c.queued == 0 {
                let unknown = keymap::key_for(keymap::TableId::Outbox, &Action::RetryUnknown);
                let hint = if c.unknown > 0 { format!("; {unknown} sends the unknown ones") } else { String::new() };
                state.say(&format!("nothing of '{title}' is left to send{hint}"));
                return Reply::default();
            }
            send_now(send.post_id, send.title, false).into()
        }
        Action::RetryUnknown => {
            let n = send.counts.unknown;
            if n == 0 {
                state.say(&format!("no message of '{title}' has an unknown fate"));
                return Reply::default();
            }
            let q = format!(
                "Send again {n} message(s) of '{title}' that were in flight when a run stopped? The server may \
                 have them already: those readers would get it twice. {}",
                keymap::yes_no("sends", "leaves them")
            );
            let what = Confirmable::SendNewsletter { post: send.post_id, title: send.title, retry_unknown: true };
            state.overlay = Some(Overlay::confirm(q, what));
            Reply::default()
        }
        _ => Reply::default(),
    }
}

/// The background job that sends (or resumes) a post's newsletter.
pub fn send_now(post: PostId, title: String, retry_unknown: bool) -> Vec<Effect> {
    vec![Effect::Job(JobEffect::SendNewsletter { post, title, retry_unknown })]
}
