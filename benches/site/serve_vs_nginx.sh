#!/usr/bin/env bash
# `byline serve` against nginx on the same exported folder and the same post page, in one run:
#   benches/site/serve_vs_nginx.sh           # a 10,000-post blog (POSTS=N, or BLOG_DB=path)
#   WRK="-t2 -c50 -d10s" benches/site/serve_vs_nginx.sh
# 1. exports the site once, by starting `byline serve --dir SITE` (release build);
# 2. runs nginx (not as a daemon, on another loopback port) with the server block of README.md's
#    nginx section, rooted at SITE, after `nginx -t` has checked it; checks that block's answers
#    (200 with its cache header, the 301 to a slash, the theme's 404 page, no dotfiles from either);
# 3. runs wrk against the post page on each, and prints requests/s, p99 and the factor.
# Needs wrk and nginx (Debian: apt-get install wrk nginx), curl, cargo. Not part of cargo test.
set -euo pipefail
source "$(dirname "$0")/common.sh"

for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed (apt-get install wrk nginx curl)" >&2; exit 1; }
done
wrk_args=(${WRK:--t2 -c50 -d10s})

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-serve-bench.XXXXXX")
cleanup() {
    # Each stopped and waited for; a failure here must not leave the other running.
    for pid in ${nginx_pid:-} ${serve_pid:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
# nginx's workers run as another user (nobody) when started by root: they must reach the site.
chmod 755 "$work"

build
make_blog "$work"
start_serve "$work" "$work/site"
post=$(first_post "$work/site")

# nginx: README.md's server block, listening on a free loopback port, rooted at the same folder.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(awk '/^```nginx$/ {on = 1; next} on && /^```$/ {exit} on' "$root/README.md")
[[ -n $server ]] || { echo "$0: no \`\`\`nginx block in README.md" >&2; exit 1; }
server=$(sed -e "s|^\( *\)listen 80;|\1listen 127.0.0.1:$port;|" -e "s|^\( *\)root /srv/blog;|\1root $work/site;|" <<<"$server")
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
$server
}
CONF
nginx -t -q -c "$work/nginx/nginx.conf" -p "$work/nginx/"
echo "nginx -t: the README's server block is valid"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx/" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs -o /dev/null "$nginx_url/" && break; sleep 0.1; done

# What the README's block answers, beside byline serve's answers to the same requests.
expect() { # URL STATUS [HEADER-LINE-PATTERN]
    local head
    head=$(curl -s -o /dev/null -D - "$1" | tr -d '\r')
    grep -q "^HTTP/[0-9.]* $2" <<<"$head" || { echo "$1: expected $2, got: $(head -1 <<<"$head")" >&2; exit 1; }
    [[ -z ${3:-} ]] || grep -qi "$3" <<<"$head" || { echo "$1: no '$3' in:"$'\n'"$head" >&2; exit 1; }
}
for base in "$nginx_url" "$serve_url"; do
    expect "$base$post" 200 '^cache-control: no-cache'
    expect "$base/style.css" 200 '^cache-control: public, max-age=86400'
    expect "$base/feed.xml" 200 '^content-type: application/rss+xml'
    expect "$base${post%/}" 301 "^location: .*$post\$"
    expect "$base/no/such/page/" 404
    curl -s "$base/no/such/page/" | grep -q 'Page not found' || { echo "$base: not the theme's 404 page" >&2; exit 1; }
done
for base in "$nginx_url" "$serve_url"; do
    expect "$base/.byline-site" 404
    expect "$base/.byline-similar" 404
done
gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$nginx_url$post")
echo "checked: both answer the post, stylesheet, feed, redirect and 404 alike (nginx sends the post gzipped: $gz bytes)"

echo
echo "wrk ${wrk_args[*]} --latency on $post ($(wc -c <"$work/site$post/index.html") bytes)"
run() { # NAME URL
    local out rps p99
    out=$(wrk "${wrk_args[@]}" --latency "$2$post")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-13s %12s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
    grep -E 'Socket errors|Non-2xx' <<<"$out" >&2 || true
    echo "$rps"
}
serve_rps=$(run "byline serve" "$serve_url")
nginx_rps=$(run "nginx" "$nginx_url")
awk -v s="$serve_rps" -v n="$nginx_rps" 'BEGIN { printf "nginx / byline serve: %.2fx\n", n / s }'
