//! A large, realistic blog written through the store API: posts of about 5 KB of varied markdown,
//! 20 authors, 200 tags of skewed popularity, ten years of dates, drafts, scheduled posts and
//! subscribers. Shared by the `generate` example and the store benchmarks.

use byline::domain::{Email, NewPost, SubscriberStatus, TagName, Title};
use byline::store::{self, Store, StoreError};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use crate::vocab::{Vocabulary, Writer, Zipf, capitalise};

/// Posts written per transaction: large enough that commits are not the cost.
const BATCH: usize = 1000;
const YEAR: i64 = 365 * 24 * 3600 + 6 * 3600;

#[rustfmt::skip]
pub const AUTHORS: &[&str] = &[
    "Elena Marsh", "Tomás Herrera", "Aiko Tanaka", "Ingrid Sørensen", "Kwame Mensah", "Priya Raman", "Łukasz Nowak",
    "Zoë Adeyemi", "Marcus Webb", "Chloé Girard", "Daniel Okafor", "Mei Lin", "Sven Lindqvist", "Fatima Zahra",
    "Oliver Grant", "Nadia Petrova", "José Álvarez", "Hannah Becker", "Ravi Iyer", "Grace O'Neill",
];

/// Real tag names; the rest of the 200 are made from the vocabulary.
#[rustfmt::skip]
const REAL_TAGS: &[&str] = &[
    "rust", "databases", "performance", "web", "servers", "sqlite", "security", "testing", "devops", "linux",
    "networking", "caching", "search", "terminal", "tooling", "frontend", "backend", "cloud", "design", "c++",
    "python", "javascript", "go", "compilers", "concurrency", "observability", "http", "api design", "storage",
    "career", "open source", "privacy", "accessibility", "typography", "markdown", "email", "cryptography", "ci",
    "containers", "kubernetes", "postgres", "machine learning", "algorithms", "data structures", "debugging",
    "profiling", "memory", "unicode", "localisation", "writing",
];

/// Titles that exercise display width and diacritics.
const NON_ASCII_TITLE_WORDS: &[&str] =
    &["café", "naïveté", "Zürich", "São Paulo", "日本語", "東京", "Ελληνικά", "Москва", "🚀", "Ünïcode", "fjörd"];

#[rustfmt::skip]
const TITLE_SHAPES: &[&str] = &[
    "How {0} {1} Works", "Why {0} Needs {1}", "{0} and {1}: {2} in Practice", "Notes on {0} {1}",
    "A Field Guide to {0} {1}", "{0} {1} without {2}", "What I Learned Rebuilding {0} {1}", "The Case for {0} {1}",
    "{0}, {1} and the {2} Problem", "Ten Years of {0} {1}", "When {0} Meets {1}", "Understanding {0} {1} {2}",
    "{0} {1}: a Short Tour", "Making {0} {1} Fast", "Debugging {0} in {1}",
];

const CODE_LANGS: &[&str] = &["rust", "sql", "sh", "python", "toml", "js", ""];

/// How to build the blog. The same options always give the same posts (dates are relative to `now`).
#[derive(Debug, Clone)]
pub struct Options {
    pub posts: usize,
    pub subscribers: usize,
    pub seed: u64,
    /// The reference time: dates span the ten years before it; scheduled posts come after it.
    pub now: i64,
}

/// The fixed parts of a blog: vocabulary, tags and the popularity of tags and authors.
pub struct Blog {
    vocab: Vocabulary,
    tags: Vec<TagName>,
    tag_zipf: Zipf,
    author_zipf: Zipf,
}

impl Blog {
    pub fn new(seed: u64) -> Blog {
        let vocab = Vocabulary::new(seed, 8000);
        let mut names: Vec<String> = REAL_TAGS.iter().map(|t| t.to_string()).collect();
        // Made-up tags come from the rarer half of the vocabulary, so they are not also common words.
        let mut i = vocab.content.len() / 2;
        while names.len() < 200 {
            let w = &vocab.content[i];
            if !names.iter().any(|n| n.eq_ignore_ascii_case(w)) {
                names.push(w.clone());
            }
            i += 7;
        }
        let tags = names.iter().map(|n| TagName::parse(n).expect("generated tags are valid")).collect();
        Blog { vocab, tags, tag_zipf: Zipf::new(200, 0.9, 0.0), author_zipf: Zipf::new(AUTHORS.len(), 0.7, 0.0) }
    }

