#!/usr/bin/env bash
# byline's site export and Hugo building the same blog, side by side in one run (the machines are
# noisy: only figures from the same run compare). Needs Debian's hugo (installed if missing).
#   benches/site/vs_hugo.sh [POSTS]     (default 10000; the generator's posts are about 5 KB)
# HUGO_RELATED=1 gives Hugo's post pages similar posts too (minutes at 10,000 posts; see
# hugo_content.py). Without it Hugo does less than byline: no similar posts, no per-tag feeds.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-10000}
work=${BENCH_DIR:-target/bench-site}
mkdir -p "$work"
command -v hugo >/dev/null || { echo "== installing hugo"; apt-get install -y -q hugo >/dev/null; }
cargo build --release --quiet --bin byline --example generate
db="$work/blog-$posts.db"
[ -s "$db" ] || ./target/release/examples/generate --posts "$posts" --db "$db"
rm -rf "$work/hugo" && python3 benches/site/hugo_content.py "$db" "$work/hugo" ${HUGO_RELATED:+--related}

measure() { # name, command...: wall seconds, CPU share and peak memory from GNU time
    local name=$1; shift
    /usr/bin/time -f "$name: %e s wall, %U s user, %S s system, %P CPU, %M KiB peak" "$@" >/dev/null 2>"$work/time.txt" \
        || { cat "$work/time.txt"; exit 1; }
    tail -1 "$work/time.txt"
}
rm -rf "$work/byline-site" "$work/hugo/public"
measure "hugo (full build)" hugo --quiet --source "$work/hugo"
measure "byline export site (first export)" ./target/release/byline --db "$db" export site "$work/byline-site"
measure "byline export site (nothing changed)" ./target/release/byline --db "$db" export site "$work/byline-site"
# One post edited, as an editor would: its page, the lists and the feeds that show it change.
copy="$work/edit.db"; cp "$db" "$copy"; rm -f "$copy-wal" "$copy-shm"
slug=$(./target/release/byline --db "$copy" post list --status published --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["slug"])')
./target/release/byline --db "$copy" post edit "$slug" --summary "Edited at $(date +%s)" >/dev/null
measure "byline export site (one post edited)" ./target/release/byline --db "$copy" export site "$work/byline-site"
measure "hugo (same, nothing cached)" hugo --quiet --source "$work/hugo"
echo "pages: hugo $(find "$work/hugo/public" -name '*.html' | wc -l), byline $(find "$work/byline-site" -name '*.html' | wc -l)"
