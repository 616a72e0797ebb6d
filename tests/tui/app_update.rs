//! `update` tests: each feeds messages to the reader and asserts both the state it leaves and the
//! effects it asks the runtime for. The runtime is played by a fake blog of generated posts
//! (enough rows that paging crosses windows) and, where realism matters, the sample blog.

use crate::common::app::{
    FakeBlog, SampleBlog, code, ctrl, drive, drive_all, key, release, render, start, state, typed,
};
use byline::app::{
    self, Action, AppState, CHUNK, Effect, Focus, JobEffect, ListMode, Msg, Overlay, Picker, PickerKind, ReadEffect,
    SEARCH_LIMIT, SystemEffect, WindowRequest, WriteEffect, update,
};
use byline::domain::PostId;
use byline::store::ListFilter;
use crossterm::event::KeyCode;

fn window(generation: u64, filter: ListFilter, request: WindowRequest) -> Effect {
    Effect::Read(ReadEffect::LoadWindow { generation, filter, request, limit: CHUNK })
}

fn top(generation: u64) -> Effect {
    window(generation, ListFilter::default(), WindowRequest::Top)
}

/// The reader over 1,000 fake posts at this size, first window loaded.
fn reader(width: u16, height: u16) -> (AppState, FakeBlog) {
    let mut blog = FakeBlog::new(1000);
    let mut s = state("Fake", width, height);
    start(&mut s, &mut blog, None);
    (s, blog)
}

/// The key of fake post `i` in the list order, as window requests name it.
fn key_of(blog: &FakeBlog, i: usize) -> (i64, PostId) {
    let p = blog.summary(i);
    (p.shown_at(), p.id)
}

/// Every loaded row is the fake post at its absolute index: no gaps, no repeats.
fn assert_rows_contiguous(s: &AppState, blog: &FakeBlog) {
    for (k, row) in s.posts.list.rows.iter().enumerate() {
        assert_eq!(
            row.post.id,
            blog.posts[s.posts.list.offset + k].meta.id,
            "row {k} of the window at {}",
            s.posts.list.offset
        );
    }
}

fn selected_id(s: &AppState) -> PostId {
    s.posts.list.selected_id().expect("a selected row")
}

// ---------------------------------------------------------------------------------------------
// Starting

#[test]
fn init_asks_for_the_newest_rows_without_a_saved_position() {
    let mut s = state("Fake", 80, 24);
    assert_eq!(app::init(&mut s, None), vec![top(1)]);
    assert!(s.posts.list.loading && s.posts.list.rows.is_empty());

    let mut blog = FakeBlog::new(1000);
    for effect in app::init(&mut s, None) {
        let msg = blog.answer(&effect).expect("a window");
        assert_eq!(update(&mut s, msg), vec![], "narrow: no preview to load");
    }
    assert_eq!(
        (s.posts.list.selected, s.posts.list.offset, s.posts.list.rows.len(), s.posts.list.total),
        (0, 0, CHUNK, 1000)
    );
    assert!(!s.posts.list.loading);
}

#[test]
fn init_restores_the_last_position_around_the_last_post() {
    let mut blog = FakeBlog::new(1000);
    let last = blog.posts[500].meta.id;
    let mut s = state("Fake", 80, 24);
    let effects = app::init(&mut s, Some(last));
    assert_eq!(effects, vec![window(1, ListFilter::default(), WindowRequest::Around(last))]);

    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut s, msg), vec![]);
    assert_eq!(selected_id(&s), last);
    assert_eq!(s.posts.list.selected, 500);
    assert_eq!(s.posts.list.offset, 500 - app::CHUNK_HALF);
    assert_eq!(s.posts.list.rows.len(), 2 * app::CHUNK_HALF + 1);
    assert_eq!(s.posts.list.top, 491, "the selection is the last visible row of 10");
    assert_rows_contiguous(&s, &blog);

    // On a wide screen the article pane follows the restored selection at once.
    let mut wide = state("Fake", 120, 35);
    let effects = app::init(&mut wide, Some(last));
    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut wide, msg), vec![Effect::Read(ReadEffect::LoadArticle(last))]);
}

#[test]
fn a_saved_post_that_is_gone_falls_back_to_the_top() {
    let mut blog = FakeBlog::new(50);
    let mut s = state("Fake", 80, 24);
    start(&mut s, &mut blog, Some(PostId(9999)));
    assert_eq!((s.posts.list.selected, s.posts.list.total), (0, 50));
    assert_eq!(selected_id(&s), blog.posts[0].meta.id);
}

// ---------------------------------------------------------------------------------------------
// Moving through the list

#[test]
fn j_and_k_and_the_arrows_move_the_selection_one_row() {
    let (mut s, _blog) = reader(80, 24);
    assert_eq!(update(&mut s, key('j')), vec![]);
    assert_eq!(s.posts.list.selected, 1);
    assert_eq!(update(&mut s, code(KeyCode::Down)), vec![]);
    assert_eq!(s.posts.list.selected, 2);
    assert_eq!(update(&mut s, key('k')), vec![]);
    assert_eq!(update(&mut s, code(KeyCode::Up)), vec![]);
    assert_eq!(s.posts.list.selected, 0);
    assert_eq!(update(&mut s, key('k')), vec![], "nothing above the first post");
    assert_eq!((s.posts.list.selected, s.posts.list.top), (0, 0));
}

#[test]
fn paging_near_the_end_of_the_window_asks_for_older_rows_ahead_of_time() {
    let (mut s, mut blog) = reader(80, 24);
    assert_eq!(s.visible_rows(), 10);
    for n in 1..10 {
        assert_eq!(update(&mut s, code(KeyCode::PageDown)), vec![], "page {n}");
    }
    assert_eq!((s.posts.list.selected, s.posts.list.top), (90, 81));
    // Two pages of margin left in the 120 loaded rows: fetch the next ones.
    let effects = update(&mut s, key(' '));
    let (t, id) = key_of(&blog, CHUNK - 1);
    assert_eq!(effects, vec![window(1, ListFilter::default(), WindowRequest::Older(t, id))]);
    assert_eq!((s.posts.list.selected, s.posts.list.top), (100, 91), "the selection moves without waiting");

    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut s, msg), vec![]);
    assert_eq!((s.posts.list.offset, s.posts.list.rows.len(), s.posts.list.selected), (0, 2 * CHUNK, 100));
    assert_rows_contiguous(&s, &blog);
}

