use super::{SimilarIndex, query_words};
use crate::domain::{NewPost, PostId, TagName, Title};
use crate::store::{Store, add_post, related_posts};

fn add(store: &mut Store, title: &str, tags: &[&str], publish_at: Option<i64>) -> PostId {
    let post = NewPost {
        title: Title::parse(title).unwrap(),
        slug: None,
        author: None,
        tags: TagName::parse_all(tags).unwrap(),
        summary: String::new(),
        body: String::new(),
        publish_at,
        created_at: Some(1_000),
    };
    store.write(|tx, _| add_post(tx, &post, 1_000)).unwrap()
}

fn titles(store: &Store, id: PostId) -> Vec<String> {
    related_posts(store.conn(), id, 3, 5_000).unwrap().into_iter().map(|p| p.title).collect()
}

#[test]
fn shared_tags_then_title_words_then_recency_among_published_posts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let target = add(&mut store, "Target zebra", &["a", "b", "c"], Some(2_000));
    add(&mut store, "Shares one", &["a", "x"], Some(2_100));
    add(&mut store, "Shares three", &["a", "b", "c"], Some(2_000));
    add(&mut store, "Shares two", &["b", "c"], Some(2_200));
    add(&mut store, "Draft shares three", &["a", "b", "c"], None);
    add(&mut store, "Scheduled shares three", &["a", "b", "c"], Some(9_000));
    add(&mut store, "Another zebra", &["z"], Some(2_300));
    add(&mut store, "Shares one too", &["x", "c"], Some(2_400));
    assert_eq!(titles(&store, target), ["Shares three", "Shares two", "Shares one too"]);
    let zebra = add(&mut store, "Lonely zebra", &["y"], Some(2_500));
    assert_eq!(titles(&store, zebra), ["Another zebra", "Target zebra"]);
    let alone = add(&mut store, "Nothing alike", &["w"], Some(2_600));
    assert!(titles(&store, alone).is_empty());
}

#[test]
fn among_equal_tags_more_shared_title_words_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let target = add(&mut store, "Tuning Postgres vacuum settings", &["db"], Some(2_000));
    add(&mut store, "Postgres vacuum settings explained", &["db"], Some(2_100));
    add(&mut store, "Postgres replication", &["db"], Some(2_300));
    add(&mut store, "Unrelated but newest", &["db"], Some(2_400));
    assert_eq!(
        titles(&store, target),
        ["Postgres vacuum settings explained", "Postgres replication", "Unrelated but newest"]
    );
}

#[test]
fn title_words_skip_short_and_common_ones() {
    assert_eq!(
        query_words("How a Reverse Proxy Earns Its Keep, and why that matters and more besides, truly, madly"),
        ["reverse", "proxy", "earns", "keep", "matters", "besides"]
    );
    assert!(query_words("A to Z").is_empty());
}

/// A small deterministic generator (no crate for it): the same numbers every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn the_whole_blog_index_finds_what_each_post_alone_finds() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let words = ["rust", "sqlite", "terminal", "feeds", "café", "cafe", "markdown", "proxy", "caching", "write"];
    // Three tags over 700 posts: each has more than `PER_TAG` posts, so the cut counts too.
    let tags = ["a", "b", "c"];
    let mut rng = Lcg(7);
    let mut ids = Vec::new();
    for n in 0..700 {
        let title: Vec<&str> = (0..1 + rng.next(4)).map(|_| words[rng.next(words.len())]).collect();
        let picked: Vec<&str> = (0..rng.next(4)).map(|_| tags[rng.next(tags.len())]).collect();
        let mut unique = picked.clone();
        unique.sort_unstable();
        unique.dedup();
        // Drafts and scheduled posts too: they hold places among a tag's newest, then drop.
        let publish_at = match rng.next(10) {
            0 => None,
            1 => Some(9_000),
            _ => Some(1_000 + rng.next(500) as i64),
        };
        ids.push(add(&mut store, &format!("{} {n}", title.join(" ")), &unique, publish_at));
    }
    let index = SimilarIndex::build(store.conn(), 5_000).unwrap();
    let mut found = 0;
    for id in ids {
        let one: Vec<PostId> = related_posts(store.conn(), id, 3, 5_000).unwrap().iter().map(|p| p.id).collect();
        assert_eq!(index.similar(id, 3), one, "post {id}");
        found += one.len();
    }
    assert!(found > 1500, "the blog is alike enough to test the ranking: {found}");
}

#[test]
fn the_index_fingerprint_follows_titles_tags_and_publication_only() {
    use crate::store::{PostChanges, update_post};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let a = add(&mut store, "Tuning Postgres", &["db"], Some(2_000));
    add(&mut store, "Postgres again", &["db"], Some(2_100));
    let print = |store: &Store, now| SimilarIndex::build(store.conn(), now).unwrap().fingerprint();
    let start = print(&store, 5_000);
    assert_eq!(print(&store, 5_000), start, "the same store, the same fingerprint");
    let change = |store: &mut Store, changes: PostChanges| {
        store.write(|tx, now| update_post(tx, a, &changes, now)).unwrap();
        print(store, 5_000)
    };
    let summary = PostChanges { summary: Some("New".into()), body: Some("Other".into()), ..Default::default() };
    assert_eq!(change(&mut store, summary), start, "a summary or body has no say in similar posts");
    let title = PostChanges { title: Some(Title::parse("Tuning Postgres more").unwrap()), ..Default::default() };
    let titled = change(&mut store, title);
    assert_ne!(titled, start);
    let tags = PostChanges { tags: Some(TagName::parse_all(&["db", "ops"]).unwrap()), ..Default::default() };
    assert_ne!(change(&mut store, tags), titled);
    // A scheduled post going live changes which posts may be shown.
    add(&mut store, "Postgres later", &["db"], Some(6_000));
    assert_ne!(print(&store, 5_000), print(&store, 7_000));
}
