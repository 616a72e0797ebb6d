#!/usr/bin/env bash
# `byline import` of a folder of markdown files into a fresh database (search index built) and
# Hugo building the same files, side by side in one run (the machines are noisy: only figures
# from the same run compare), then where the import's time goes (examples/import_shares.rs).
#   benches/import/vs_hugo.sh [POSTS]    (default 10000; the generator's posts are about 5 KB)
# Needs Debian's hugo (installed if missing) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-10000}
work=${BENCH_DIR:-target/bench-import}
mkdir -p "$work"
command -v hugo >/dev/null || { echo "== installing hugo"; apt-get install -y -q hugo >/dev/null; }
cargo build --release --quiet --bin byline --example generate --example import_shares
db="$work/blog-$posts.db"
[ -s "$db" ] || ./target/release/examples/generate --posts "$posts" --subscribers 0 --db "$db" >/dev/null
site="$work/site-$posts"
[ -d "$site/content" ] || python3 benches/import/markdown_site.py "$db" "$site"
echo "$(find "$site/content" -name '*.md' | wc -l) files, $(du -sh --apparent-size "$site/content" | cut -f1)"

measure() { # name, command...: wall seconds, CPU share and peak memory from GNU time (-v)
    local name=$1; shift
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
    local wall user sys cpu rss
    wall=$(grep 'Elapsed (wall' "$work/time.txt" | awk '{print $NF}')
    user=$(grep 'User time' "$work/time.txt" | awk '{print $NF}')
    sys=$(grep 'System time' "$work/time.txt" | awk '{print $NF}')
    cpu=$(grep 'Percent of CPU' "$work/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
    echo "$name: $wall wall, $user s user, $sys s system, $cpu CPU, $((rss / 1024)) MiB peak"
}
fresh="$work/import.db"
rm -f "$fresh" "$fresh-wal" "$fresh-shm"
./target/release/byline --db "$fresh" db init >/dev/null
measure "byline import (fresh database)" ./target/release/byline --db "$fresh" import "$site/content"
head -1 "$work/out.txt"
measure "byline import (again: all unchanged)" ./target/release/byline --db "$fresh" import "$site/content"
./target/release/byline --db "$fresh" db check
rm -rf "$site/public"
measure "hugo (full build)" hugo --quiet --source "$site"
echo "== one thread, part by part (examples/import_shares.rs)"
./target/release/examples/import_shares "$site/content"
