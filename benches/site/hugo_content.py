#!/usr/bin/env python3
"""Writes a byline database's published posts as a Hugo site (content, config, minimal layouts:
post pages, a paginated index, tag and author pages, RSS), so both build the same blog in the same
run. Usage: hugo_content.py DB DIR [--related]. With --related, post pages list three similar
posts as byline's do (Hugo's `.Related`); on 10,000 posts that build takes minutes, not seconds,
so the default leaves them out and Hugo does less work than byline."""
import json
import os
import sqlite3
import sys
import time

db, out = sys.argv[1], sys.argv[2]
related = "--related" in sys.argv[3:]
conn = sqlite3.connect(db)
now = int(time.time())
content = os.path.join(out, "content", "posts")
os.makedirs(content, exist_ok=True)
rows = conn.execute(
    """SELECT p.slug, p.title, a.name, p.summary, p.published_at, p.updated_at, coalesce(b.body, ''),
              (SELECT json_group_array(t.name) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.post_id = p.id)
       FROM post p LEFT JOIN author a ON a.id = p.author_id LEFT JOIN post_body b ON b.post_id = p.id
       WHERE p.published_at IS NOT NULL AND p.published_at <= ?""",
    (now,),
)
count = 0
for slug, title, author, summary, published, updated, body, tags in rows:
    front = {
        "title": title,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published)),
        "lastmod": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(max(updated, published))),
        "tags": json.loads(tags),
        "authors": [author] if author else [],
        "summary": summary,
    }
    # JSON front matter (Hugo reads it in braces): no quoting rules to get wrong.
    with open(os.path.join(content, f"{slug}.md"), "w", encoding="utf-8") as f:
        f.write(json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body)
    count += 1

with open(os.path.join(out, "config.toml"), "w") as f:
    f.write('''baseURL = "https://example.org/"
title = "Bench"
disableKinds = []
paginate = 10
[taxonomies]
tag = "tags"
author = "authors"
[related]
includeNewer = true
threshold = 0
toLower = true
[[related.indices]]
name = "tags"
weight = 100
[markup.highlight]
noClasses = false
''')
layouts = os.path.join(out, "layouts", "_default")
os.makedirs(layouts, exist_ok=True)
files = {
    "baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    '{{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}'
    '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>By {{ delimit (.Params.authors | default (slice)) ", " }}'
    ' {{ .Date.Format "2006-01-02" }}</p>{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}'
    '{{ .Content }}</article>'
    + ('<section><h2>Similar posts</h2>{{ range first 3 (.Site.RegularPages.Related .) }}'
       '<a href="{{ .RelPermalink }}"><h3>{{ .Title }}</h3><p>{{ .Summary }}</p></a>{{ end }}</section>' if related else '')
    + '{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
    ' {{ .Date.Format "2006-01-02" }} {{ .Summary }}</p>{{ end }}{{ end }}',
    "terms.html": '{{ define "main" }}{{ range .Data.Terms }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}{{ end }}',
}
for name, text in files.items():
    with open(os.path.join(layouts, name), "w") as f:
        f.write(text)
with open(os.path.join(out, "layouts", "index.html"), "w") as f:
    f.write(files["list.html"].replace('{{ define "main" }}', "").replace("{{ end }}{{ end }}", "{{ end }}")
            .join(['<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head><body>',
                   "</body></html>"]))
print(f"{count} posts written to {out}", file=sys.stderr)
