//! The blog's title and description, edited in a small form from the posts view: read from the
//! store when the key is pressed (so the form starts from what is stored), saved in one write.

use crate::app::effect::{Effect, WriteEffect};
use crate::app::form::{Field, FieldId, Form, FormKind};
use crate::app::overlays::form;
use crate::app::overlays::state::Overlay;
use crate::app::state::AppState;

/// The stored title and description arrived: open the form with them.
pub fn loaded(state: &mut AppState, title: &str, description: &str) -> Vec<Effect> {
    let fields = vec![Field::line(FieldId::Title, title), Field::line(FieldId::Description, description)];
    form::open(state, Form::new(FormKind::Blog, "The blog", fields))
}

/// The write for the submitted form; the store trims both, and either may be empty.
pub fn write(form: &Form) -> Effect {
    Effect::Write(WriteEffect::SetBlog {
        title: form.field(FieldId::Title),
        description: form.field(FieldId::Description),
    })
}

/// Saved: the header shows the new title at once, and the form closes.
pub fn saved(state: &mut AppState, title: String) {
    if matches!(&state.overlay, Some(Overlay::Form(f)) if f.kind == FormKind::Blog) {
        state.overlay = None;
    }
    state.blog_title = title;
    state.say("saved the blog's title and description");
}
