"""Reads a feed, JSON Feed or sitemap with real parsers and prints what they saw as JSON.

Usage: check.py feed|json|sitemap|xml PATH. Exit 3 when a parser this needs is not installed.
"""
import calendar
import json
import sys

kind, path = sys.argv[1], sys.argv[2]


def seconds(parsed):
    return calendar.timegm(parsed) if parsed else None


if kind == "feed":
    try:
        import feedparser
    except ImportError:
        print("feedparser is not installed (.ci/run installs it: python3 -m pip install feedparser)")
        sys.exit(3)
    d = feedparser.parse(path)
    print(json.dumps({
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "updated": seconds(d.feed.get("updated_parsed")),
        "self": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
        "entries": [{
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "published": seconds(e.get("published_parsed")),
            "updated": seconds(e.get("updated_parsed")),
            "author": e.get("author"),
            "tags": [t.get("term") for t in e.get("tags", [])],
            "summary": e.get("summary"),
            "content": [c.get("value") for c in e.get("content", [])],
        } for e in d.entries],
    }))
elif kind == "json":
    with open(path, encoding="utf-8") as f:
        print(json.dumps(json.load(f)))
elif kind in ("sitemap", "xml"):
    import xml.etree.ElementTree as ET
    root = ET.parse(path).getroot()
    if kind == "sitemap":
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        print(json.dumps({
            "root": root.tag,
            "urls": [[u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)]
                     for u in root.findall("s:url", ns)],
        }))
    else:
        # Every element's text and every attribute, by (namespaced) name, in document order.
        seen = {}
        for el in root.iter():
            seen.setdefault(el.tag, []).append(el.text or "")
            for k, v in el.attrib.items():
                seen.setdefault(el.tag + "@" + k, []).append(v)
        print(json.dumps(seen))
else:
    sys.exit("unknown kind " + kind)
