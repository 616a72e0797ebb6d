//! The compose view's keys; keys not listed edit the focused field.

use crossterm::event::KeyCode;

use crate::app::action::Action;
use crate::app::keymap::key::Key::{Code, Ctrl};
use crate::app::keymap::key::{Table, bind};

/// The compose pane; keys not listed edit the focused field.
pub const COMPOSE: Table = &[&[
    bind(&[Code(KeyCode::Tab)], Action::NextField, "complete, or next field", Some("next")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevField, "previous field", None),
    bind(&[Code(KeyCode::Enter)], Action::Submit, "next field (a new line in the body)", None),
    bind(&[Ctrl('s')], Action::Save, "save (a new post is saved as a draft)", Some("save")),
    bind(&[Ctrl('o')], Action::Publish, "save and publish (a live post stays live)", Some("publish")),
    bind(&[Ctrl('e')], Action::ExternalEditor, "edit the body in $EDITOR", Some("$EDITOR")),
    bind(&[Ctrl('p')], Action::TogglePreview, "show / hide the preview", Some("preview")),
    bind(&[Ctrl('z')], Action::Undo, "undo (Ctrl-R redoes)", None),
    bind(&[Code(KeyCode::Esc)], Action::Back, "leave (asks if unsaved)", Some("leave")),
    bind(&[Code(KeyCode::F(1))], Action::Help, "these keys, and the editing keys", Some("help")),
    bind(&[Ctrl('c')], Action::ForceQuit, "quit (the text is autosaved)", None),
]];

/// The field editor's own keys (ratatui-textarea's, less those the table above takes), listed
/// in compose's help: they are not bindings of the table, as the editor resolves them itself.
pub const EDITING: &[(&str, &str)] = &[
    ("Ctrl-U", "undo, as Ctrl-Z does"),
    ("Ctrl-R", "redo"),
    ("Shift-←→↑↓", "select text (Shift-Home, Shift-End too)"),
    ("Alt-W Alt-C", "copy the selection"),
    ("Ctrl-X", "cut the selection"),
    ("Ctrl-Y", "paste what was copied or cut"),
    ("terminal paste", "inserts the text as typed (Ctrl-Shift-V in most terminals)"),
    ("Ctrl-W Alt-⌫", "delete the word before the cursor"),
    ("Ctrl-K", "delete to the end of the line"),
    ("Alt-F Alt-B", "a word forward / back (Ctrl-→ Ctrl-← too)"),
    ("Home End", "start / end of the line"),
];
