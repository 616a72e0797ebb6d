//! Choice fields in forms (a subscriber's status): the value cycles through the allowed ones
//! with Left/Right or Space instead of being typed, so it cannot be misspelt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::Field;

impl Field {
    /// Makes this a choice among `options` (its value should be one of them).
    pub fn cycling(mut self, options: &[&str]) -> Self {
        self.options = options.iter().map(|o| o.to_string()).collect();
        self
    }

    pub fn is_choice(&self) -> bool {
        !self.options.is_empty()
    }

    /// The next (or previous) allowed value, wrapping round.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.options.len();
        if n == 0 {
            return;
        }
        let value = self.value();
        let at = self.options.iter().position(|o| o.eq_ignore_ascii_case(&value));
        let next = match (at, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, _) => 0,
        };
        let chosen = self.options[next].clone();
        self.set(&chosen);
    }

    /// A key for a choice field: Right and Space go forward, Left back; nothing else edits
    /// it. True if the value changed.
    pub fn choice_key(&mut self, key: KeyEvent) -> bool {
        if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
            return false;
        }
        match key.code {
            KeyCode::Right | KeyCode::Char(' ') => self.cycle(true),
            KeyCode::Left => self.cycle(false),
            _ => return false,
        }
        self.options.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::FieldId;

    #[test]
    fn choices_cycle_both_ways_and_ignore_typing() {
        let mut f = Field::line(FieldId::Status, "active").cycling(&["active", "pending", "unsubscribed"]);
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert!(f.choice_key(key(KeyCode::Right)));
        assert_eq!(f.value(), "pending");
        assert!(f.choice_key(key(KeyCode::Char(' '))));
        assert_eq!(f.value(), "unsubscribed");
        assert!(f.choice_key(key(KeyCode::Right)));
        assert_eq!(f.value(), "active", "wraps round");
        assert!(f.choice_key(key(KeyCode::Left)));
        assert_eq!(f.value(), "unsubscribed");
        assert!(!f.choice_key(key(KeyCode::Char('x'))));
        assert!(!f.choice_key(key(KeyCode::Backspace)));
        assert_eq!(f.value(), "unsubscribed");
    }
}
