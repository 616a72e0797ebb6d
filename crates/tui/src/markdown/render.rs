//! The event walker: dispatches pulldown-cmark events and owns everything inline (styles, links, images).

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};
use ratatui::style::Style;

use super::links::Links;
use super::page::Page;
use super::table::Table;
use super::wrap::Inline;
use super::{MarkdownStyles, Rendered};
use byline_core::sanitize::{sanitize, sanitize_line};

/// A container block the walker is inside, innermost last; only what later decisions need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    Quote,
    List,
    Item,
    Other,
}

/// An open list: the next number (ordered lists) and whether its items are tight (no blank lines).
#[derive(Debug)]
pub(super) struct ListState {
    pub(super) next: Option<u64>,
    pub(super) tight: bool,
    /// The current item's marker, kept so a task marker can be added to it.
    pub(super) marker: String,
}

/// Text collected verbatim, laid out only when its block ends.
#[derive(Debug)]
pub(super) enum Raw {
    Code { lang: String, text: String },
    Html(String),
}

pub(super) struct Renderer<'s> {
    pub(super) styles: &'s MarkdownStyles,
    pub(super) page: Page,
    /// Inline content of the paragraph, heading, table cell or tight list item being read.
    pub(super) inline: Vec<Inline>,
    /// Styles of the open emphasis/strong/strike/link spans, patched in order over the base style.
    modifiers: Vec<Style>,
    pub(super) heading: Option<HeadingLevel>,
    pub(super) quote_depth: usize,
    pub(super) in_table_head: bool,
    pub(super) blocks: Vec<Block>,
    pub(super) lists: Vec<ListState>,
    pub(super) raw: Option<Raw>,
    pub(super) table: Option<Table>,
    links: Links,
    /// The code blocks laid out so far.
    pub(super) code: Vec<super::CodeBlock>,
    /// One entry per open link: its number, or `None` when it gets none.
    open_links: Vec<Option<usize>>,
    /// Alt text of the outermost open image; inline content inside an image only feeds this.
    alt: String,
    image_depth: usize,
    /// The outermost open picture's source.
    src: String,
    /// The paragraph being read: its one picture so far, and whether anything else (text,
    /// code, a second picture) is in it. A picture alone gets rows to be drawn in.
    pub(super) lone_image: Option<(String, String)>,
    pub(super) not_lone: bool,
    pub(super) images: Vec<super::ImageSpot>,
    /// Inside a metadata block (never enabled, but never shown either).
    skip_depth: usize,
}

impl<'s> Renderer<'s> {
    pub(super) fn new(width: usize, styles: &'s MarkdownStyles) -> Self {
        Self {
            styles,
            page: Page::new(width),
            inline: Vec::new(),
            modifiers: Vec::new(),
            heading: None,
            quote_depth: 0,
            in_table_head: false,
            blocks: Vec::new(),
            lists: Vec::new(),
            raw: None,
            table: None,
            links: Links::default(),
            code: Vec::new(),
            open_links: Vec::new(),
            alt: String::new(),
            image_depth: 0,
            src: String::new(),
            lone_image: None,
            not_lone: false,
            images: Vec::new(),
            skip_depth: 0,
        }
    }

