//! The schema as a list of migrations; `PRAGMA user_version` records how many have run.

use rusqlite::Connection;

use super::Result;

/// Marks a file as ours (`PRAGMA application_id`, "BYLN"), so byline never migrates another app's database.
pub const APPLICATION_ID: i64 = 0x4259_4C4E;

/// Migrations in order. Never edit one that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: posts, authors, tags, subscribers, reader state, and the full-text index.
    r#"
    CREATE TABLE author (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );

    -- Status is derived from published_at: NULL = draft, future = scheduled, past = published.
    -- Bodies live in post_body: list, count and similar-post queries read only these small rows.
    CREATE TABLE post (
        id           INTEGER PRIMARY KEY,
        slug         TEXT NOT NULL UNIQUE,
        title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
        author_id    INTEGER REFERENCES author(id),
        summary      TEXT NOT NULL DEFAULT '',
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        published_at INTEGER,
        sort_at      INTEGER GENERATED ALWAYS AS (coalesce(published_at, created_at)) STORED
    );
    CREATE INDEX post_by_date ON post(sort_at, id);
    CREATE INDEX post_by_author ON post(author_id, sort_at, id);
    CREATE TABLE post_body (
        post_id INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
        body    TEXT NOT NULL
    );

    CREATE TABLE tag (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        slug TEXT NOT NULL UNIQUE
    );
    CREATE TABLE post_tag (
        post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
        tag_id  INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
        PRIMARY KEY (post_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX post_tag_by_tag ON post_tag(tag_id, post_id);

    CREATE TABLE subscriber (
        id              INTEGER PRIMARY KEY,
        email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name            TEXT,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed')),
        token           TEXT NOT NULL UNIQUE,
        created_at      INTEGER NOT NULL,
        confirmed_at    INTEGER,
        unsubscribed_at INTEGER
    );
    CREATE TABLE subscriber_tag (
        subscriber_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,
        tag_id        INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
        PRIMARY KEY (subscriber_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX subscriber_tag_by_tag ON subscriber_tag(tag_id);

    CREATE TABLE read_state (
        post_id INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
        read_at INTEGER NOT NULL
    );
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- What the search index sees of a post. (No ORDER BY inside group_concat: the schema must
    -- stay readable by the sqlite3 shells of older systems.) The index stores no copy of the text (external
    -- content), so the store must remove a post's old row before changing it (see fts.rs).
    CREATE VIEW post_doc(id, title, summary, body, author, tags) AS
    SELECT p.id, p.title, p.summary, coalesce(b.body, ''), coalesce(a.name, ''),
           coalesce((SELECT group_concat(name, ' ') FROM (
                         SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id
                         WHERE pt.post_id = p.id ORDER BY t.name)), '')
    FROM post p LEFT JOIN author a ON a.id = p.author_id LEFT JOIN post_body b ON b.post_id = p.id;

    CREATE VIRTUAL TABLE post_fts USING fts5(
        title, summary, body, author, tags,
        content = 'post_doc', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    -- Title matches count most, then tags and summary.
    INSERT INTO post_fts(post_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0, 5.0)');
    "#,
    // 2: a trash for deleted posts (undo), and the compose pane's autosave slot.
    r#"
    -- A deleted post leaves the post table (so no query has to skip it) and waits here as a
    -- JSON snapshot until it is restored or purged.
    CREATE TABLE trash (
        id         INTEGER PRIMARY KEY,
        post_id    INTEGER NOT NULL,
        title      TEXT NOT NULL,
        snapshot   TEXT NOT NULL,
        deleted_at INTEGER NOT NULL
    );
    -- What the compose pane holds, saved every few seconds so a crash loses nothing.
    CREATE TABLE compose_autosave (
        slot     INTEGER PRIMARY KEY CHECK (slot = 1),
        draft    TEXT NOT NULL,
        saved_at INTEGER NOT NULL
    );
    "#,
    // 3: the date a post first went live, kept across unpublish and publish so republishing can
    // offer it back. NULL while the post has never been live (a draft, or only scheduled).
    r#"
    ALTER TABLE post ADD COLUMN first_published_at INTEGER;
    UPDATE post SET first_published_at = published_at
        WHERE published_at IS NOT NULL AND published_at <= CAST(strftime('%s', 'now') AS INTEGER);
    "#,
    // 4: a titles-only search index with prefix indexes for one to three letters, so search as
    // you type ranks title matches first from the first letter (see search/mod.rs). Titles are
    // small: at 100,000 posts it adds about 8 MB (1 %) and builds in about 2 s.
    r#"
    CREATE VIRTUAL TABLE IF NOT EXISTS title_fts USING fts5(
        title,
        content = 'post', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
    );
    INSERT INTO title_fts(title_fts) VALUES ('rebuild');
    -- Triggers keep it in step with post whatever path changes a title. (IF NOT EXISTS: a file
    -- whose user_version was set back, as tests of older migrations do, runs this again.)
    CREATE TRIGGER IF NOT EXISTS post_title_fts_insert AFTER INSERT ON post BEGIN
        INSERT INTO title_fts(rowid, title) VALUES (new.id, new.title);
    END;
    CREATE TRIGGER IF NOT EXISTS post_title_fts_delete AFTER DELETE ON post BEGIN
        INSERT INTO title_fts(title_fts, rowid, title) VALUES ('delete', old.id, old.title);
    END;
    CREATE TRIGGER IF NOT EXISTS post_title_fts_update AFTER UPDATE OF id, title ON post BEGIN
        INSERT INTO title_fts(title_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO title_fts(rowid, title) VALUES (new.id, new.title);
    END;
    "#,
    // 5: a stable id per post for the feeds (RSS guid, Atom id, JSON Feed id): unlike the URL it
    // survives a slug change, unpublish and publish, and a move to another domain. Existing posts get
    // a random v4 UUID here; new ones get one from the store (posts::new_guid), and the trigger is a
    // safety net for any insert that names none. Later it also keeps an imported item's GUID.
    r#"
    ALTER TABLE post ADD COLUMN guid TEXT;
    UPDATE post SET guid = 'urn:uuid:' || lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
        || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6)))
        WHERE guid IS NULL;
    CREATE UNIQUE INDEX post_by_guid ON post(guid);
    CREATE TRIGGER post_guid_insert AFTER INSERT ON post WHEN new.guid IS NULL BEGIN
        UPDATE post SET guid = 'urn:uuid:' || lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
            || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
            || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
            || '-' || lower(hex(randomblob(6)))
            WHERE id = new.id;
    END;
    "#,
    // 6: sign-ups from the web waiting for their confirmation, one per subscriber. The
    // confirmation has a token of its own: the subscriber's token (unsubscribe and preferences
    // links) never confirms anything. The row also keeps what the person asked for, so an address
    // that unsubscribed stays so until its owner confirms again, and when the last confirmation
    // mail went out, so no address is mailed more often than the configured interval. (IF NOT
    // EXISTS: tests of older migrations set user_version back and run this again.)
    r#"
    CREATE TABLE IF NOT EXISTS signup (
        subscriber_id INTEGER PRIMARY KEY REFERENCES subscriber(id) ON DELETE CASCADE,
        token         TEXT NOT NULL UNIQUE,
        tags          TEXT NOT NULL DEFAULT '[]',
        requested_at  INTEGER NOT NULL,
        mailed_at     INTEGER
    );
    CREATE INDEX IF NOT EXISTS signup_by_age ON signup(requested_at);
    "#,
    // 7: newsletters. A send's recipient list is frozen into `outbox` before the first message
    // goes out; each row's status is the resume point (queued -> sending just before the handoff
    // -> sent or failed; `sending` found by a later run becomes `unknown`). Bounces per subscriber.
    // IF NOT EXISTS throughout: tests of older migrations set user_version back and run it again.
    r#"
    CREATE TABLE IF NOT EXISTS newsletter (
        post_id   INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
        frozen_at INTEGER NOT NULL,
        -- Random, part of every Message-ID of this send: the same on every retry.
        id_salt   TEXT NOT NULL,
        -- The process sending it now, and when it last wrote: a second sender is refused.
        run_pid   INTEGER,
        run_beat  INTEGER
    );
    CREATE TABLE IF NOT EXISTS outbox (
        post_id       INTEGER NOT NULL REFERENCES newsletter(post_id) ON DELETE CASCADE,
        subscriber_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,
        status        TEXT NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown', 'skipped')),
        attempts      INTEGER NOT NULL DEFAULT 0,
        next_try_at   INTEGER NOT NULL DEFAULT 0,
        error         TEXT,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (post_id, subscriber_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS outbox_by_status ON outbox(post_id, status, next_try_at, subscriber_id);
    CREATE INDEX IF NOT EXISTS outbox_by_subscriber ON outbox(subscriber_id, updated_at);
    -- Permanent failures in a row per subscriber; bouncing_at is set when they reach the
    -- configured limit, and a bouncing address gets no more mail. (A table of its own, not
    -- columns: IF NOT EXISTS keeps the migration re-runnable, and most subscribers never bounce.)
    CREATE TABLE IF NOT EXISTS subscriber_bounce (
        subscriber_id INTEGER PRIMARY KEY REFERENCES subscriber(id) ON DELETE CASCADE,
        bounces       INTEGER NOT NULL,
        bouncing_at   INTEGER
    );
    "#,
    // 8: where an imported post came from. `source_id` is the source's own id for it (a feed
    // item's GUID, WordPress's guid, Ghost's uuid, front matter `id`): importing the same source
    // again finds the post by it, and the feeds give it as the item id, so followers of a moved
    // blog do not see its old posts as new. `source_meta` keeps, as JSON, what the source said that
    // byline has no field for (aliases, co-authors, unknown front matter keys): nothing is lost.
    r#"
    ALTER TABLE post ADD COLUMN source_id TEXT;
    ALTER TABLE post ADD COLUMN source_meta TEXT;
    CREATE UNIQUE INDEX IF NOT EXISTS post_by_source ON post(source_id) WHERE source_id IS NOT NULL;
    "#,
    // 9: followed blogs. A feed remembers what the next fetch needs (the validators of the last
    // answer, a permanent redirect's new address, when a 429/503 said to come back) and how the
    // last one went. Its items are posts with `feed_id` set (NULL: the blog's own post), keyed
    // within their feed by `feed_item` (the item's GUID, else its link) so a refresh never
    // duplicates; `source_id` stays for imports, so importing a feed file never claims an item.
    r#"
    CREATE TABLE IF NOT EXISTS feed (
        id                INTEGER PRIMARY KEY,
        url               TEXT NOT NULL UNIQUE,
        title             TEXT NOT NULL DEFAULT '',
        site_url          TEXT,
        category          TEXT,
        etag              TEXT,
        last_modified     TEXT,
        -- The address it had before a permanent redirect (301/308) moved it to `url`.
        moved_from        TEXT,
        last_error        TEXT,
        last_fetched      INTEGER,
        retry_after_until INTEGER,
        added_at          INTEGER NOT NULL
    );
    -- No REFERENCES: SQLite cannot drop a column a foreign key uses, which the tests of older
    -- files do; `feeds::remove_feed` removes a feed's items (and their index rows) first.
    ALTER TABLE post ADD COLUMN feed_id INTEGER;
    ALTER TABLE post ADD COLUMN feed_item TEXT;
    CREATE UNIQUE INDEX IF NOT EXISTS post_by_feed_item ON post(feed_id, feed_item) WHERE feed_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS post_by_feed ON post(feed_id, sort_at, id) WHERE feed_id IS NOT NULL;
    "#,
    // 10: feeds whose items carry only a summary can ask for the full article: each refresh then
    // fetches the pages of the newest items that lack it (see `follow::article`).
    r#"
    ALTER TABLE feed ADD COLUMN full_articles INTEGER NOT NULL DEFAULT 0;
    "#,
    // 11: every post by its source, then by date. A reader following hundreds of blogs holds ten
    // items for each own post or more: listing and counting the own posts walked every item too
    // (0.6 s to count 100,000 own posts among 536,000 rows), and the source picker read every
    // row to count each feed's posts (2.4 s at a million). `feed_id IS NULL` (the own posts) and
    // `feed_id = ?` are both one range of this index, in date order.
    r#"
    CREATE INDEX IF NOT EXISTS post_by_source_date ON post(feed_id, sort_at, id);
    "#,
];

/// The newest schema this binary knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Runs the migrations the file has not had yet, each in its own transaction.
pub fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another byline opening the same new file may have run this one while we waited for the lock.
        let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