#[test]
fn a_page_past_the_loaded_rows_waits_for_them_then_lands() {
    let mut blog = FakeBlog::new(1000);
    let mut s = state("Fake", 80, 24);
    start(&mut s, &mut blog, None);
    // Jump well inside the window first, then page past its end in one go.
    s.posts.list.selected = CHUNK - 5;
    let effects = update(&mut s, code(KeyCode::PageDown));
    let (t, id) = key_of(&blog, CHUNK - 1);
    assert_eq!(effects, vec![window(1, ListFilter::default(), WindowRequest::Older(t, id))]);
    assert_eq!(s.posts.list.pending_select, Some(CHUNK + 5));
    assert_eq!(s.posts.list.selected, CHUNK - 5, "the selection waits for its row");

    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut s, msg), vec![]);
    assert_eq!((s.posts.list.selected, s.posts.list.pending_select), (CHUNK + 5, None));
    assert_eq!(s.posts.list.selected_row().expect("loaded").post.title, format!("Post {:04}", CHUNK + 5));
}

#[test]
fn two_keys_before_a_window_arrives_do_not_duplicate_rows() {
    // The runtime drains every queued key before the windows they asked for come back, so a
    // held `j` near the edge asks for the same older rows twice; the second answer must not be
    // appended again.
    let (mut s, mut blog) = reader(80, 24);
    s.posts.list.selected = 99;
    let first = update(&mut s, key('j'));
    let second = update(&mut s, key('j'));
    assert_eq!(s.posts.list.selected, 101);
    for effect in first.iter().chain(&second) {
        let msg = blog.answer(effect).expect("a window");
        update(&mut s, msg);
    }
    assert_eq!(s.posts.list.rows.len(), 2 * CHUNK);
    assert_rows_contiguous(&s, &blog);
    assert_eq!(s.posts.list.selected_row().expect("loaded").post.title, "Post 0101");
}

#[test]
fn big_g_jumps_to_the_bottom_and_g_back_to_the_top() {
    let (mut s, mut blog) = reader(80, 24);
    let effects = update(&mut s, key('G'));
    assert_eq!(effects, vec![window(1, ListFilter::default(), WindowRequest::Bottom)]);
    assert_eq!((s.posts.list.selected, s.posts.list.pending_select), (0, Some(999)));

    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut s, msg), vec![]);
    assert_eq!((s.posts.list.offset, s.posts.list.selected, s.posts.list.top), (1000 - CHUNK, 999, 990));
    assert_eq!(s.posts.list.selected_row().expect("loaded").post.title, "Post 0999");
    assert_rows_contiguous(&s, &blog);
    assert_eq!(update(&mut s, key('j')), vec![], "nothing below the last post");
    assert_eq!(s.posts.list.selected, 999);

    let effects = update(&mut s, key('g'));
    assert_eq!(effects, vec![top(1)]);
    let msg = blog.answer(&effects[0]).expect("a window");
    assert_eq!(update(&mut s, msg), vec![]);
    assert_eq!((s.posts.list.offset, s.posts.list.selected, s.posts.list.top), (0, 0, 0));

    // End and Home do the same.
    drive(&mut s, &mut blog, code(KeyCode::End));
    assert_eq!(s.posts.list.selected, 999);
    drive(&mut s, &mut blog, code(KeyCode::Home));
    assert_eq!(s.posts.list.selected, 0);
}

#[test]
fn the_window_stays_capped_and_contiguous_while_paging_down_and_back_up() {
    let (mut s, mut blog) = reader(80, 24);
    for _ in 0..60 {
        drive(&mut s, &mut blog, code(KeyCode::PageDown));
        assert!(s.posts.list.rows.len() <= 4 * CHUNK, "{} rows held", s.posts.list.rows.len());
        assert_rows_contiguous(&s, &blog);
    }
    assert_eq!(s.posts.list.selected, 600);
    assert!(s.posts.list.offset > 0, "rows far above were dropped");
    assert_eq!(selected_id(&s), blog.posts[600].meta.id);
    for _ in 0..60 {
        drive(&mut s, &mut blog, code(KeyCode::PageUp));
        assert!(s.posts.list.rows.len() <= 4 * CHUNK, "{} rows held", s.posts.list.rows.len());
        assert_rows_contiguous(&s, &blog);
    }
    assert_eq!((s.posts.list.selected, s.posts.list.offset, s.posts.list.top), (0, 0, 0));
}

// ---------------------------------------------------------------------------------------------
// Opening and going back

#[test]
fn enter_opens_the_selected_post_and_marks_it_read() {
    let (mut s, mut blog) = reader(80, 24);
    update(&mut s, key('j'));
    let id = blog.posts[1].meta.id;
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Read(ReadEffect::LoadArticle(id)), Effect::Write(WriteEffect::MarkRead(id, true))]
    );
    assert_eq!(s.posts.focus, Focus::Article);
    assert!(s.posts.list.selected_row().expect("row").read);

    let msg = blog.answer(&effects[0]).expect("an article");
    assert_eq!(update(&mut s, msg), vec![]);
    let a = s.posts.article.as_ref().expect("open");
    assert_eq!((a.post.meta.id, a.width, a.scroll), (id, 76, 0));
    assert_eq!(a.links, ["https://example.com/1/docs", "https://example.com/1/src"]);
    assert_eq!(a.related.iter().map(|r| r.id).collect::<Vec<_>>(), [PostId(3), PostId(4), PostId(5)]);
    assert!(a.lines.iter().all(|l| l.width() <= 76));

    // Back to the list, and open it again: already loaded, only marked read again.
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert_eq!(s.posts.focus, Focus::List);
    assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![Effect::Write(WriteEffect::MarkRead(id, true))]);
    assert_eq!(s.posts.focus, Focus::Article);
}

