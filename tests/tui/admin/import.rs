//! `I` in the posts view: a path prompt that runs `byline import` as a job, then the summary in
//! the status bar and the new posts in the list.

use super::*;

#[test]
fn i_imports_a_site_folder_and_the_list_shows_its_posts() {
    let blog = Blog::seeded();
    let site = blog.file("site");
    std::fs::create_dir_all(site.join("posts")).expect("folder");
    std::fs::write(site.join("posts/hello.md"), "---\ntitle: Hello from Hugo\ndate: 2026-06-30\n---\nHi\n")
        .expect("file");
    std::fs::write(site.join("posts/bad.md"), "---\ntitle: Bad\ndate: never\n---\n").expect("file");
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('I'));
    assert!(form(&h).title.starts_with("Import posts"), "{}", form(&h).title);
    h.type_text(&site.display().to_string());
    h.key(KeyCode::Enter);

    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    let msg = message(&h);
    assert!(msg.starts_with("imported 1, updated 0, unchanged 0, skipped 0, failed 1 ("), "{msg}");
    assert!(msg.contains("bad.md:3: cannot read the date 'never'"), "{msg}");
    let titles: Vec<String> = posts(h.store()).into_iter().map(|p| p.title).collect();
    assert!(titles.contains(&"Hello from Hugo".to_string()), "{titles:?}");
    assert!(h.screen().contains("Hello from Hugo"), "the list shows it");
}

#[test]
fn a_path_that_is_not_there_is_marked_on_the_form() {
    let blog = Blog::seeded();
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('I'));
    h.type_text("/no/such/site");
    h.key(KeyCode::Enter);
    assert_eq!(form_error(&h, "File").as_deref(), Some("/no/such/site: no such file or folder"));
}

#[test]
fn tab_completes_the_path_as_far_as_the_folder_allows_then_the_import_runs() {
    let blog = Blog::seeded();
    let site = blog.file("site");
    for dir in ["posts-2025", "posts-2026"] {
        std::fs::create_dir_all(site.join(dir)).expect("folder");
    }
    std::fs::write(site.join("posts-2025/hello.md"), "---\ntitle: Completed import\ndate: 2025-06-30\n---\nHi\n")
        .expect("file");
    std::fs::write(site.join("pages.md"), "# A page\n").expect("file");
    let mut h = blog.tui(130, 32);
    h.key(KeyCode::Char('I'));
    let root = site.display().to_string();
    h.type_text(&format!("{root}/po"));
    // Two folders start so: Tab goes as far as both agree, and the prompt shows their names.
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Path), format!("{root}/posts-202"));
    let screen = h.screen();
    assert!(screen.contains("posts-2025/ · posts-2026/"), "{screen}");
    h.type_text("5");
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Path), format!("{root}/posts-2025/"));
    h.type_text("h");
    h.key(KeyCode::Tab);
    assert_eq!(form(&h).field(FieldId::Path), format!("{root}/posts-2025/hello.md"));
    h.key(KeyCode::Enter);
    assert!(h.state.overlay.is_none(), "{:?}", h.state.overlay);
    let titles: Vec<String> = posts(h.store()).into_iter().map(|p| p.title).collect();
    assert!(titles.contains(&"Completed import".to_string()), "{titles:?}");
}