    /// One post at time `at` (its creation time; publication too unless a draft or scheduled).
    pub fn post(&self, rng: &mut StdRng, at: i64, now: i64) -> NewPost {
        let writer = Writer { vocab: &self.vocab, topic: self.vocab.topic(rng) };
        let mut title = TITLE_SHAPES[rng.random_range(0..TITLE_SHAPES.len())].to_string();
        for slot in ["{0}", "{1}", "{2}"] {
            title = title.replace(slot, &capitalise(&writer.noun(rng)));
        }
        if rng.random_bool(0.03) {
            title.push(' ');
            title.push_str(NON_ASCII_TITLE_WORDS[rng.random_range(0..NON_ASCII_TITLE_WORDS.len())]);
        }
        let mut tags: Vec<TagName> = Vec::new();
        let want = rng.random_range(2..=4);
        while tags.len() < want {
            let tag = &self.tags[self.tag_zipf.sample(rng)];
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        let r = rng.random::<f64>();
        let (created_at, publish_at) = if r < 0.05 {
            (at, None)
        } else if r < 0.0505 {
            (now - rng.random_range(0..30 * 86_400), Some(now + rng.random_range(3600..90 * 86_400)))
        } else {
            (at, Some(at))
        };
        NewPost {
            title: Title::parse(&title).expect("generated titles are valid"),
            slug: None,
            author: Some(AUTHORS[self.author_zipf.sample(rng)].to_string()),
            tags,
            summary: writer.sentence(rng, 14, 28, false),
            body: body(&writer, rng),
            publish_at,
            created_at: Some(created_at),
        }
    }

    /// A subscriber: mostly active, some pending or gone; 40% follow everything, the rest 1 to 3 tags.
    fn subscriber(&self, rng: &mut StdRng, n: usize) -> (Email, Option<String>, Vec<TagName>, SubscriberStatus) {
        let email = Email::parse(&format!("reader{n}@example.org")).expect("generated addresses are valid");
        let name = rng.random_bool(0.7).then(|| {
            let author = AUTHORS[rng.random_range(0..AUTHORS.len())];
            format!("{} {n}", author.split(' ').next().unwrap_or("Reader"))
        });
        let mut tags: Vec<TagName> = Vec::new();
        if rng.random_bool(0.6) {
            let want = rng.random_range(1..=3);
            while tags.len() < want {
                let tag = &self.tags[self.tag_zipf.sample(rng)];
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
        }
        let r = rng.random::<f64>();
        let status = if r < 0.85 {
            SubscriberStatus::Active
        } else if r < 0.95 {
            SubscriberStatus::Pending
        } else {
            SubscriberStatus::Unsubscribed
        };
        (email, name, tags, status)
    }
}

/// About 5 KB of markdown (3 to 6 KB before the last section): an introduction, then sections of paragraphs, lists,
/// and now and then a code block, a quote or a table.
fn body(w: &Writer<'_>, rng: &mut StdRng) -> String {
    let target = rng.random_range(3000..6000);
    let mut out = paragraph(w, rng);
    let mut code_blocks = 0;
    while out.len() < target {
        out.push_str("\n\n## ");
        out.push_str(&heading(w, rng));
        for _ in 0..rng.random_range(1..=3) {
            out.push_str("\n\n");
            let r = rng.random::<f64>();
            if r < 0.12 {
                let numbered = rng.random_bool(0.3);
                out.push_str(&list(w, rng, numbered));
            } else if r < 0.18 && code_blocks < 2 {
                code_blocks += 1;
                out.push_str(&code_block(w, rng));
            } else if r < 0.21 {
                out.push_str("> ");
                out.push_str(&w.sentence(rng, 10, 24, true));
            } else if r < 0.23 {
                out.push_str(&table(w, rng));
            } else if r < 0.28 {
                out.push_str("### ");
                out.push_str(&heading(w, rng));
                out.push_str("\n\n");
                out.push_str(&paragraph(w, rng));
            } else {
                out.push_str(&paragraph(w, rng));
            }
        }
    }
    out.push('\n');
    out
}

fn heading(w: &Writer<'_>, rng: &mut StdRng) -> String {
    let n = rng.random_range(2..=5);
    let words: Vec<String> = (0..n).map(|i| if i == 0 { capitalise(&w.noun(rng)) } else { w.word(rng) }).collect();
    words.join(" ")
}

fn paragraph(w: &Writer<'_>, rng: &mut StdRng) -> String {
    let n = rng.random_range(3..=6);
    (0..n).map(|_| w.sentence(rng, 8, 22, true)).collect::<Vec<_>>().join(" ")
}

fn list(w: &Writer<'_>, rng: &mut StdRng, numbered: bool) -> String {
    let n = rng.random_range(3..=6);
    (0..n)
        .map(|i| {
            let marker = if numbered { format!("{}.", i + 1) } else { "-".to_string() };
            format!("{marker} {}", w.sentence(rng, 3, 12, true))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn code_block(w: &Writer<'_>, rng: &mut StdRng) -> String {
    let lang = CODE_LANGS[rng.random_range(0..CODE_LANGS.len())];
    let mut out = format!("```{lang}\n");
    for _ in 0..rng.random_range(3..=12) {
        let indent = "    ".repeat(rng.random_range(0..3));
        let (a, b, c) = (w.noun(rng), w.noun(rng), w.noun(rng));
        let line = match rng.random_range(0..4) {
            0 => format!("let {a}_{b} = {c}({});", rng.random_range(0..1000)),
            1 => format!("SELECT {a}, {b} FROM {c} WHERE id = ?;"),
            2 => format!("{a}.{b}({c}) // {}", w.word(rng)),
            _ => format!("{a} --{b} {c}"),
        };
        out.push_str(&indent);
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("```");
    out
}

fn table(w: &Writer<'_>, rng: &mut StdRng) -> String {
    let mut out = format!("| {} | {} | ms |\n|---|---|---:|", capitalise(&w.noun(rng)), capitalise(&w.noun(rng)));
    for _ in 0..rng.random_range(2..=5) {
        out.push_str(&format!("\n| {} | {} | {} |", w.noun(rng), w.noun(rng), rng.random_range(1..5000)));
    }
    out
}

/// Adds `opts.posts` posts and `opts.subscribers` subscribers to `store`, `BATCH` posts per
/// transaction, calling `progress` with the running total after each batch.
pub fn generate(store: &mut Store, opts: &Options, mut progress: impl FnMut(usize)) -> Result<(), StoreError> {
    let blog = Blog::new(opts.seed);
    let existing: i64 = store.conn().query_row("SELECT count(*) FROM post", [], |r| r.get(0))?;
    let mut rng = StdRng::seed_from_u64(opts.seed.wrapping_add((existing as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
    // Creation times spread evenly over ten years and sorted, so ids grow with dates as in a real blog.
    let start = opts.now - 10 * YEAR;
    let mut times: Vec<i64> = (0..opts.posts).map(|_| rng.random_range(start..opts.now)).collect();
    times.sort_unstable();
    let mut written = 0;
    for chunk in times.chunks(BATCH) {
        let posts: Vec<NewPost> = chunk.iter().map(|&at| blog.post(&mut rng, at, opts.now)).collect();
        store.write(|tx, _| {
            for post in &posts {
                store::add_post(tx, post, opts.now)?;
            }
            Ok(())
        })?;
        written += posts.len();
        progress(written);
    }
    let known: i64 = store.conn().query_row("SELECT count(*) FROM subscriber", [], |r| r.get(0))?;
    let subscribers: Vec<_> =
        (0..opts.subscribers).map(|i| blog.subscriber(&mut rng, known as usize + i + 1)).collect();
    store.write(|tx, _| {
        for (email, name, tags, status) in &subscribers {
            store::add_subscriber(tx, email, name.as_deref(), tags, *status, opts.now)?;
        }
        Ok(())
    })
}
