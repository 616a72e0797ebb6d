#!/usr/bin/env python3
"""Serves FEEDS generated RSS feeds on loopback for the refresh benchmark, spread over HOSTS
addresses (127.0.0.2, 127.0.0.3, ...: Linux answers on all of 127/8) so byline's one request at
a time per host does not serialize them. Each answer waits DELAY_MS first, to look like the
internet. ETag / If-None-Match give 304s. Writes the feed addresses (newsboat `urls` format) to
URLS_FILE, then serves until killed.

    feeds_server.py FEEDS HOSTS DELAY_MS ITEMS PORT URLS_FILE
"""
import http.server
import socketserver
import sys
import threading
import time

feeds, hosts, delay_ms, items, port, urls_file = sys.argv[1:7]
feeds, hosts, delay, items, port = int(feeds), int(hosts), int(delay_ms) / 1000, int(items), int(port)


def feed(n):
    parts = [f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Blog {n}</title>'
             f'<link>http://blog{n}.example/</link>']
    for i in range(items):
        body = f"&lt;p&gt;Post {i} of blog {n}. " + "Some words about nothing much. " * 40 + "&lt;/p&gt;"
        parts.append(f"<item><guid>blog{n}-{i}</guid><title>Post {i} of blog {n}</title>"
                     f"<link>http://blog{n}.example/{i}</link><pubDate>0{1 + i % 9} Jun 2026 10:00:00 GMT</pubDate>"
                     f"<description>{body}</description></item>")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


BODIES = {f"/feed/{n}.xml": feed(n) for n in range(feeds)}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        time.sleep(delay)
        body = BODIES.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = f'"{len(body)}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


servers = [Server((f"127.0.0.{2 + h}", port), Handler) for h in range(hosts)]
with open(urls_file, "w") as f:
    for n in range(feeds):
        f.write(f"http://127.0.0.{2 + n % hosts}:{port}/feed/{n}.xml\n")
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
