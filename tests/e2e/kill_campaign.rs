//! kill -9 at random points during every long write (issue 13): a bulk import, a compose
//! autosave, a subscriber CSV import, a newsletter send, a site export and a feed refresh.
//! After each kill the file passes `byline db check` and holds only whole writes; a re-run
//! finishes the work. Kill points come from a seed printed at the start (shown when a test
//! fails); `BYLINE_KILL_SEED=N` replays one.

mod compose;
mod csv;
mod export;
mod import;
mod newsletter;
mod refresh;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Kills per operation that land while the work runs: the issue asks for 50 or more.
pub const KILLS: usize = 50;

/// A small xorshift: the same seed gives the same kill points.
pub struct Dice(u64);

impl Dice {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    /// A delay from zero to `up_to`.
    pub fn delay(&mut self, up_to: Duration) -> Duration {
        Duration::from_micros(self.below(up_to.as_micros() as u64 + 1))
    }
}

/// One operation's campaign: its seed, and how many kills were tried and landed mid-work.
pub struct Campaign {
    pub name: &'static str,
    pub seed: u64,
    pub dice: Dice,
    pub tried: usize,
    pub landed: usize,
    /// How long the last killed run took when it ended before its kill point.
    pub ran_to_end: Option<Duration>,
    started: Instant,
}

impl Campaign {
    pub fn new(name: &'static str) -> Campaign {
        let seed = std::env::var("BYLINE_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        }) | 1;
        eprintln!("kill campaign {name}: seed {seed} (replay with BYLINE_KILL_SEED={seed})");
        Campaign { name, seed, dice: Dice(seed), tried: 0, landed: 0, ran_to_end: None, started: Instant::now() }
    }

    /// A kill point for an operation that takes `typical` when let finish: from the start to
    /// four fifths of it (a run timed once can be slower than the next ones).
    pub fn point(&mut self, typical: Duration) -> Duration {
        self.dice.delay(typical.mul_f64(0.8))
    }

    /// Starts `cmd`, lets it run for `after` (or until it ends), then SIGKILLs it. Returns
    /// whether it was still running, i.e. the kill landed mid-work.
    pub fn kill_after(&mut self, cmd: &mut Command, after: Duration) -> bool {
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let start = Instant::now();
        self.ran_to_end = None;
        while start.elapsed() < after {
            if child.try_wait().unwrap().is_some() {
                self.ran_to_end = Some(start.elapsed());
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let running = child.try_wait().unwrap().is_none();
        // SIGKILL: no destructor, no last write, no cleanup.
        let _ = child.kill();
        child.wait().unwrap();
        self.count(running);
        running
    }

    /// Counts a kill done elsewhere (the TUI's, in a pseudo-terminal).
    pub fn count(&mut self, landed: bool) {
        self.tried += 1;
        self.landed += usize::from(landed);
    }

    /// A failure message naming the seed.
    pub fn at(&self, what: impl std::fmt::Display) -> String {
        format!("{} kill {} (seed {}): {what}", self.name, self.tried, self.seed)
    }

    /// Whether to go on: until `KILLS` kills have landed while the work ran (a run can be
    /// quicker than the one timed, so some kills come after its end). Fails when too few land:
    /// the work is then too short to be killed in the middle.
    pub fn more(&self) -> bool {
        assert!(
            self.tried < 4 * KILLS,
            "{}: only {} of {} kills landed while the work ran: the work is too short (seed {})",
            self.name,
            self.landed,
            self.tried,
            self.seed
        );
        self.landed < KILLS
    }

    /// Prints the summary line.
    pub fn finish(&self) {
        eprintln!(
            "kill campaign {}: {} kills tried, {} landed mid-work, all survived ({:.1} s, seed {})",
            self.name,
            self.tried,
            self.landed,
            self.started.elapsed().as_secs_f64(),
            self.seed
        );
        assert!(self.landed >= KILLS, "{}: only {} kills landed", self.name, self.landed);
    }
}

/// `byline --db DB ...` as a std Command, isolated in `home` like the other tests' helpers.
pub fn byline(home: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(crate::common::BIN);
    cmd.env("HOME", home.join("home"))
        .env("XDG_DATA_HOME", home.join("xdg"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("TZ", "UTC")
        .env_remove("BYLINE_CONFIG")
        .env_remove("BYLINE_DB")
        .env_remove("BYLINE_SMTP_URL")
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .arg("--db")
        .arg(db);
    cmd
}

/// Runs a command to the end; it must succeed. Returns stdout.
pub fn run(mut cmd: Command, what: &str) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `cmd` to the end and returns how long it took (the op's typical duration).
/// `byline db init` on a new database file: the empty blog each campaign starts from.
pub fn init(home: &Path, db: &Path) {
    let mut cmd = byline(home, db);
    cmd.args(["db", "init"]);
    run(cmd, "db init");
}

pub fn timed(cmd: Command, what: &str) -> Duration {
    let start = Instant::now();
    run(cmd, what);
    start.elapsed()
}

/// `byline db check` passes on the file (integrity, foreign keys, the search index).
pub fn db_check(c: &Campaign, home: &Path, db: &Path) {
    let mut cmd = byline(home, db);
    cmd.args(["--json", "db", "check"]);
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("\"ok\": true"),
        "{}",
        c.at(format!("db check failed: {text} {}", String::from_utf8_lossy(&out.stderr)))
    );
}

/// The slugs `byline search WORDS` finds.
pub fn search(home: &Path, db: &Path, words: &str) -> Vec<String> {
    let mut cmd = byline(home, db);
    cmd.args(["--json", "search", words]);
    let found: Value = serde_json::from_str(&run(cmd, "search")).unwrap();
    found.as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_string()).collect()
}

/// Copies a prepared database over `to` (and drops any WAL left by a killed run).
pub fn restore(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, to).unwrap();
}

/// A direct read connection for counting rows.
pub fn open(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// One integer from a query.
pub fn count(db: &Path, sql: &str) -> i64 {
    open(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Folds the WAL into the file, so a prepared database can be copied as one file.
pub fn settle(db: &Path) {
    open(db).execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
}
