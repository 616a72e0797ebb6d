//! Acting on posts from the list: publish, delete and undo, tags, copying the slug.

use super::*;

#[test]
fn d_asks_then_trashes_and_capital_u_restores() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Why One Slow Query Can Sink a Whole Site";
    let original = post_titled(h.store(), title).expect("sample post");
    select_post(&mut h, title);

    h.key(KeyCode::Char('d'));
    let q = confirm_question(&h);
    assert!(q.contains("Move 'Why One Slow Query") && q.contains("to the trash?"), "{q}");
    assert!(post_titled(h.store(), title).is_some(), "nothing happens before y");
    h.key(KeyCode::Char('n'));
    assert!(h.state.overlay.is_none());
    assert!(post_titled(h.store(), title).is_some(), "n keeps it");

    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert!(post_titled(h.store(), title).is_none(), "gone from the posts");
    let trash = store::list_trash(h.store().conn()).expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].title, title);
    assert_eq!(trash[0].post_id, original.meta.id.0);
    assert_eq!(message(&h), format!("moved '{title}' to the trash; U undoes"));
    assert!(!h.state.posts.list.rows.iter().any(|r| r.post.title == title), "gone from the list");

    h.key(KeyCode::Char('U'));
    let back = post_titled(h.store(), title).expect("restored");
    assert_eq!(back, original, "restored as it was");
    assert!(store::list_trash(h.store().conn()).expect("trash").is_empty());
    assert_eq!(message(&h), format!("restored '{title}'"));
    assert!(h.state.posts.list.rows.iter().any(|r| r.post.title == title), "back in the list");

    h.key(KeyCode::Char('U'));
    assert_eq!(message(&h), "the trash is empty");
}

#[test]
fn deleting_the_post_being_read_goes_back_to_the_list() {
    let blog = Blog::seeded();
    let mut h = blog.tui(80, 24);
    let title = "Load Testing Without Fooling Yourself";
    select_post(&mut h, title);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.posts.focus, byline::app::Focus::Article);
    h.key(KeyCode::Char('d'));
    assert!(confirm_question(&h).contains(title));
    h.key(KeyCode::Char('y'));
    assert_eq!(message(&h), format!("moved '{title}' to the trash; U undoes"));
    assert!(post_titled(h.store(), title).is_none());
    assert_eq!(h.state.posts.focus, byline::app::Focus::List);
    assert!(h.state.posts.article.as_ref().is_none_or(|a| a.post.meta.title != title), "the deleted post is not shown");
    assert!(!h.screen().contains(&format!("● {title}")), "{}", h.screen());
}

#[test]
fn capital_t_edits_the_selected_posts_tags() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    let title = "Tools That Keep a Web Team From Tripping Over Itself";
    select_post(&mut h, title);

    h.key(KeyCode::Char('T'));
    assert_eq!(form(&h).field(FieldId::Tags), "teams, tooling");
    clear_field(&mut h);
    h.type_text("data");
    h.key(KeyCode::Tab); // completes to "databases, "
    assert_eq!(form(&h).field(FieldId::Tags), "databases, ");
    h.type_text("Workflow");
    h.ctrl('s');
    assert!(h.state.overlay.is_none(), "the form closes once saved");
    assert_eq!(message(&h), format!("saved the tags of '{title}'"));
    let p = post_titled(h.store(), title).expect("post");
    assert_eq!(p.meta.tags, ["databases", "Workflow"]);
    assert!(tag_counts(h.store()).contains(&("Workflow".into(), 1)), "a new tag was created");

    // A bad tag is marked on the field and nothing changes.
    h.key(KeyCode::Char('T'));
    h.type_text(&format!(", {}", "x".repeat(41)));
    h.ctrl('s');
    assert!(form_error(&h, "Tags").expect("error").contains("1 to 40 characters"));
    assert_eq!(post_titled(h.store(), title).expect("post").meta.tags, ["databases", "Workflow"]);
}

#[test]
fn y_copies_the_selected_posts_slug() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    select_post(&mut h, "Load Testing Without Fooling Yourself");
    h.key(KeyCode::Char('y'));
    assert_eq!(h.copied(), ["load-testing-without-fooling-yourself"]);
    assert_eq!(message(&h), "copied 'load-testing-without-fooling-yourself' to the clipboard");
    assert!(h.screen().contains("copied 'load-testing-without-fooling-yourself'"));
}

#[test]
fn post_actions_on_an_empty_blog_say_there_is_no_post() {
    let blog = Blog::empty();
    let mut h = blog.tui(130, 32);
    for key in ['e', 'p', 'd', 'T', 'y'] {
        h.key(KeyCode::Char(key));
        assert_eq!(message(&h), "no post selected", "{key}");
        assert!(h.state.overlay.is_none() && h.state.compose.is_none(), "{key}");
    }
}
