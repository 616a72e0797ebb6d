//! Forms: labelled text fields (compose, subscriber, one-line prompts) with completion and
//! per-field errors. Fields are `ratatui-textarea` editors, so every field edits the same way.

use crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use byline_core::domain::{PostId, PostStatus};

/// What a form is for; decides its fields and what Save does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Compose {
        post_id: Option<PostId>,
        status: PostStatus,
    },
    SubscriberAdd,
    SubscriberEdit {
        email: String,
    },
    TagRename {
        from: String,
    },
    TagMerge {
        from: String,
    },
    PostTags {
        post_id: PostId,
    },
    ImportCsv,
    ExportCsv,
    /// Posts from a markdown folder or file, or byline's JSON.
    ImportPosts,
    /// The blog's title and description.
    Blog,
}

/// Which field a form has: code addresses fields by this, never by their label, so a label can
/// be reworded (or translated) without breaking validation, errors or completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Title,
    Slug,
    Author,
    Tags,
    Summary,
    Body,
    Email,
    Name,
    Status,
    /// A tag's new name.
    NewName,
    /// The tag another is merged into.
    Into,
    /// A file to import from or export to.
    Path,
    /// When to publish a post (compose): empty is now, a future time schedules.
    Schedule,
    /// The blog's description.
    Description,
}

impl FieldId {
    /// The text shown beside the field.
    pub const fn label(self) -> &'static str {
        match self {
            FieldId::Title => "Title",
            FieldId::Slug => "Slug",
            FieldId::Author => "Author",
            FieldId::Tags => "Tags",
            FieldId::Summary => "Summary",
            FieldId::Body => "Body",
            FieldId::Email => "Email",
            FieldId::Name => "Name",
            FieldId::Status => "Status",
            FieldId::NewName => "New name",
            FieldId::Into => "Into",
            FieldId::Path => "File",
            FieldId::Schedule => "Publish",
            FieldId::Description => "Description",
        }
    }
}

/// Lines for the editor such that joining them with '\n' gives the text back, final newline
/// included (`str::lines` would drop it, and every save would change the body).
fn split_lines(text: &str) -> Vec<String> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect()
}

/// No underlined cursor line and no coloured selection: the theme decides how fields look.
fn plain(mut input: TextArea<'static>) -> TextArea<'static> {
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.set_selection_style(ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::REVERSED));
    input
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    /// Display text only (`id.label()`).
    pub label: &'static str,
    pub input: TextArea<'static>,
    pub multiline: bool,
    pub error: Option<String>,
    /// Completion candidates; for comma lists, the last item completes.
    pub choices: Vec<String>,
    pub list: bool,
    /// The allowed values of a choice field (`choice.rs`); empty for free text.
    pub options: Vec<String>,
}

impl Field {
    pub fn line(id: FieldId, value: &str) -> Self {
        let mut input = plain(TextArea::new(vec![value.to_string()]));
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            id,
            label: id.label(),
            input,
            multiline: false,
            error: None,
            choices: Vec::new(),
            list: false,
            options: Vec::new(),
        }
    }

    pub fn text(id: FieldId, value: &str) -> Self {
        let mut input = plain(TextArea::new(split_lines(value)));
        input.set_wrap_mode(WrapMode::WordOrGlyph);
        Field {
            id,
            label: id.label(),
            input,
            multiline: true,
            error: None,
            choices: Vec::new(),
            list: false,
            options: Vec::new(),
        }
    }

    pub fn with_choices(mut self, choices: Vec<String>, list: bool) -> Self {
        self.choices = choices;
        self.list = list;
        self
    }

    /// The field's text (multi-line joined with newlines).
    pub fn value(&self) -> String {
        self.input.lines().join("\n")
    }

    /// The word being completed: the whole value, or the last comma-separated item of a list.
    fn partial(&self) -> String {
        let v = self.value();
        let part = if self.list { v.rsplit(',').next().unwrap_or("") } else { v.as_str() };
        part.trim_start().to_string()
    }

    /// Choices that extend what is typed (case-insensitive), at most `n`.
    pub fn suggestions(&self, n: usize) -> Vec<&str> {
        let partial = self.partial().to_lowercase();
        if partial.is_empty() {
            return Vec::new();
        }
        let taken: Vec<String> =
            if self.list { self.value().split(',').map(|t| t.trim().to_lowercase()).collect() } else { Vec::new() };
        self.choices
            .iter()
            .filter(|c| {
                let lc = c.to_lowercase();
                lc.starts_with(&partial) && lc != partial && !taken.contains(&lc)
            })
            .take(n)
            .map(String::as_str)
            .collect()
    }

    /// Completes the partial word with the first suggestion (a path, as a shell does: as far as
    /// every suggestion agrees). Returns false if there was none.
    pub fn complete(&mut self) -> bool {
        if self.id == FieldId::Path {
            let typed = self.value();
            let all: Vec<&str> = self.choices.iter().map(String::as_str).filter(|c| c.starts_with(&typed)).collect();
            let Some(first) = all.first() else { return false };
            let common = all.iter().map(|c| common_prefix(first, c)).min().unwrap_or(0);
            if common <= typed.len() {
                return false;
            }
            let done = first[..common].to_string();
            self.set(&done);
            return true;
        }
        let Some(choice) = self.suggestions(1).first().map(|s| s.to_string()) else { return false };
        let value = self.value();
        let new = if self.list {
            let head = value.rfind(',').map_or("", |i| &value[..=i]);
            let sep = if head.is_empty() { "" } else { " " };
            format!("{head}{sep}{choice}, ")
        } else {
            choice
        };
        self.set(&new);
        true
    }

    pub fn set(&mut self, value: &str) {
        let multiline = self.multiline;
        let lines = if multiline { split_lines(value) } else { vec![value.replace(['\r', '\n'], " ")] };
        let mut input = plain(TextArea::new(lines));
        if multiline {
            input.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        self.input = input;
    }
}

