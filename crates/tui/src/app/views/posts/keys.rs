//! The posts view's keys: the reader's, and the editor's post actions.

use crossterm::event::KeyCode;

use crate::app::action::Action;
use crate::app::keymap::key::Key::{Char, Code, Ctrl};
use crate::app::keymap::key::{ALWAYS, Binding, Table, VIEWS, bind};

/// The reader's own keys (list and article).
const READER_KEYS: &[Binding] = &[
    bind(&[Char('j'), Code(KeyCode::Down)], Action::Down, "move down / scroll down", None),
    bind(&[Char('k'), Code(KeyCode::Up)], Action::Up, "move up / scroll up", None),
    bind(&[Code(KeyCode::PageDown), Char(' '), Ctrl('d')], Action::PageDown, "page down", None),
    bind(&[Code(KeyCode::PageUp), Ctrl('u')], Action::PageUp, "page up", None),
    bind(&[Char('g'), Code(KeyCode::Home)], Action::Top, "go to the top", None),
    bind(&[Char('G'), Code(KeyCode::End)], Action::Bottom, "go to the bottom", None),
    bind(&[Code(KeyCode::Enter)], Action::Open, "open the post (or the similar post)", Some("open")),
    bind(&[Code(KeyCode::Esc)], Action::Back, "go back / close", None),
    bind(&[Char('q')], Action::Quit, "go back; quit from the list", Some("quit")),
    bind(&[Code(KeyCode::Tab)], Action::FocusNext, "switch between list and article", None),
    bind(&[Char('/')], Action::SearchStart, "search posts, or the open article", Some("search")),
    bind(&[Char('t')], Action::PickTag, "filter by tag", Some("tag")),
    bind(&[Char('a')], Action::PickAuthor, "filter by author", Some("author")),
    bind(&[Char('u')], Action::ToggleUnreadOnly, "show unread only / all", Some("unread")),
    bind(&[Char('F')], Action::PickSource, "choose the source: own, feeds, all", None),
    bind(&[Char('R')], Action::RefreshFeeds, "refresh the followed feeds (a job)", None),
    bind(&[Char('v')], Action::FetchArticle, "fetch a followed item's full article", None),
    bind(&[Char('c')], Action::ClearFilters, "clear filters and search", None),
    bind(&[Char('m')], Action::ToggleRead, "mark read / unread", None),
    // Newsboat's `n` is the editor's "new post" here: next unread is the capital, as U and T.
    bind(&[Char('N')], Action::NextUnread, "open the next unread post", None),
    bind(&[Char(']')], Action::NextPost, "open the next post", None),
    bind(&[Char('[')], Action::PrevPost, "open the previous post", None),
    bind(&[Char('A')], Action::MarkAllRead, "mark all in this list read (asks)", None),
    bind(&[Char('s')], Action::Similar, "jump to similar posts", Some("similar")),
    bind(&[Char('o')], Action::OpenLink, "open a numbered link in the browser", None),
    bind(&[Char('n')], Action::New, "write a new post", Some("new")),
    bind(&[Char('e')], Action::Edit, "edit the post", None),
    bind(&[Char('p')], Action::Publish, "publish, or take down (asks first)", None),
    bind(&[Char('d')], Action::Delete, "delete the post (to the trash)", None),
    bind(&[Char('U')], Action::Undo, "undo the last delete", None),
    bind(&[Char('T')], Action::EditTags, "edit the post's tags", None),
    bind(&[Char('y')], Action::CopySlug, "copy the post's slug", None),
    bind(&[Char('B')], Action::EditBlog, "edit the blog's title and description", None),
    bind(&[Char('W')], Action::ExportSite, "export the website (a background job)", None),
    bind(&[Char('I')], Action::Import, "import posts (a background job)", None),
    bind(&[Char('M')], Action::SendNewsletter, "mail the post to subscribers (asks)", None),
    bind(&[Char('Y')], Action::CopyCode, "copy the code block on screen", None),
];

/// The posts view: the reader, and the editor's post actions.
pub const READER: Table = &[READER_KEYS, VIEWS, ALWAYS];

/// While a search inside the article is kept: `n` and `N` move between its matches, as in
/// less and vim (they write a new post and open the next unread again once Esc ends it).
const FIND_KEYS: &[Binding] = &[
    bind(&[Char('n')], Action::FindNext, "next match in the article", Some("next match")),
    bind(&[Char('N')], Action::FindPrev, "previous match in the article", Some("prev match")),
];

/// The posts view while a search inside the article is kept.
pub const FIND: Table = &[FIND_KEYS, READER_KEYS, VIEWS, ALWAYS];
