//! The generator's words: real technical English plus made-up words from syllables, drawn with
//! Zipf-like frequencies so the full-text index sees the skew of real prose.

use rand::{RngExt, SeedableRng, rngs::StdRng, seq::SliceRandom};

/// Short words that fill every sentence. Most frequent first.
pub const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "it", "for", "on", "as", "with", "this", "be", "are", "by",
    "or", "at", "from", "not", "we", "you", "but", "an", "can", "when", "which", "if", "all", "has", "one", "more",
    "so", "what", "its", "there", "than", "into", "then", "only", "each", "how", "our", "these", "most", "also",
    "every", "they", "will", "should", "over", "just", "once", "before", "after", "without", "while", "because",
    "much",
];

/// Real words a technical blog uses, spread over the commonest 30% of the content vocabulary.
#[rustfmt::skip]
pub const TECH_WORDS: &[&str] = &[
    "server", "servers", "service", "services", "serve", "serving", "serverless", "servlet", "serial", "serialize",
    "serialization", "series", "session", "sessions", "search", "secure", "security", "segment", "select",
    "selector", "semantic", "send", "sender", "sequence", "setting", "settings", "setup", "shard", "shell",
    "signal", "socket", "source", "stack", "state", "static", "storage", "store", "stream", "string", "struct",
    "sync", "syntax", "system", "schema", "scheduler", "scope", "script", "scroll", "snapshot", "sort", "span",
    "spec", "sqlite", "stable", "stdout", "step", "abstraction", "access", "account", "adapter", "address",
    "algorithm", "allocation", "allocator", "analysis", "api", "application", "architecture", "array", "assertion",
    "async", "attribute", "authentication", "authorization", "backend", "backup", "bandwidth", "benchmark",
    "binary", "bit", "block", "boolean", "branch", "browser", "buffer", "bug", "build", "byte", "cache", "caching",
    "callback", "certificate", "channel", "checksum", "client", "cloud", "cluster", "code", "codec", "column",
    "command", "commit", "compiler", "component", "compression", "concurrency", "config", "configuration",
    "connection", "console", "container", "context", "cookie", "core", "counter", "crash", "cursor", "daemon",
    "dashboard", "data", "database", "deadlock", "debug", "debugger", "default", "dependency", "deploy",
    "deployment", "design", "developer", "device", "directory", "disk", "domain", "driver", "editor", "element",
    "encoding", "encryption", "endpoint", "engine", "error", "event", "exception", "executor", "export", "feature",
    "feed", "field", "file", "filter", "firewall", "flag", "format", "framework", "frontend", "function", "gateway",
    "graph", "handler", "hash", "header", "heap", "host", "hostname", "html", "http", "https", "image", "import",
    "index", "input", "instance", "integer", "interface", "interrupt", "iterator", "javascript", "job", "json",
    "kernel", "key", "keyboard", "language", "latency", "layer", "layout", "library", "limit", "link", "linux",
    "list", "listener", "load", "lock", "log", "logging", "loop", "machine", "macro", "markdown", "memory",
    "message", "metadata", "method", "metric", "middleware", "migration", "model", "module", "monitor", "mutex",
    "namespace", "network", "node", "object", "offset", "operator", "optimizer", "option", "output", "package",
    "packet", "page", "pagination", "parser", "partition", "password", "patch", "path", "payload", "performance",
    "permission", "pipeline", "platform", "plugin", "pointer", "policy", "pool", "port", "process", "processor",
    "profile", "profiler", "program", "protocol", "proxy", "query", "queue", "range", "rank", "reader", "record",
    "recursion", "redirect", "reference", "refresh", "register", "release", "replica", "replication", "repository",
    "request", "resolver", "resource", "response", "retry", "router", "routing", "row", "runtime", "rust",
    "sandbox", "terminal", "test", "testing", "text", "thread", "throughput", "timeout", "timestamp", "token",
    "tokenizer", "trace", "transaction", "tree", "trigger", "tuple", "type", "unicode", "update", "upload", "url",
    "user", "validation", "value", "variable", "vector", "version", "view", "virtual", "volume", "web", "webhook",
    "widget", "window", "worker", "workflow", "write", "writer", "yield", "zone",
];

/// A few words with accents, so search and snippets meet non-ASCII text.
pub const ACCENTED_WORDS: &[&str] =
    &["café", "naïve", "façade", "déjà", "über", "résumé", "jalapeño", "smörgåsbord", "crème", "Zürich"];

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "fl",
    "gr", "pl", "pr", "sk", "sl", "sp", "st", "str", "th", "tr", "ch", "sh",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou"];
const CODAS: &[&str] = &["", "", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "rk", "st", "x", "ng"];

