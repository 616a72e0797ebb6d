//! What a view or an overlay answers the router: effects to run, and maybe an action for
//! another owner (a confirmed question, a filter chosen in a picker), so none calls another.

use super::action::Action;
use super::effect::Effect;

#[derive(Debug, Default)]
pub struct Reply {
    pub effects: Vec<Effect>,
    /// Routed next, as if the person had asked for it.
    pub then: Option<Action>,
}

impl Reply {
    pub fn then(action: Action) -> Self {
        Reply { effects: Vec::new(), then: Some(action) }
    }
}

impl From<Vec<Effect>> for Reply {
    fn from(effects: Vec<Effect>) -> Self {
        Reply { effects, then: None }
    }
}

impl From<Option<Effect>> for Reply {
    fn from(effect: Option<Effect>) -> Self {
        Reply { effects: effect.into_iter().collect(), then: None }
    }
}
