#!/usr/bin/env bash
# byline's site export at several blog sizes, without Hugo: wall time and peak memory of a first
# export, to show whether memory grows with the blog (issue 9 asks that it not, at 100,000 posts).
#   benches/site/export_memory.sh [POSTS...]     (default: 10000 100000)
# The generated databases are kept in target/bench-site (as vs_hugo.sh does) and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${BENCH_DIR:-target/bench-site}
mkdir -p "$work"
cargo build --release --quiet --bin byline --example generate
sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
for posts in "${sizes[@]}"; do
    db="$work/blog-$posts.db"
    [ -s "$db" ] || ./target/release/examples/generate --posts "$posts" --db "$db" >/dev/null
    out="$work/memory-site-$posts"
    rm -rf "$out"
    /usr/bin/time -f "$posts posts: %e s wall, %P CPU, %M KiB peak" \
        ./target/release/byline --db "$db" export site "$out" >/dev/null 2>"$work/time.txt" \
        || { cat "$work/time.txt"; exit 1; }
    tail -1 "$work/time.txt"
    echo "   $(find "$out" -type f | wc -l) files, largest page $(find "$out" -name '*.html' -printf '%s\n' | sort -n | tail -1) bytes"
done