/// Draws indices 0..n with probability proportional to 1 / (rank + 1 + offset)^s: Zipf's law, with
/// Mandelbrot's offset flattening the head so no single word swamps the text.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, s: f64, offset: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / ((i + 1) as f64 + offset).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn sample(&self, rng: &mut StdRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative.partition_point(|&c| c <= x).min(self.cumulative.len().saturating_sub(1))
    }
}

/// The whole vocabulary: function words, and content words ranked by how common they are.
pub struct Vocabulary {
    /// Content words, most common first.
    pub content: Vec<String>,
    content_zipf: Zipf,
    function_zipf: Zipf,
}

impl Vocabulary {
    /// About `size` content words; the same seed always gives the same words in the same order.
    pub fn new(seed: u64, size: usize) -> Vocabulary {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x766f_6361_6275_6c61);
        let mut seen: std::collections::HashSet<String> =
            FUNCTION_WORDS.iter().chain(TECH_WORDS).map(|w| w.to_string()).collect();
        // Rank keys: real words get keys below 0.3, so they land among the commoner ranks.
        let mut keyed: Vec<(f64, String)> =
            TECH_WORDS.iter().map(|w| (rng.random::<f64>() * 0.3, w.to_string())).collect();
        keyed.extend(ACCENTED_WORDS.iter().map(|w| (0.3 + rng.random::<f64>() * 0.7, w.to_string())));
        while keyed.len() < size {
            let syllables = [1, 2, 2, 2, 3][rng.random_range(0..5)];
            let word: String = (0..syllables)
                .map(|_| {
                    let pick = |list: &[&'static str], rng: &mut StdRng| list[rng.random_range(0..list.len())];
                    format!("{}{}{}", pick(ONSETS, &mut rng), pick(VOWELS, &mut rng), pick(CODAS, &mut rng))
                })
                .collect();
            if word.len() >= 4 && seen.insert(word.clone()) {
                keyed.push((rng.random::<f64>(), word));
            }
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        let content: Vec<String> = keyed.into_iter().map(|(_, w)| w).collect();
        let content_zipf = Zipf::new(content.len(), 1.1, 8.0);
        Vocabulary { content, content_zipf, function_zipf: Zipf::new(FUNCTION_WORDS.len(), 1.0, 1.0) }
    }

    pub fn content_word(&self, rng: &mut StdRng) -> &str {
        &self.content[self.content_zipf.sample(rng)]
    }

    pub fn function_word(&self, rng: &mut StdRng) -> &'static str {
        FUNCTION_WORDS[self.function_zipf.sample(rng)]
    }

    /// A post's topic: a dozen content words it keeps coming back to, some common, some rare.
    pub fn topic(&self, rng: &mut StdRng) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        while words.len() < 12 {
            let w = if rng.random_bool(0.5) {
                self.content_word(rng).to_string()
            } else {
                self.content[rng.random_range(0..self.content.len())].clone()
            };
            if !words.contains(&w) {
                words.push(w);
            }
        }
        words.shuffle(rng);
        words
    }
}

/// Writes text in the voice of one post: mostly common words, its topic words now and then.
pub struct Writer<'a> {
    pub vocab: &'a Vocabulary,
    pub topic: Vec<String>,
}

impl Writer<'_> {
    pub fn word(&self, rng: &mut StdRng) -> String {
        let x = rng.random::<f64>();
        if x < 0.42 {
            self.vocab.function_word(rng).to_string()
        } else if x < 0.54 {
            self.topic[rng.random_range(0..self.topic.len())].clone()
        } else {
            self.vocab.content_word(rng).to_string()
        }
    }

    /// A content word, never a filler: for titles, headings, list items and link text.
    pub fn noun(&self, rng: &mut StdRng) -> String {
        if rng.random_bool(0.6) {
            self.topic[rng.random_range(0..self.topic.len())].clone()
        } else {
            self.vocab.content_word(rng).to_string()
        }
    }

    /// A sentence of `min..=max` words, capitalised, with commas, inline markdown and a full stop.
    pub fn sentence(&self, rng: &mut StdRng, min: usize, max: usize, inline: bool) -> String {
        let n = rng.random_range(min..=max);
        let mut out = String::new();
        for i in 0..n {
            let mut w = self.word(rng);
            if i == 0 {
                w = capitalise(&w);
            }
            if inline {
                let r = rng.random::<f64>();
                w = if r < 0.015 {
                    format!("*{w}*")
                } else if r < 0.025 {
                    format!("**{w}**")
                } else if r < 0.04 {
                    format!("`{w}`")
                } else if r < 0.048 {
                    let other = self.noun(rng);
                    format!("[{w} {other}](https://example.org/{}/{})", w.to_lowercase(), other.to_lowercase())
                } else {
                    w
                };
            }
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&w);
            if i + 1 < n && i > 2 && rng.random_bool(0.08) {
                out.push(',');
            }
        }
        out.push(if rng.random_bool(0.06) { '?' } else { '.' });
        out
    }
}

/// First letter upper-case, the rest as it was.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