#[test]
fn m_toggles_read_on_the_selected_row() {
    let (mut s, _blog) = reader(80, 24);
    let id = selected_id(&s);
    assert_eq!(update(&mut s, key('m')), vec![Effect::Write(WriteEffect::MarkRead(id, true))]);
    assert!(s.posts.list.rows[0].read);
    assert_eq!(s.message.as_deref(), Some("marked read"));
    assert_eq!(update(&mut s, key('m')), vec![Effect::Write(WriteEffect::MarkRead(id, false))]);
    assert!(!s.posts.list.rows[0].read);
    assert_eq!(s.message.as_deref(), Some("marked unread"));
}

#[test]
fn esc_and_q_go_back_one_level_and_q_at_the_top_quits() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('j'), code(KeyCode::Enter)]);
    assert_eq!(s.posts.focus, Focus::Article);

    assert_eq!(update(&mut s, key('q')), vec![], "q leaves the article first");
    assert_eq!(s.posts.focus, Focus::List);
    assert!(!s.quit);
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![], "Esc never quits");
    assert!(!s.quit);

    // Quitting saves the selection and how far the open article was scrolled.
    let id = blog.posts[1].meta.id;
    assert_eq!(
        update(&mut s, key('q')),
        vec![
            Effect::Write(WriteEffect::SaveArticleScroll(id, 0)),
            Effect::Write(WriteEffect::SavePosition(Some(id))),
            Effect::Quit
        ]
    );
    assert!(s.quit);
}

#[test]
fn ctrl_c_quits_from_anywhere_saving_the_browsing_position() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('j'), key('j'), code(KeyCode::Enter)]);
    let id = blog.posts[2].meta.id;
    assert_eq!(
        update(&mut s, ctrl('c')),
        vec![
            Effect::Write(WriteEffect::SaveArticleScroll(id, 0)),
            Effect::Write(WriteEffect::SavePosition(Some(id))),
            Effect::Quit
        ]
    );

    // In the search box, with results replacing the list: the position saved is the list's.
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('j'), key('j'), key('/')]);
    drive_all(&mut s, &mut blog, typed("post 09"));
    assert!(matches!(s.posts.list.mode, ListMode::Results { .. }));
    assert_eq!(update(&mut s, ctrl('c')), vec![Effect::Write(WriteEffect::SavePosition(Some(id))), Effect::Quit]);
    assert!(s.quit);
}

#[test]
fn key_releases_are_ignored() {
    let (mut s, _blog) = reader(80, 24);
    assert_eq!(update(&mut s, release('j')), vec![]);
    assert_eq!(s.posts.list.selected, 0);
    assert_eq!(update(&mut s, release('q')), vec![]);
    assert!(!s.quit);
    assert_eq!(update(&mut s, key('j')), vec![]);
    assert_eq!(s.posts.list.selected, 1, "the press still counts");
}

#[test]
fn the_help_opens_with_a_question_mark_scrolls_with_j_and_other_keys_close_it() {
    let (mut s, _blog) = reader(80, 24);
    assert_eq!(update(&mut s, key('?')), vec![]);
    assert_eq!(s.overlay, Some(Overlay::Help));
    // At 80x24 the reader's keys are more than a screenful: j scrolls them.
    assert_eq!(update(&mut s, key('j')), vec![]);
    assert_eq!((s.overlay.clone(), s.help_scroll), (Some(Overlay::Help), 1));
    assert_eq!(update(&mut s, key('e')), vec![]);
    assert_eq!(s.overlay, None);
    assert!(s.compose.is_none() && s.posts.list.selected == 0, "the key only closed the help");
}

// ---------------------------------------------------------------------------------------------
// Search

#[test]
fn search_as_you_type_replaces_the_list_and_drops_stale_answers() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('j'), key('j')]);
    let browsing = s.posts.list.clone();

    assert_eq!(update(&mut s, key('/')), vec![]);
    assert_eq!(s.posts.saved_list.as_ref(), Some(&browsing));
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("type to search titles, then text"));

    // Every keystroke searches, from the first letter, for the first page.
    let searches: Vec<Effect> = ['p', 'o', 's', 't'].into_iter().flat_map(|c| update(&mut s, key(c))).collect();
    let ids: Vec<u64> = searches
        .iter()
        .map(|e| match e {
            Effect::Job(JobEffect::Search { id, .. }) => *id,
            other => panic!("expected a search, got {other:?}"),
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids increase: {ids:?}");
    let search = |id, query: &str| Effect::Job(JobEffect::Search { id, query: query.into(), offset: 0 });
    assert_eq!(
        searches,
        vec![search(ids[0], "p"), search(ids[1], "po"), search(ids[2], "pos"), search(ids[3], "post")]
    );
    assert_eq!(s.posts.search_pending, Some(ids[3]));
    assert_eq!(s.posts.search.as_ref().map(|x| x.input.as_str()), Some("post"));

    // An answer to an older keystroke arrives late: dropped.
    assert_eq!(update(&mut s, blog.search(ids[2], "pos", 0)), vec![]);
    assert_eq!(s.posts.list, browsing);
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("searching…"));

    // The current one replaces the list with its first page, and says how many there are.
    assert_eq!(update(&mut s, blog.search(ids[3], "post", 0)), vec![]);
    assert_eq!(s.posts.list.mode, ListMode::Results { query: "post".into() });
    assert_eq!((s.posts.list.rows.len(), s.posts.list.total, s.posts.list.selected), (SEARCH_LIMIT, SEARCH_LIMIT, 0));
    assert!(s.posts.list.rows.iter().all(|r| r.snippet.is_some()));
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("30 of 1,000"));
    assert_eq!(s.posts.search_pending, None);
    assert_eq!(update(&mut s, blog.search(ids[0], "p", 0)), vec![], "older still: dropped");
    assert_eq!(s.posts.list.mode, ListMode::Results { query: "post".into() });

    // Down moves in the results while typing.
    assert_eq!(update(&mut s, code(KeyCode::Down)), vec![]);
    assert_eq!(s.posts.list.selected, 1);

    // Enter keeps the results as they are: the box closes, no new query runs.
    let shown = s.posts.list.clone();
    assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![]);
    assert!(s.posts.search.is_none());
    assert_eq!(s.posts.list, shown);

    // Esc brings the browsing list back exactly as it was.
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert_eq!(s.posts.list, browsing);
    assert_eq!(s.posts.saved_list, None);
}

