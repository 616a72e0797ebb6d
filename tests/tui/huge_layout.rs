//! A huge post is laid out by a worker (issue 13): the pane shows its header meanwhile, keys
//! are answered, a resize asks for a new layout and only the one asked for last is taken.

use std::sync::Arc;

use crate::common::app::{key, render, state};
use byline::app::article::{self, LAY_OUT_APART, LayoutJob};
use byline::app::{Action, AppState, Effect, Focus, JobEffect, Msg, update};
use byline::domain::{Post, TagName, Title};
use byline::ops::posts::{PostFields, When, save_post};
use byline::store::{self, Store};
use byline::tui::Headless;
use crossterm::event::KeyCode;

/// A paragraph-rich body a bit over the size laid out apart.
fn huge_body() -> String {
    let para = "Words of a long post that wrap at any width the terminal gives them. ".repeat(20);
    let mut body = String::new();
    let mut i = 0;
    while body.len() <= LAY_OUT_APART {
        body.push_str(&format!("Paragraph {i}. {para}\n\n"));
        i += 1;
    }
    body.push_str("The very last words.\n");
    body
}

fn blog_with(body: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let fields = PostFields {
        title: Title::parse("Huge").unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(&["big"]).unwrap(),
        summary: String::new(),
        body: body.into(),
    };
    save_post(&mut store, None, &fields, Some(When::Now)).unwrap();
    (dir, store)
}

fn the_post(store: &Store) -> Post {
    let id = store::list_posts(store.conn(), &Default::default(), store.now()).unwrap()[0].id;
    store::get_post(store.conn(), id, store.now()).unwrap()
}

/// The layout jobs among these effects.
fn jobs(effects: Vec<Effect>) -> Vec<LayoutJob> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Job(JobEffect::LayOut(job)) => Some(*job),
            _ => None,
        })
        .collect()
}

fn laid_out_now(s: &AppState) -> Vec<ratatui::text::Line<'static>> {
    let a = s.posts.article.as_ref().unwrap();
    article::build(a.post.clone(), a.related.clone(), a.width, &s.styles, &s.tz, &s.settings.date_format).lines
}

#[test]
fn a_huge_post_is_laid_out_apart_and_only_the_layout_for_the_last_size_is_taken() {
    let (_dir, store) = blog_with(&huge_body());
    let post = the_post(&store);
    let mut s = state("Blog", 80, 24);
    s.posts.focus = Focus::Article;

    let asked = jobs(update(&mut s, Msg::Article { post: post.clone(), related: vec![] }));
    assert_eq!(asked.len(), 1, "the layout goes to a worker");
    assert_eq!(asked[0].width, 76);
    let a = s.posts.article.as_ref().unwrap();
    assert!(a.laying_out() && a.lines.len() < 10, "only the header meanwhile");
    assert!(render(&s).contains("Laying out"), "{}", render(&s));

    // Keys are answered meanwhile, and scrolling the header does not count as reading it.
    assert_eq!(update(&mut s, key('j')), vec![]);
    assert_eq!(update(&mut s, key('G')), vec![]);
    update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(s.message.as_deref(), Some("the post is still being laid out"));

    // Two resizes: each asks for the layout of its size.
    let second = jobs(update(&mut s, Msg::Action(Action::Resize(60, 24))));
    let third = jobs(update(&mut s, Msg::Action(Action::Resize(90, 30))));
    assert_eq!((second.len(), third.len()), (1, 1));
    assert!(asked[0].id < second[0].id && second[0].id < third[0].id);

    // The older layouts land late: dropped.
    for old in [asked[0].clone(), second[0].clone()] {
        update(&mut s, old.run(&|| false).expect("laid out"));
        assert!(s.posts.article.as_ref().unwrap().laying_out(), "a layout for a size gone since is dropped");
    }
    update(&mut s, third[0].clone().run(&|| false).expect("laid out"));
    let a = s.posts.article.as_ref().unwrap();
    assert!(!a.laying_out());
    assert_eq!(a.width, 86, "laid out for the last size");
    assert_eq!(a.lines, laid_out_now(&s), "the same lines as laying it out here");
    assert!(render(&s).contains("Paragraph 0."), "{}", render(&s));

    // A stopped layout gives nothing.
    assert!(third[0].clone().run(&|| true).is_none());
}

#[test]
fn a_resize_while_reading_a_huge_post_keeps_the_place_in_it() {
    let (_dir, store) = blog_with(&huge_body());
    let post = the_post(&store);
    let mut s = state("Blog", 100, 30);
    s.posts.focus = Focus::Article;
    let job = jobs(update(&mut s, Msg::Article { post, related: vec![] })).remove(0);
    update(&mut s, job.run(&|| false).unwrap());
    // Halfway down.
    let half = s.posts.article.as_ref().unwrap().lines.len() / 2;
    s.posts.article.as_mut().unwrap().scroll = half;
    let job = jobs(update(&mut s, Msg::Action(Action::Resize(50, 30)))).remove(0);
    update(&mut s, job.run(&|| false).unwrap());
    let a = s.posts.article.as_ref().unwrap();
    let at = a.scroll as f64 / a.lines.len() as f64;
    assert!((0.45..0.55).contains(&at), "still halfway: line {} of {}", a.scroll, a.lines.len());
}

#[test]
fn the_real_worker_lays_out_a_huge_post_while_the_reader_answers_keys() {
    let body = huge_body();
    let (_dir, store) = blog_with(&body);
    let mut app = Headless::threaded(store, 80, 24).unwrap();
    app.key(KeyCode::Enter);
    assert!(app.state.posts.article.as_ref().is_some_and(|a| a.laying_out()), "handed to the worker");
    app.key(KeyCode::Char('?'));
    assert!(app.screen().contains("Keys"), "the help opens meanwhile:\n{}", app.screen());
    app.key(KeyCode::Esc);
    // A storm of resizes while it works: only the last size counts.
    for i in 0..200u16 {
        app.action(Action::Resize(30 + i % 90, 10 + i % 30));
    }
    app.action(Action::Resize(90, 30));
    let done = app.wait_until(std::time::Duration::from_secs(30), |app| {
        app.state.posts.article.as_ref().is_some_and(|a| !a.laying_out())
    });
    let a = app.state.posts.article.as_ref().map(|a| (a.layout, a.width, a.lines.len()));
    assert!(done, "the layout landed: {a:?} {:?}", app.state.layout);
    let a = app.state.posts.article.as_ref().unwrap();
    assert_eq!(a.width, 86);
    let s = &app.state;
    let fresh = article::build(Arc::clone(&a.post), a.related.clone(), 86, &s.styles, &s.tz, &s.settings.date_format);
    assert_eq!(a.lines, fresh.lines);
    app.key(KeyCode::Char('G'));
    assert!(app.screen().contains("The very last words."), "{}", app.screen());
}
