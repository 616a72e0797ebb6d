#!/usr/bin/env python3
"""Writes a byline database's published posts as one RSS 2.0 file, newest first, for feed readers
(newsboat) to load in comparisons: `scripts/export_rss.py DB OUT.rss [--title TITLE]`.

Reads the tables directly with Python's sqlite3. Debian 12's SQLite (3.40) cannot parse byline's
post_doc view (it uses `group_concat(... ORDER BY ...)`, SQLite 3.44+), so the schema is opened
with writable_schema, which skips that parse; nothing is written.
"""

import argparse
import html
import sqlite3
import sys
import time
from email.utils import formatdate
from xml.sax.saxutils import escape


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("out")
    ap.add_argument("--title", default="byline bench")
    ap.add_argument("--link", default="https://example.org/")
    args = ap.parse_args()

    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    con.execute("PRAGMA writable_schema = ON")
    now = int(time.time())
    rows = con.execute(
        """SELECT p.slug, p.title, coalesce(a.name, ''), p.summary, p.body, p.published_at,
                  (SELECT group_concat(t.name, '|') FROM post_tag pt JOIN tag t ON t.id = pt.tag_id
                   WHERE pt.post_id = p.id)
           FROM post p LEFT JOIN author a ON a.id = p.author_id
           WHERE p.published_at <= ? ORDER BY p.published_at DESC, p.id DESC""",
        (now,),
    )
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n')
        f.write(f"<title>{escape(args.title)}</title>\n<link>{escape(args.link)}</link>\n")
        f.write(f"<description>{escape(args.title)}</description>\n")
        for slug, title, author, summary, body, published, tags in rows:
            link = f"{args.link}posts/{slug}/"
            # The body as preformatted text: a reader shows the markdown as written.
            content = f"<p>{html.escape(summary)}</p><pre>{html.escape(body)}</pre>"
            f.write("<item>\n")
            f.write(f"<title>{escape(title)}</title>\n<link>{escape(link)}</link>\n")
            f.write(f'<guid isPermaLink="true">{escape(link)}</guid>\n')
            f.write(f"<pubDate>{formatdate(published, usegmt=True)}</pubDate>\n")
            if author:
                f.write(f"<author>{escape(author)}</author>\n")
            for tag in (tags or "").split("|"):
                if tag:
                    f.write(f"<category>{escape(tag)}</category>\n")
            f.write(f"<description>{escape(content)}</description>\n</item>\n")
            n += 1
        f.write("</channel>\n</rss>\n")
    print(f"wrote {n} items to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