    pub(super) fn event(&mut self, event: Event<'_>) {
        if self.skip_depth > 0 {
            match event {
                Event::Start(Tag::MetadataBlock(_)) => self.skip_depth += 1,
                Event::End(TagEnd::MetadataBlock(_)) => self.skip_depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, None),
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text, Some(self.styles.code_inline));
            }
            Event::Html(text) | Event::InlineHtml(text) => self.text(&text, Some(self.styles.muted)),
            Event::FootnoteReference(label) => {
                let style = self.current_style().patch(self.styles.link_ref);
                self.push_text(&format!("[^{}]", sanitize(&label)), style);
            }
            Event::SoftBreak => self.text(" ", None),
            Event::HardBreak if self.image_depth > 0 => self.alt.push(' '),
            Event::HardBreak => self.inline.push(Inline::Break),
            Event::Rule => self.rule(),
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::DefinitionListTitle => self.paragraph_start(),
            Tag::Heading { level, .. } => self.heading_start(level),
            Tag::BlockQuote(kind) => self.quote_start(kind),
            Tag::CodeBlock(kind) => self.code_start(kind),
            Tag::HtmlBlock => self.html_start(),
            Tag::List(first) => self.list_start(first),
            Tag::Item => self.item_start(),
            Tag::FootnoteDefinition(label) => self.footnote_start(&label),
            Tag::DefinitionListDefinition => self.indent_start(),
            Tag::DefinitionList => self.container_start(Block::Other),
            Tag::Table(aligns) => self.table_start(aligns),
            Tag::TableHead => self.in_table_head = true,
            Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.modifiers.push(self.styles.emphasis),
            Tag::Strong => self.modifiers.push(self.styles.strong),
            Tag::Strikethrough => self.modifiers.push(self.styles.strike),
            Tag::Superscript | Tag::Subscript => self.modifiers.push(Style::new()),
            Tag::Link { link_type, dest_url, .. } => self.link_start(link_type, &dest_url),
            Tag::Image { dest_url, .. } => {
                if self.image_depth == 0 {
                    self.alt.clear();
                    self.src = dest_url.into_string();
                }
                self.image_depth += 1;
            }
            Tag::MetadataBlock(_) => self.skip_depth = 1,
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.paragraph_end(true),
            TagEnd::DefinitionListTitle => self.paragraph_end(false),
            TagEnd::Heading(_) => self.heading_end(),
            TagEnd::BlockQuote(_) => self.quote_end(),
            TagEnd::CodeBlock => self.code_end(),
            TagEnd::HtmlBlock => self.html_end(),
            TagEnd::List(_) => self.list_end(),
            TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::DefinitionListDefinition => {
                self.container_end();
            }
            TagEnd::DefinitionList => self.container_end(),
            TagEnd::Table => self.table_end(),
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::TableRow => {}
            TagEnd::TableCell => self.cell_end(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                self.modifiers.pop();
            }
            TagEnd::Link => self.link_end(),
            TagEnd::Image => self.image_end(),
            TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Flushes what is still open and appends the links section.
    pub(super) fn finish(mut self) -> Rendered {
        self.flush_loose_text();
        self.links.render_section(&mut self.page, self.styles);
        Rendered { lines: self.page.into_lines(), links: self.links.into_urls(), code: self.code, images: self.images }
    }

    /// The style of text at this point: the block's base style with every open inline style over it.
    pub(super) fn current_style(&self) -> Style {
        let s = self.styles;
        let base = match self.heading {
            Some(level) => s.text.patch(s.heading[(level as usize).clamp(1, 3) - 1]),
            None if self.in_table_head => s.text.patch(s.table_header),
            None if self.quote_depth > 0 => s.text.patch(s.quote),
            None => s.text,
        };
        self.modifiers.iter().fold(base, |style, m| style.patch(*m))
    }

    /// Routes text: into a raw block verbatim, into image alt text, or sanitized into the inline buffer
    /// with the current style (`over` patched on top, for code and inline HTML).
    fn text(&mut self, text: &str, over: Option<Style>) {
        if let Some(Raw::Code { text: buf, .. } | Raw::Html(buf)) = &mut self.raw {
            buf.push_str(text);
        } else if self.image_depth > 0 {
            self.alt.push_str(text);
        } else {
            self.not_lone |= !text.trim().is_empty();
            let style = over.map_or(self.current_style(), |o| self.current_style().patch(o));
            self.push_text(&sanitize(text), style);
        }
    }

    /// Appends already sanitized text, merging with the previous run when the style matches.
    fn push_text(&mut self, text: &str, style: Style) {
        match self.inline.last_mut() {
            Some(Inline::Text(last, last_style)) if *last_style == style => last.push_str(text),
            _ => self.inline.push(Inline::Text(text.to_owned(), style)),
        }
    }

    fn link_start(&mut self, link_type: LinkType, dest: &str) {
        if self.image_depth > 0 || dest.is_empty() {
            self.modifiers.push(Style::new());
            self.open_links.push(None);
            return;
        }
        let url = match link_type {
            LinkType::Email if !dest.starts_with("mailto:") => format!("mailto:{dest}"),
            _ => dest.to_owned(),
        };
        let number = self.links.number(&sanitize_line(&url));
        self.modifiers.push(self.styles.link);
        self.open_links.push(Some(number));
    }

    fn link_end(&mut self) {
        self.modifiers.pop();
        if let Some(Some(number)) = self.open_links.pop() {
            let style = self.current_style().patch(self.styles.link_ref);
            self.push_text(&format!("[{number}]"), style);
        }
    }

    fn image_end(&mut self) {
        self.image_depth = self.image_depth.saturating_sub(1);
        if self.image_depth > 0 {
            return;
        }
        let alt = self.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if alt.is_empty() { "[image]".to_owned() } else { format!("[image: {alt}]") };
        let style = self.current_style().patch(self.styles.image);
        self.push_text(&sanitize(&label), style);
        let src = std::mem::take(&mut self.src);
        if self.lone_image.is_some() {
            self.not_lone = true;
        } else {
            self.lone_image = Some((src, alt));
        }
    }
}
