#!/usr/bin/env python3
"""Writes every post of a byline database (the generator's: about 5 KB of markdown each) as a
markdown file with YAML front matter, Hugo's usual shape, into DIR/content/posts, and a minimal
Hugo config and layouts beside it, so `byline import` and `hugo` read the same files.
Usage: markdown_site.py DB DIR. Drafts get `draft: true` (Hugo leaves them out; byline keeps them
as drafts)."""
import json
import os
import sqlite3
import sys
import time

db, out = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
content = os.path.join(out, "content", "posts")
os.makedirs(content, exist_ok=True)


def when(secs):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(secs))


def text(s):
    # A JSON string is a YAML double-quoted string: no quoting rules to get wrong.
    return json.dumps(s, ensure_ascii=False)


rows = conn.execute(
    """SELECT p.slug, p.title, a.name, p.summary, p.created_at, p.published_at, p.updated_at, coalesce(b.body, ''),
              (SELECT json_group_array(t.name) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = p.id)
       FROM post p LEFT JOIN author a ON a.id = p.author_id LEFT JOIN post_body b ON b.post_id = p.id"""
)
count = 0
for slug, title, author, summary, created, published, updated, body, tags in rows:
    lines = ["---", f"title: {text(title)}", f"date: {when(published or created)}", f"lastmod: {when(updated)}"]
    lines.append("tags:")
    lines += [f"  - {text(t)}" for t in json.loads(tags)]
    if author:
        lines.append(f"author: {text(author)}")
    if summary:
        lines.append(f"summary: {text(summary)}")
    if published is None:
        lines.append("draft: true")
    lines.append("---")
    with open(os.path.join(content, f"{slug}.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n\n" + body)
    count += 1

with open(os.path.join(out, "config.toml"), "w") as f:
    f.write('baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term"]\n')
layouts = os.path.join(out, "layouts", "_default")
os.makedirs(layouts, exist_ok=True)
with open(os.path.join(layouts, "single.html"), "w") as f:
    f.write("<h1>{{ .Title }}</h1>{{ .Content }}\n")
with open(os.path.join(layouts, "list.html"), "w") as f:
    f.write("{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n")
print(f"wrote {count} markdown files to {content}")