/// How many bytes `a` and `b` share at their start, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .map(|((i, x), _)| i + x.len_utf8())
        .last()
        .unwrap_or(0)
}

/// Fields compare by what a person sees: which field, its text and error (the editor's cursor
/// and undo history are not part of it).
impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.value() == other.value() && self.error == other.error
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message about the whole form (a failed save), shown above the fields.
    pub error: Option<String>,
    /// Bumped on every edit; compared with `saved` to know if there are unsaved changes.
    pub version: u64,
    pub saved: u64,
    pub autosaved: u64,
}

impl Form {
    pub fn new(kind: FormKind, title: impl Into<String>, fields: Vec<Field>) -> Self {
        Form { kind, title: title.into(), fields, focus: 0, error: None, version: 0, saved: 0, autosaved: 0 }
    }

    pub fn dirty(&self) -> bool {
        self.version != self.saved
    }

    pub fn field(&self, id: FieldId) -> String {
        self.fields.iter().find(|f| f.id == id).map(Field::value).unwrap_or_default()
    }

    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn next(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
    }

    /// Hands a key to the focused field's editor. Enter in a one-line field is not text.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else { return false };
        let changed = if field.is_choice() { field.choice_key(key) } else { field.input.input(key) };
        if changed {
            field.error = None;
            self.error = None;
            self.version += 1;
        }
        changed
    }

    /// Inserts pasted text into the focused field (newlines, tabs and other control characters
    /// become spaces in one-line fields, which cannot otherwise hold them).
    pub fn paste(&mut self, text: &str) {
        let Some(field) = self.fields.get_mut(self.focus) else { return };
        if field.is_choice() {
            return;
        }
        let text = if field.multiline {
            text.replace("\r\n", "\n")
        } else {
            text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
        };
        if field.input.insert_str(text) {
            field.error = None;
            self.version += 1;
        }
    }

    pub fn set_error(&mut self, id: FieldId, message: String) {
        match self.fields.iter().position(|f| f.id == id) {
            Some(i) => {
                self.fields[i].error = Some(message);
                self.focus = i;
            }
            None => self.error = Some(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_fields_complete_the_last_item() {
        let mut f = Field::line(FieldId::Tags, "servers, perf")
            .with_choices(vec!["performance".into(), "servers".into()], true);
        assert_eq!(f.suggestions(5), ["performance"]);
        assert!(f.complete());
        assert_eq!(f.value(), "servers, performance, ");
        assert!(!f.complete(), "nothing left to complete");
    }

    #[test]
    fn already_chosen_items_are_not_suggested() {
        let f = Field::line(FieldId::Tags, "servers, s").with_choices(vec!["servers".into(), "seo".into()], true);
        assert_eq!(f.suggestions(5), ["seo"]);
    }

    #[test]
    fn bodies_keep_their_final_newline() {
        for body in ["", "one line", "ends\nwith newline\n", "two\n\nblank lines\n\n"] {
            assert_eq!(Field::text(FieldId::Body, body).value(), body);
            let mut f = Field::text(FieldId::Body, "x");
            f.set(body);
            assert_eq!(f.value(), body);
        }
    }

    #[test]
    fn single_values_complete_whole() {
        let mut f = Field::line(FieldId::Author, "el").with_choices(vec!["Elena Marsh".into()], false);
        assert!(f.complete());
        assert_eq!(f.value(), "Elena Marsh");
    }
}