#[test]
fn the_previous_results_stay_on_screen_while_the_next_query_runs() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('/'), key('p'), key('o')]);
    let shown = s.posts.list.clone();
    assert!(matches!(shown.mode, ListMode::Results { .. }) && !shown.rows.is_empty());
    // Keys whose answers have not arrived yet: the rows stay, only the hint says a search runs.
    for c in ['s', 't', ' '] {
        assert!(matches!(update(&mut s, key(c))[..], [Effect::Job(JobEffect::Search { .. })]));
        assert_eq!(s.posts.list, shown, "no empty list between keystrokes");
    }
    let screen = render(&s);
    assert!(!screen.contains("No posts match"), "{screen}");
    assert!(screen.contains(&shown.rows[0].post.title), "{screen}");
    assert!(screen.contains("searching…"), "{screen}");
}

#[test]
fn results_say_n_of_m_and_page_in_more_as_the_selection_reaches_the_end() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('/')]);
    drive_all(&mut s, &mut blog, typed("post"));
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    assert_eq!(s.posts.list.rows.len(), SEARCH_LIMIT);
    let screen = render(&s);
    assert!(screen.contains("Results 1 · 30 of 1,000"), "{screen}");

    // Down to near the end of the page: the next page is asked for and appended.
    let mut asked = Vec::new();
    for _ in 0..SEARCH_LIMIT - 1 {
        asked.extend(drive(&mut s, &mut blog, key('j')));
    }
    let pages: Vec<usize> = asked
        .iter()
        .filter_map(|e| match e {
            Effect::Job(JobEffect::Search { offset, .. }) => Some(*offset),
            _ => None,
        })
        .collect();
    assert_eq!(pages, [SEARCH_LIMIT], "one request per page, from where the rows end");
    assert_eq!(s.posts.list.rows.len(), 2 * SEARCH_LIMIT);
    assert_eq!(s.posts.list.selected, SEARCH_LIMIT - 1);
    let next = format!("Post {SEARCH_LIMIT:04}");
    assert_eq!(s.posts.list.rows[SEARCH_LIMIT].post.title, next, "the page after, in order");
    let screen = render(&s);
    let label = format!("Results {SEARCH_LIMIT} · {} of 1,000", 2 * SEARCH_LIMIT);
    assert!(screen.contains(&label), "{screen}");

    // G goes to the last loaded row and loads on; all 1,000 are reachable.
    for _ in 0..40 {
        drive(&mut s, &mut blog, key('G'));
    }
    assert_eq!(s.posts.list.rows.len(), 1000);
    assert_eq!(s.posts.list.selected_row().map(|r| r.post.title.as_str()), Some("Post 0999"));
}

#[test]
fn deleting_the_query_or_esc_restores_the_list_while_typing() {
    let (mut s, mut blog) = reader(80, 24);
    let browsing = s.posts.list.clone();
    drive_all(&mut s, &mut blog, [key('/'), key('p'), key('o')]);
    assert!(matches!(s.posts.list.mode, ListMode::Results { .. }));
    assert!(matches!(update(&mut s, code(KeyCode::Backspace))[..], [Effect::Job(JobEffect::Search { .. })]));
    assert_eq!(update(&mut s, code(KeyCode::Backspace)), vec![Effect::Job(JobEffect::CancelSearch)]);
    assert_eq!(s.posts.list, browsing);
    assert_eq!(s.posts.search.as_ref().map(|x| x.input.as_str()), Some(""));

    drive(&mut s, &mut blog, key('o'));
    assert!(matches!(s.posts.list.mode, ListMode::Results { .. }));
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![Effect::Job(JobEffect::CancelSearch)]);
    assert_eq!((s.posts.search.as_ref(), s.posts.search_pending), (None, None));
    assert_eq!(s.posts.list, browsing);
    assert_eq!(s.posts.saved_list, None);
}

#[test]
fn typed_letters_in_the_search_box_are_text_not_commands() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('/'), key('q'), key('j'), key('t')]);
    assert!(!s.quit && s.overlay.is_none());
    assert_eq!(s.posts.search.as_ref().map(|x| x.input.as_str()), Some("qjt"));
    assert_eq!(blog.searches.iter().map(|(_, q)| q.as_str()).collect::<Vec<_>>(), ["q", "qj", "qjt"]);
}

#[test]
fn searching_the_sample_blog_finds_ranked_posts_with_marked_snippets() {
    let mut blog = SampleBlog::open();
    let mut s = state(&blog.title(), 120, 35);
    start(&mut s, &mut blog, None);
    assert_eq!(s.posts.list.total, 10);
    drive_all(&mut s, &mut blog, [key('/')]);
    let effects = drive_all(&mut s, &mut blog, typed("proxy"));
    assert!(matches!(s.posts.list.mode, ListMode::Results { ref query } if query == "proxy"));
    assert!(!s.posts.list.rows.is_empty());
    assert!(s.posts.list.rows.iter().all(|r| r.snippet.as_deref().is_some_and(|t| t.contains('\u{e000}'))));
    assert!(effects.iter().any(|e| matches!(e, Effect::Job(JobEffect::Search { query, .. }) if query == "proxy")));
    // Wide: the article pane follows the selected result.
    let first = s.posts.list.rows[0].post.id;
    assert_eq!(s.posts.article.as_ref().map(|a| a.post.meta.id), Some(first));
    let second = s.posts.list.rows[1].post.id;
    assert_eq!(update(&mut s, code(KeyCode::Down)), vec![Effect::Read(ReadEffect::LoadArticle(second))]);
}

// ---------------------------------------------------------------------------------------------
// Filters

