//! A followed item's picture in the real binary, in a pseudo-terminal that says nothing of
//! graphics (TERM=xterm-256color): fetched from 127.0.0.1, drawn in coloured half blocks under
//! its caption, and kept in the cache folder so the next run does not fetch it again.
#![cfg(unix)]

use std::io::Cursor;

use crate::common::http::{FeedServer, Reply, rss};
use crate::common::pty::*;

/// 400 x 200, red on the left and blue on the right: 40 x 10 cells of half blocks.
fn red_and_blue_png() -> Vec<u8> {
    let red_or_blue = |x: u32, _| if x < 200 { image::Rgb([255, 0, 0]) } else { image::Rgb([0, 0, 255]) };
    let mut png = Vec::new();
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(400, 200, red_or_blue));
    picture.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

/// Red cells (by background) in the rows under the caption, in the article's columns.
fn red_cells_under(tui: &Tui, caption: &str) -> usize {
    let Some(row) = tui.row_of(caption) else { return 0 };
    tui.with_screen(|s| {
        let (rows, cols): (u16, u16) = (s.size().0.into(), s.size().1.into());
        (row as u16 + 1..rows)
            .flat_map(|r| (48..cols).map(move |c| (r, c)))
            .filter(|(r, c)| s.cell(*r, *c).is_some_and(|cell| cell.bgcolor() == vt100::Color::Rgb(255, 0, 0)))
            .count()
    })
}

fn open_the_item(db: &Db) -> Tui {
    let mut tui = db.reader(120, 40);
    tui.wait_for("Posts 1/");
    tui.send("F");
    tui.wait_for("Show posts from");
    tui.send("Pictures");
    tui.send(ENTER);
    tui.wait_for("feed: Pictures");
    tui.wait_for("[image: Red and blue]");
    tui.wait_until("the picture drawn under its caption", |t| red_cells_under(t, "[image: Red and blue]") >= 19 * 10);
    tui
}

#[test]
fn a_followed_items_picture_is_drawn_in_half_blocks_and_kept_for_the_next_run() {
    let server = FeedServer::start();
    server.set("/pic.png", Reply::ok("image/png", red_and_blue_png()));
    let body = format!(
        "Before the picture.&lt;/p&gt;&lt;p&gt;&lt;img src=&quot;{}&quot; alt=&quot;Red and blue&quot;&gt;&lt;/p&gt;&lt;p&gt;After the picture.",
        server.url("/pic.png")
    );
    server.set("/feed.xml", Reply::rss(rss("Pictures", &[("g1", "With a picture", &body)])));
    let db = Db::seeded();
    db.cli(&["follow", &server.url("/feed.xml")]);

    let mut tui = open_the_item(&db);
    // The text after the picture moved down past its ten rows, and is whole.
    let caption = tui.row_of("[image: Red and blue]").unwrap();
    let after = tui.row_of("After the picture.").unwrap();
    assert!(after >= caption + 11, "caption at {caption}, text after at {after}\n{}", tui.screen_text());
    assert_eq!(server.requests("/pic.png").len(), 1);
    tui.send("q");
    tui.assert_clean_exit();

    // The next run draws it from the cache folder.
    let mut tui = open_the_item(&db);
    assert_eq!(server.requests("/pic.png").len(), 1, "not fetched again");
    assert!(db.dir().join(".cache/byline/pictures").read_dir().unwrap().count() == 1, "one picture kept");
    tui.send("q");
    tui.assert_clean_exit();
}
