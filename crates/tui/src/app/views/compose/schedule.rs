//! The compose pane's publish field: its text, validation as typed, the status beside it, and what Ctrl-O does with it.

use byline_core::domain::{PostStatus, time};
use jiff::tz::TimeZone;

use crate::app::action::Action;
use crate::app::effect::When;
use crate::app::form::{FieldId, Form, FormKind};
use crate::app::keymap::{self, TableId};
use crate::app::state::AppState;

use super::state::Compose;

/// A time as the field shows it, in the reader's zone ("2026-12-01 09:30").
pub fn field_text(secs: i64, tz: &TimeZone) -> String {
    time::from_secs(secs).to_zoned_datetime(tz.clone()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// The field's time: None when empty (publish now), or why it is not a date.
pub fn parse(text: &str, tz: &TimeZone) -> Result<Option<i64>, String> {
    match text.trim() {
        "" => Ok(None),
        t => time::parse_user_datetime_in(t, tz).map(|ts| Some(ts.as_second())).map_err(|e| e.to_string()),
    }
}

/// Marks the publish field as it is typed: an impossible or unreadable date is said at once.
pub fn validate(form: &mut Form, tz: &TimeZone) {
    let text = form.field(FieldId::Schedule);
    let error = parse(&text, tz).err();
    if let Some(f) = form.field_mut(FieldId::Schedule) {
        f.error = error;
    }
}

/// What saving does with the post's status: the publish key (`publish`) publishes a draft (now,
/// or at the typed time) and keeps a live post live; a scheduled post keeps its schedule unless
/// the field changed it. Saving alone reschedules a scheduled post but never publishes a draft.
pub fn when(status: PostStatus, at: Option<i64>, publish: bool) -> Result<Option<When>, String> {
    match (status, at, publish) {
        (PostStatus::Published, Some(_), _) => {
            let p = keymap::key_for(TableId::Reader, &Action::Publish);
            Err(format!("the post is live: take it down with {p} in the list to date it again"))
        }
        (PostStatus::Published, None, _) | (PostStatus::Draft, _, false) | (PostStatus::Scheduled, None, false) => {
            Ok(None)
        }
        (_, Some(at), _) => Ok(Some(When::At(at))),
        (_, None, true) => Ok(Some(When::Now)),
    }
}

/// Beside the publish field: where the post stands and what the publish key will do.
pub fn status_note(compose: &Compose, state: &AppState) -> String {
    let FormKind::Compose { status, .. } = compose.form.kind else { return String::new() };
    let publish = keymap::key_for(TableId::Compose, &Action::Publish);
    let zone = state.tz.iana_name().unwrap_or("local time").to_string();
    let shown = |at: i64| time::shown_in(at, &state.tz);
    let typed = parse(&compose.form.field(FieldId::Schedule), &state.tz).ok().flatten();
    match (status, typed, compose.published_at) {
        (PostStatus::Published, _, Some(at)) => format!("published {} · stays live", shown(at)),
        (PostStatus::Published, ..) => "published · stays live".into(),
        (_, Some(at), _) if at > state.now => format!("{} · {publish} schedules it for {}", status.as_str(), shown(at)),
        (_, Some(at), _) => format!("{} · {publish} publishes it dated {}", status.as_str(), shown(at)),
        (_, None, _) => format!("{} · {publish} publishes now; a date here ({zone}) schedules", status.as_str()),
    }
}