#[test]
fn the_tag_picker_filters_the_list_and_old_windows_are_ignored() {
    let (mut s, blog) = reader(80, 24);
    let all = ListFilter::default();
    assert_eq!(update(&mut s, key('t')), vec![Effect::Read(ReadEffect::LoadPicker(PickerKind::Tag, all))]);
    let loading = Picker::new(PickerKind::Tag, None);
    assert_eq!(s.overlay, Some(Overlay::Picker(loading.clone())));

    // An author list is not what this picker waits for.
    assert_eq!(update(&mut s, blog.picker(PickerKind::Author)), vec![]);
    assert_eq!(s.overlay, Some(Overlay::Picker(loading)));

    assert_eq!(update(&mut s, blog.picker(PickerKind::Tag)), vec![]);
    let Some(Overlay::Picker(p)) = &s.overlay else { panic!("picker closed") };
    assert!(!p.loading);
    assert_eq!(
        p.items.iter().map(|t| (t.name.as_str(), t.posts)).collect::<Vec<_>>(),
        [("databases", 250), ("rust", 250), ("tooling", 250), ("web", 250)]
    );

    assert_eq!(update(&mut s, code(KeyCode::Down)), vec![]);
    let rust = ListFilter { tag: Some("rust".into()), ..ListFilter::default() };
    assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![window(2, rust.clone(), WindowRequest::Top)]);
    assert_eq!(s.overlay, None);
    assert_eq!(s.posts.filter, rust);
    assert!(s.posts.list.loading && s.posts.list.rows.is_empty() && s.posts.list.generation == 2);

    // A window for the unfiltered list (generation 1) arrives late: ignored.
    let stale = blog.window(1, &ListFilter::default(), WindowRequest::Top, CHUNK);
    assert_eq!(update(&mut s, stale), vec![]);
    assert!(s.posts.list.loading && s.posts.list.rows.is_empty());

    let fresh = blog.window(2, &rust, WindowRequest::Top, CHUNK);
    assert_eq!(update(&mut s, fresh), vec![]);
    assert_eq!((s.posts.list.total, s.posts.list.rows.len(), s.posts.list.selected), (250, CHUNK, 0));
    assert!(s.posts.list.rows.iter().all(|r| r.post.tags == ["rust"]));

    // c clears every filter: the whole list again, as a new generation.
    assert_eq!(update(&mut s, key('c')), vec![top(3)]);
    assert_eq!(s.posts.filter, ListFilter::default());
}

#[test]
fn the_picker_closes_with_esc_without_filtering_and_takes_letters_as_its_filter() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, key('t'));
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert_eq!((s.overlay.as_ref(), s.posts.list.generation), (None, 1));
    drive(&mut s, &mut blog, key('a'));
    assert!(matches!(&s.overlay, Some(Overlay::Picker(p)) if p.kind == PickerKind::Author && p.items.len() == 3));
    assert_eq!(update(&mut s, key('q')), vec![]);
    assert!(matches!(&s.overlay, Some(Overlay::Picker(p)) if p.query == "q"), "q is typed");
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert!(s.overlay.is_none() && !s.quit);
}

#[test]
fn u_toggles_unread_only_and_c_clears_filters() {
    let (mut s, mut blog) = reader(80, 24);
    // Read the first two posts.
    drive_all(&mut s, &mut blog, [code(KeyCode::Enter), code(KeyCode::Esc), key('j'), key('m')]);
    assert_eq!(blog.read.len(), 2);

    let unread = ListFilter { unread_only: true, ..ListFilter::default() };
    assert_eq!(update(&mut s, key('u')), vec![window(2, unread.clone(), WindowRequest::Top)]);
    assert!(s.posts.filter.unread_only && s.posts.list.rows.is_empty());
    let msg = blog.window(2, &unread, WindowRequest::Top, CHUNK);
    update(&mut s, msg);
    assert_eq!(s.posts.list.total, 998);
    assert!(s.posts.list.rows.iter().all(|r| !r.read));

    assert_eq!(update(&mut s, key('u')), vec![top(3)]);
    assert!(!s.posts.filter.unread_only);
    update(&mut s, key('u'));
    assert_eq!(update(&mut s, key('c')), vec![top(5)]);
    assert_eq!(s.posts.filter, ListFilter::default());
}

#[test]
fn c_drops_kept_search_results_too() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('/'), key('p'), key('o'), code(KeyCode::Enter)]);
    assert!(matches!(s.posts.list.mode, ListMode::Results { .. }) && s.posts.saved_list.is_some());
    assert_eq!(update(&mut s, key('c')), vec![top(2)]);
    assert_eq!((s.posts.list.mode.clone(), s.posts.saved_list.is_none()), (ListMode::Browse, true));
}

#[test]
fn data_changed_elsewhere_reloads_around_the_selection() {
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [key('j'), key('j')]);
    let id = selected_id(&s);
    let effects = update(&mut s, Msg::DataChanged);
    assert_eq!(effects, vec![window(1, ListFilter::default(), WindowRequest::Around(id))]);
    assert!(s.posts.list.loading);
    let msg = blog.answer(&effects[0]).expect("a window");
    update(&mut s, msg);
    assert_eq!((selected_id(&s), s.posts.list.selected), (id, 2));
}

#[test]
fn errors_from_the_runtime_show_in_the_status_bar() {
    let (mut s, _blog) = reader(80, 24);
    assert_eq!(update(&mut s, Msg::Error("database is locked".into())), vec![]);
    assert_eq!(s.message.as_deref(), Some("database is locked"));
    update(&mut s, key('j'));
    assert_eq!(s.message, None, "the next key clears it");
}

// ---------------------------------------------------------------------------------------------
// In the article: similar posts and links

#[test]
fn s_jumps_to_the_similar_posts_and_enter_opens_one() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    let height = s.article_height();

    assert_eq!(update(&mut s, key('s')), vec![]);
    let a = s.posts.article.as_ref().expect("open");
    assert_eq!(a.related_selected, Some(0));
    assert_eq!(a.scroll, a.related_at.min(a.lines.len() - height));
    assert_eq!(a.lines[a.related_at].to_string(), "Similar posts");
    assert_eq!(s.posts.focus, Focus::Article);

    assert_eq!(update(&mut s, key('k')), vec![]);
    assert_eq!(s.posts.article.as_ref().and_then(|a| a.related_selected), Some(0), "k stops at the first");
    assert_eq!(update(&mut s, key('j')), vec![]);
    let a = s.posts.article.as_ref().expect("open");
    assert_eq!(a.related_selected, Some(1));
    let line = app::article::related_line(a, 1);
    assert!(a.scroll <= line && line + 2 <= a.scroll + height, "the chosen post is on screen");
    assert!(a.lines[line].to_string().starts_with("2. Post 0002"));

    let id = blog.posts[2].meta.id;
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Read(ReadEffect::LoadArticle(id)), Effect::Write(WriteEffect::MarkRead(id, true))]
    );
    assert!(s.posts.list.rows[2].read, "the list shows the similar post as read");
    let msg = blog.answer(&effects[0]).expect("an article");
    update(&mut s, msg);
    let a = s.posts.article.as_ref().expect("open");
    assert_eq!((a.post.meta.id, a.related_selected, a.scroll), (id, None, 0));
    assert_eq!(s.posts.focus, Focus::Article);

    // Esc first leaves the similar posts, then the article.
    update(&mut s, key('s'));
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert_eq!((s.posts.article.as_ref().and_then(|a| a.related_selected), s.posts.focus), (None, Focus::Article));
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.posts.focus, Focus::List);
}

