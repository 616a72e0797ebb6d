//! Pictures in articles against a real HTTP server on 127.0.0.1: a picture standing alone is
//! fetched, drawn in half blocks under its caption with the text moved down to make room, a
//! missing one says why in its caption, and `images = "off"` fetches nothing.

use std::io::Cursor;
use std::path::Path;

use byline::config::LoadedConfig;
use byline::store::Store;
use byline::tui::Headless;
use byline_tui::config::TuiConfig;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use crate::common::http::{FeedServer, Reply};

/// A 400 x 200 PNG, red on the left half and blue on the right: 40 x 10 cells at the 10 x 20
/// pixel cell assumed when the terminal does not say.
fn red_and_blue_png() -> Vec<u8> {
    let red_or_blue = |x: u32, _| if x < 200 { image::Rgb([255, 0, 0]) } else { image::Rgb([0, 0, 255]) };
    let mut png = Vec::new();
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(400, 200, red_or_blue));
    picture.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

fn config(text: &str) -> TuiConfig {
    let loaded = LoadedConfig::parse(Path::new("config.toml"), text.into()).expect("a valid config");
    TuiConfig::from_loaded(&loaded).expect("valid keys")
}

/// A blog of one post: text, a picture, a missing picture, a page posing as a picture, text.
fn blog_with_pictures(server: &FeedServer, config_text: &str) -> (tempfile::TempDir, Headless) {
    server.set("/cat.png", Reply::ok("image/png", red_and_blue_png()));
    server.set("/gone.png", Reply::status(404));
    server.set("/page.png", Reply::ok("text/html", "<html><body>not a picture</body></html>"));
    let body = format!(
        "Before the pictures.\n\n![A red and blue cat]({})\n\n![Gone]({})\n\n![A page]({})\n\nAfter the pictures.",
        server.url("/cat.png"),
        server.url("/gone.png"),
        server.url("/page.png"),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("blog.db")).unwrap();
    let fields = byline::ops::posts::PostFields {
        title: byline::domain::Title::parse("Pictures").unwrap(),
        slug: None,
        author: None,
        tags: Vec::new(),
        summary: String::new(),
        body,
    };
    byline::ops::posts::save_post(&mut store, None, &fields, Some(byline::ops::posts::When::Now)).unwrap();
    let mut h = Headless::new(store, 120, 50).unwrap();
    h.configure(&config(config_text), None);
    (dir, h)
}

/// The screen's cells, row by row.
fn cells(h: &Headless) -> Vec<Vec<(String, Color, Color)>> {
    let mut terminal = Terminal::new(TestBackend::new(h.state.width, h.state.height)).unwrap();
    h.draw(&mut terminal);
    let buffer = terminal.backend().buffer().clone();
    let width = usize::from(buffer.area.width);
    buffer.content.chunks(width).map(|row| row.iter().map(|c| (c.symbol().to_string(), c.fg, c.bg)).collect()).collect()
}

fn row_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(text))
}

#[test]
fn a_picture_alone_is_drawn_under_its_caption_and_the_text_makes_room() {
    let server = FeedServer::start();
    let (_dir, mut h) = blog_with_pictures(&server, "");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert_eq!(server.requests("/cat.png").len(), 1, "fetched once");

    let caption = row_of(&screen, "[image: A red and blue cat]").expect("the caption");
    let gone = row_of(&screen, "[image: Gone]").expect("the missing picture's caption");
    // The rows between the caption and the next paragraph are the picture's, in colour.
    let rows = cells(&h);
    let picture_rows = &rows[caption + 1..gone];
    assert_eq!(picture_rows.len(), 10 + 1, "the picture's 10 rows and the blank line after it\n{screen}");
    // Half blocks in the picture's colours: the left half red, the right half blue, as drawn.
    let coloured: Vec<_> = picture_rows[0].iter().filter(|(_, _, bg)| matches!(bg, Color::Rgb(..))).collect();
    assert_eq!(coloured.len(), 40, "40 columns wide: {coloured:?}");
    let all = |cells: &[&(String, Color, Color)], c: Color| cells.iter().all(|(_, fg, bg)| *fg == c && *bg == c);
    assert!(all(&coloured[..19], Color::Rgb(255, 0, 0)), "{coloured:?}");
    assert!(all(&coloured[21..], Color::Rgb(0, 0, 255)), "{coloured:?}");
    assert!(picture_rows[10].iter().all(|(_, _, bg)| !matches!(bg, Color::Rgb(..))), "nothing drawn past it");

    // The others say why they are not shown, and the text after them is all there.
    let line = |text: &str| screen.lines().find(|l| l.contains(text)).unwrap_or_default().to_string();
    assert!(
        line("[image: Gone]").contains("not shown") && line("[image: Gone]").contains("404"),
        "{}",
        line("[image: Gone]")
    );
    assert!(line("[image: A page]").contains("not shown: the address gave a page"), "{}", line("[image: A page]"));
    assert!(row_of(&screen, "After the pictures.").is_some(), "{screen}");
}

#[test]
fn with_images_off_nothing_is_fetched_and_each_picture_is_its_caption() {
    let server = FeedServer::start();
    let (_dir, mut h) = blog_with_pictures(&server, "[reader]\nimages = \"off\"\n");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(server.requests("/cat.png").is_empty() && server.requests("/gone.png").is_empty(), "nothing fetched");
    let caption = row_of(&screen, "[image: A red and blue cat]").expect("the caption");
    assert_eq!(row_of(&screen, "[image: Gone]"), Some(caption + 2), "no rows kept\n{screen}");
    assert!(!screen.contains("not shown") && !screen.contains("loading"), "{screen}");
    assert!(!cells(&h).iter().flatten().any(|(_, _, bg)| matches!(bg, Color::Rgb(..))), "no picture drawn");
}

#[test]
fn a_resize_draws_the_picture_again_for_the_new_width() {
    let server = FeedServer::start();
    let (_dir, mut h) = blog_with_pictures(&server, "[reader]\nimages = \"halfblocks\"\n");
    h.key(KeyCode::Enter);
    assert_eq!(server.requests("/cat.png").len(), 1);
    h.send(byline::app::Msg::Action(byline::app::Action::Resize(70, 40)));
    let screen = h.screen();
    assert_eq!(server.requests("/cat.png").len(), 2, "asked again at the new width (no cache in tests)");
    let drawn = cells(&h).iter().flatten().filter(|(_, _, bg)| *bg == Color::Rgb(255, 0, 0)).count();
    assert!(drawn >= 19 * 10, "the picture drawn again: {drawn} red cells\n{screen}");
    let a = h.state.posts.article.as_ref().unwrap();
    assert_eq!(a.pictures_for, Some(a.width));
}
