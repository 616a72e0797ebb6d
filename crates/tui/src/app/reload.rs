//! What each view re-reads after a write, by what the write touched.

use super::effect::{Effect, ReadEffect};
use super::msg::Reload;
use super::state::{AppState, View};
use super::views::{outbox, posts, subscribers, tags};

/// The effects that bring every view showing what `touched` names up to date. A view's data is
/// re-read wherever it shows the changed thing, not only in the view that made the change:
/// a post's tags appear in the posts list, in the open article's header and in the tags
/// view's counts, so a change to either side reloads both.
pub fn after(state: &mut AppState, touched: Reload) -> Vec<Effect> {
    match touched {
        // A post was published, trashed, restored or retagged: the list and the article show
        // it, and the tags view counts its tags (new ones may have been created). The counts
        // are re-read only once the view has read them: it reads them afresh when first shown,
        // and open forms read their completions when they open.
        Reload::Posts => {
            let mut effects = posts::window::reload(state);
            if !state.tags.items.is_empty() {
                effects.push(Effect::Read(ReadEffect::LoadTags));
            }
            effects
        }
        // A tag was renamed, merged or deleted: the posts carrying it changed too.
        Reload::Tags => {
            let mut effects = tags::update::reload();
            effects.extend(posts::window::reload(state));
            effects
        }
        // Subscribers show no post and no tag count; they re-read themselves and completions.
        Reload::Subscribers => subscribers::update::reload(state),
        // A send: the outbox view's counts, and the subscribers' last mail and bounces.
        Reload::Outbox => {
            let mut effects = outbox::update::reload(state);
            effects.extend(subscribers::update::reload(state));
            effects
        }
    }
}

/// Another program changed the database (`PRAGMA data_version` moved): the posts list is
/// re-read, and the tags view's counts or the subscribers list when on screen (each re-reads
/// itself when shown), so a sign-up on the web (`byline serve`) shows in an open subscribers view.
/// The open article is not: this also follows this program's own writes, such as the read
/// mark set on opening it, and laying a long article out again would cost every open.
pub fn changed_elsewhere(state: &mut AppState) -> Vec<Effect> {
    let mut effects = posts::window::data_changed(state);
    match state.view {
        View::Tags => effects.extend(tags::update::reload()),
        View::Subscribers => effects.extend(subscribers::update::reload(state)),
        View::Outbox => effects.extend(outbox::update::reload(state)),
        _ => {}
    }
    effects
}