#[test]
fn s_without_an_open_post_opens_the_selected_one() {
    let (mut s, blog) = reader(80, 24);
    let id = blog.posts[0].meta.id;
    assert_eq!(
        update(&mut s, key('s')),
        vec![Effect::Read(ReadEffect::LoadArticle(id)), Effect::Write(WriteEffect::MarkRead(id, true))]
    );
    assert_eq!(s.posts.focus, Focus::Article);
}

#[test]
fn s_on_a_post_without_similar_ones_says_so() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    s.posts.article.as_mut().expect("open").related.clear();
    assert_eq!(update(&mut s, key('s')), vec![]);
    assert_eq!(s.message.as_deref(), Some("no similar posts for this one"));
}

#[test]
fn o_opens_only_http_https_and_mailto_links_and_never_an_option() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    let hostile = [
        "-new-window",
        "--remote-debugging-port=9222",
        "file:///etc/shadow",
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "http:relative",
        "https://example.com/a b",
        "https://example.com/\x1b[2J",
    ];
    let fine = ["HTTPS://example.com/up", "http://example.com/", "mailto:ann@example.com"];
    s.posts.article.as_mut().expect("open").links = hostile.iter().chain(&fine).map(|l| l.to_string()).collect();
    for (i, link) in hostile.iter().enumerate() {
        drive_all(&mut s, &mut blog, [key('o')]);
        drive_all(&mut s, &mut blog, typed(&(i + 1).to_string()));
        assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![], "{link} must not reach the browser");
        let said = s.message.clone().unwrap_or_default();
        assert!(said.starts_with("not opened: only http, https and mailto"), "{link}: {said}");
        assert!(!said.contains('\x1b'), "{said:?}");
    }
    for (i, link) in fine.iter().enumerate() {
        drive_all(&mut s, &mut blog, [key('o')]);
        drive_all(&mut s, &mut blog, typed(&(hostile.len() + i + 1).to_string()));
        assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![Effect::System(SystemEffect::OpenUrl(link.to_string()))]);
    }
}

#[test]
fn o_prompts_for_a_link_number_and_opens_that_link() {
    let (mut s, mut blog) = reader(80, 24);
    assert_eq!(update(&mut s, key('o')), vec![]);
    assert_eq!(s.message.as_deref(), Some("open a post first"));

    drive(&mut s, &mut blog, code(KeyCode::Enter));
    assert_eq!(update(&mut s, key('o')), vec![]);
    assert_eq!(s.overlay, Some(Overlay::LinkPrompt(String::new())));
    update(&mut s, key('x'));
    update(&mut s, key('q'));
    assert_eq!(s.overlay, Some(Overlay::LinkPrompt(String::new())), "only digits are typed");
    assert!(!s.quit);
    update(&mut s, key('1'));
    assert_eq!(s.overlay, Some(Overlay::LinkPrompt("1".into())));
    assert_eq!(
        update(&mut s, code(KeyCode::Enter)),
        vec![Effect::System(SystemEffect::OpenUrl("https://example.com/0/docs".into()))]
    );
    assert_eq!(s.overlay, None);
    assert_eq!(s.message.as_deref(), Some("opening https://example.com/0/docs"));

    drive_all(&mut s, &mut blog, [key('o'), key('7')]);
    assert_eq!(update(&mut s, code(KeyCode::Enter)), vec![]);
    assert_eq!(s.message.as_deref(), Some("no link [7] in this post (1-2)"));
    assert_eq!(s.overlay, None);

    drive_all(&mut s, &mut blog, [key('o'), key('2')]);
    assert_eq!(update(&mut s, code(KeyCode::Esc)), vec![]);
    assert_eq!(s.overlay, None, "Esc cancels");
}

#[test]
fn o_from_the_narrow_list_asks_to_open_a_post_first() {
    // The last article is still loaded but not on screen: its links are not what the reader sees.
    let (mut s, mut blog) = reader(80, 24);
    drive_all(&mut s, &mut blog, [code(KeyCode::Enter), code(KeyCode::Esc), key('j')]);
    assert!(s.posts.article.as_ref().is_some_and(|a| !a.links.is_empty()));
    assert_eq!(update(&mut s, key('o')), vec![]);
    assert_eq!((s.overlay.as_ref(), s.message.as_deref()), (None, Some("open a post first")));
}

#[test]
fn o_on_a_post_without_links_says_so() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    s.posts.article.as_mut().expect("open").links.clear();
    assert_eq!(update(&mut s, key('o')), vec![]);
    assert_eq!((s.overlay.as_ref(), s.message.as_deref()), (None, Some("this post has no links")));
}

// ---------------------------------------------------------------------------------------------
// Size, wide layout and the mouse

#[test]
fn resize_rewraps_the_article_and_keeps_the_reading_position() {
    let (mut s, mut blog) = reader(120, 35);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    drive_all(&mut s, &mut blog, [code(KeyCode::PageDown), code(KeyCode::PageDown)]);
    let before = s.posts.article.clone().expect("open");
    assert_eq!((before.width, before.scroll), (68, 60));
    let fraction = before.scroll as f64 / before.lines.len() as f64;

    assert_eq!(update(&mut s, Msg::Action(Action::Resize(80, 24))), vec![]);
    let after = s.posts.article.clone().expect("open");
    assert_eq!(after.width, 76);
    assert_ne!(after.lines, before.lines, "re-wrapped for the new width");
    assert!(after.lines.iter().all(|l| l.width() <= 76));
    assert!(after.lines.iter().any(|l| l.width() > 68), "the extra columns are used");
    let now = after.scroll as f64 / after.lines.len() as f64;
    assert!((now - fraction).abs() <= 1.0 / after.lines.len() as f64, "{fraction} then {now}");
    assert_eq!(s.posts.focus, Focus::Article, "still reading");

    // Back to the first width: the same lines as before.
    update(&mut s, Msg::Action(Action::Resize(120, 35)));
    assert_eq!(s.posts.article.as_ref().map(|a| &a.lines), Some(&before.lines));

    // Taller but as wide: nothing to re-wrap, the scroll stays put.
    let scroll = s.posts.article.as_ref().map(|a| a.scroll);
    update(&mut s, Msg::Action(Action::Resize(120, 50)));
    assert_eq!(s.posts.article.as_ref().map(|a| a.scroll), scroll);
    assert_eq!(s.posts.article.as_ref().map(|a| &a.lines), Some(&before.lines));
}

/// A terminal too small to draw in (the probe's 10 columns) gave the article a 1-column pane: a
/// 10 MB post became ten million one-character lines (1.4 GB, seconds frozen). Nothing is drawn
/// at that size, so the article keeps its layout until the terminal is big enough again.
#[test]
fn a_terminal_too_small_to_draw_in_keeps_the_article_as_it_was_laid_out() {
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, code(KeyCode::Enter));
    let before = s.posts.article.clone().expect("open");
    for (w, h) in [(10, 24), (80, 3), (1, 1)] {
        update(&mut s, Msg::Action(Action::Resize(w, h)));
        let now = s.posts.article.as_ref().expect("still open");
        assert_eq!((now.width, now.lines.len()), (before.width, before.lines.len()), "at {w}x{h}");
    }
    // Big enough again: laid out for the new width, as any resize is.
    update(&mut s, Msg::Action(Action::Resize(30, 24)));
    let after = s.posts.article.as_ref().expect("open");
    assert_eq!(after.width, 26);
    assert!(after.lines.len() > before.lines.len(), "re-wrapped narrower");
}

#[test]
fn resizing_keeps_the_selection_on_screen() {
    let (mut s, mut blog) = reader(120, 35);
    drive_all(&mut s, &mut blog, (0..15).map(|_| key('j')));
    assert_eq!((s.posts.list.selected, s.posts.list.top), (15, 0));
    update(&mut s, Msg::Action(Action::Resize(80, 12)));
    assert_eq!(s.visible_rows(), 4);
    assert_eq!(s.posts.list.top, 12);
}

#[test]
fn on_wide_screens_the_article_follows_the_selection() {
    let (mut s, mut blog) = reader(120, 35);
    assert_eq!(s.posts.article.as_ref().map(|a| a.post.meta.id), Some(blog.posts[0].meta.id), "previewed at start");
    assert_eq!(update(&mut s, key('j')), vec![Effect::Read(ReadEffect::LoadArticle(blog.posts[1].meta.id))]);
    drive(&mut s, &mut blog, key('k'));
    assert_eq!(s.posts.article.as_ref().map(|a| a.post.meta.id), Some(blog.posts[0].meta.id));

    // Reading in the article pane: j scrolls the text, the list stays.
    assert_eq!(update(&mut s, code(KeyCode::Tab)), vec![]);
    assert_eq!(s.posts.focus, Focus::Article);
    assert_eq!(update(&mut s, key('j')), vec![]);
    assert_eq!((s.posts.list.selected, s.posts.article.as_ref().map(|a| a.scroll)), (0, Some(1)));
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(s.posts.focus, Focus::List);

    // Narrow screens only load the article on Enter.
    let (mut narrow, _blog) = reader(80, 24);
    assert!(narrow.posts.article.is_none());
    assert_eq!(update(&mut narrow, key('j')), vec![]);
    assert_eq!(update(&mut narrow, code(KeyCode::Tab)), vec![], "nothing to switch to");
    assert_eq!(narrow.posts.focus, Focus::List);
}

#[test]
fn the_mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let wheel = |up: bool, column: u16, row: u16| Msg::Action(Action::Scroll { up, column, row });
    let (mut s, mut blog) = reader(120, 35);
    assert_eq!((s.layout.list.width, s.layout.article.x), (48, 48));

    // Over the list: the selection moves three rows and the article follows.
    assert_eq!(update(&mut s, wheel(false, 10, 5)), vec![Effect::Read(ReadEffect::LoadArticle(blog.posts[3].meta.id))]);
    assert_eq!((s.posts.list.selected, s.posts.focus), (3, Focus::List));
    drive(&mut s, &mut blog, wheel(true, 10, 5));
    assert_eq!(s.posts.list.selected, 0);

    // Over the article: its text scrolls, the list does not move, focus stays.
    assert_eq!(update(&mut s, wheel(false, 80, 10)), vec![]);
    assert_eq!(
        (s.posts.article.as_ref().map(|a| a.scroll), s.posts.list.selected, s.posts.focus),
        (Some(3), 0, Focus::List)
    );
    update(&mut s, wheel(true, 80, 10));
    update(&mut s, wheel(true, 80, 10));
    assert_eq!(s.posts.article.as_ref().map(|a| a.scroll), Some(0), "never above the top");

    // Over the header or the status bar: nothing.
    assert_eq!(update(&mut s, wheel(false, 10, 0)), vec![]);
    assert_eq!(update(&mut s, wheel(false, 80, 34)), vec![]);
    assert_eq!((s.posts.list.selected, s.posts.article.as_ref().map(|a| a.scroll)), (0, Some(0)));

    // Narrow: the wheel scrolls whichever pane is showing.
    let (mut n, mut blog) = reader(80, 24);
    assert_eq!(update(&mut n, wheel(false, 40, 10)), vec![]);
    assert_eq!(n.posts.list.selected, 3);
    drive(&mut n, &mut blog, code(KeyCode::Enter));
    assert_eq!(update(&mut n, wheel(false, 40, 10)), vec![]);
    assert_eq!((n.posts.list.selected, n.posts.article.as_ref().map(|a| a.scroll)), (3, Some(3)));
}

// ---------------------------------------------------------------------------------------------
// Against the real runtime runner and store

#[test]
fn the_sample_blog_opens_at_the_saved_position() {
    let mut blog = SampleBlog::open();
    let last = blog.id("why-one-slow-query-can-sink-a-whole-site");
    let mut s = state(&blog.title(), 120, 35);
    let effects = start(&mut s, &mut blog, Some(last));
    assert_eq!(effects[0], window(1, ListFilter::default(), WindowRequest::Around(last)));
    assert_eq!(effects[1..], [Effect::Read(ReadEffect::LoadArticle(last))]);
    assert_eq!((s.posts.list.total, s.posts.list.selected, selected_id(&s)), (10, 5, last));
    assert_eq!(s.posts.article.as_ref().map(|a| a.post.meta.id), Some(last));

    // Quitting saves where the reader was, and the next start comes back there.
    drive(&mut s, &mut blog, key('j'));
    let at = selected_id(&s);
    assert_eq!(
        drive(&mut s, &mut blog, key('q')),
        [
            Effect::Write(WriteEffect::SaveArticleScroll(at, 0)),
            Effect::Write(WriteEffect::SavePosition(Some(at))),
            Effect::Quit
        ]
    );
    let saved = byline::store::get_setting(blog.store().conn(), "last_post").expect("read");
    assert_eq!(saved, Some(at.0.to_string()));
}

#[test]
fn a_saved_post_deleted_since_opens_the_newest_rows_at_the_top() {
    let mut blog = SampleBlog::open();
    let older = blog.add_posts(200);
    blog.delete(older[150]);
    let mut s = state(&blog.title(), 80, 24);
    start(&mut s, &mut blog, Some(older[150]));
    assert_eq!(s.posts.list.total, 209);
    assert_eq!(
        (s.posts.list.offset, s.posts.list.selected, s.posts.list.top),
        (0, 0, 0),
        "the newest rows are at the top"
    );
    assert_eq!(
        s.posts.list.selected_row().map(|r| r.post.title.as_str()),
        Some("Caches All the Way Down: A Field Guide to CDNs")
    );
}

#[test]
fn the_selected_post_deleted_elsewhere_keeps_the_list_consistent() {
    let mut blog = SampleBlog::open();
    blog.add_posts(200);
    let mut s = state(&blog.title(), 80, 24);
    start(&mut s, &mut blog, None);
    drive_all(&mut s, &mut blog, (0..5).map(|_| key('j')));
    let gone = selected_id(&s);
    blog.delete(gone);
    blog.runner.forget_counts();
    drive(&mut s, &mut blog, Msg::DataChanged);
    assert_eq!(s.posts.list.total, 209);
    assert_eq!(s.posts.list.offset, 0, "the rows loaded are the newest ones");
    assert_ne!(s.posts.list.selected_id(), Some(gone));
    // Every loaded row sits at its true position in the list.
    let all =
        byline::store::list_posts(blog.store().conn(), &ListFilter::default(), crate::common::app::NOW).expect("list");
    for (k, row) in s.posts.list.rows.iter().enumerate() {
        assert_eq!(row.post.id, all[s.posts.list.offset + k].id);
    }
}

#[test]
fn paging_back_up_an_unread_only_list_after_reading_reaches_the_top() {
    // Posts read while the unread-only list is shown leave the filter in the store but stay on
    // screen. Once paging down has dropped them from the window, paging back up fetches fewer
    // rows than were counted above, and the top is reached before the offset says so.
    let mut blog = FakeBlog::new(1000);
    let mut s = state("Fake", 80, 24);
    start(&mut s, &mut blog, None);
    drive(&mut s, &mut blog, key('u'));
    drive_all(&mut s, &mut blog, [key('j'), code(KeyCode::Enter), code(KeyCode::Esc)]);
    assert!(blog.read.contains(&blog.posts[1].meta.id));
    drive_all(&mut s, &mut blog, (0..60).map(|_| code(KeyCode::PageDown)));
    assert!(s.posts.list.offset > 1, "the read post has left the window");
    drive_all(&mut s, &mut blog, (0..70).map(|_| code(KeyCode::PageUp)));
    assert_eq!((s.posts.list.offset, s.posts.list.selected, s.posts.list.top), (0, 0, 0));
    assert_eq!(selected_id(&s), blog.posts[0].meta.id);
    assert!(!s.posts.list.rows.iter().any(|r| r.post.id == blog.posts[1].meta.id), "refetched without it");
}

#[test]
fn the_count_follows_the_page_on_its_own_lane_except_for_one_or_two_letters() {
    use byline::app::{SearchAnswer, Total};
    let (mut s, mut blog) = reader(80, 24);
    drive(&mut s, &mut blog, key('/'));
    let page = |id, query: &str| {
        let hits = match blog.search(id, query, 0) {
            Msg::SearchDone(a) => a.hits,
            other => panic!("{other:?}"),
        };
        Msg::SearchDone(SearchAnswer {
            id,
            query: query.into(),
            offset: 0,
            hits,
            read: vec![],
            more: true,
            total: Total::AtLeast(60),
        })
    };
    // One letter: "at least", no count asked for.
    let id = match &update(&mut s, key('p'))[..] {
        [Effect::Job(JobEffect::Search { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    assert!(!update(&mut s, page(id, "p")).iter().any(|e| matches!(e, Effect::Job(JobEffect::CountSearch { .. }))));
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("30 of 60+"));
    // Three letters: the count is asked for, and shown when it comes.
    update(&mut s, key('o'));
    let id = match &update(&mut s, key('s'))[..] {
        [Effect::Job(JobEffect::Search { id, .. })] => *id,
        other => panic!("{other:?}"),
    };
    let effects = update(&mut s, page(id, "pos"));
    assert!(effects.contains(&Effect::Job(JobEffect::CountSearch { id, query: "pos".into() })), "{effects:?}");
    assert_eq!(update(&mut s, Msg::SearchCount { id: id - 1, total: 5 }), vec![], "a stale count is dropped");
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("30 of 60+"));
    update(&mut s, Msg::SearchCount { id, total: 1234 });
    assert_eq!(s.posts.search.as_ref().and_then(|x| x.hint.as_deref()), Some("30 of 1,234"));
}
