#!/usr/bin/env bash
# The re-export after editing one post, the issue-9 case (under 1 s at 10,000 posts), for one
# byline or two side by side: each run edits the store once and then times every binary's
# re-export of its own folder, in turn, so a busy machine weighs on both alike.
#   benches/site/incremental.sh [POSTS] [ROUNDS] [BYLINE...]
# Default: 10000 posts, 3 rounds, this tree's release build. Pass an older build as well (a copy
# of target/release/byline from before a change) to compare. The database is a copy of the
# generator's (target/bench-site/blog-POSTS.db, made if missing), so the edits stay out of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-10000}; rounds=${2:-3}; shift $(( $# < 2 ? $# : 2 ))
work=${BENCH_DIR:-target/bench-site}
mkdir -p "$work"
cargo build --release --quiet --bin byline --example generate
bins=("$@"); [[ ${#bins[@]} -gt 0 ]] || bins=(./target/release/byline)
db="$work/blog-$posts.db"
[ -s "$db" ] || ./target/release/examples/generate --posts "$posts" --db "$db" >/dev/null
copy="$work/incremental.db"; cp "$db" "$copy"; rm -f "$copy-wal" "$copy-shm"
measure() { # label: every binary's export of its own folder, on one line
    local line="$1:" i=0
    for b in "${bins[@]}"; do
        /usr/bin/time -f "%e s wall (%U user + %S sys), %M KiB" "$b" --db "$copy" export site "$work/incremental-$i" \
            >"$work/incremental.out" 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
        line+="  [$i] $(tail -1 "$work/time.txt"), $(grep -o '[0-9]* file(s) written' "$work/incremental.out")"
        i=$((i + 1))
    done
    echo "$line"
}
for i in "${!bins[@]}"; do rm -rf "$work/incremental-$i"; echo "[$i] ${bins[$i]}"; done
measure "first export"
measure "nothing changed"
by() { ./target/release/byline --db "$copy" post list --status published --limit "$1" --json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["slug"])'; }
newest=$(by 1); middle=$(by $((posts / 2)))
for _ in $(seq "$rounds"); do
    ./target/release/byline --db "$copy" post edit "$newest" --summary "Edited at $(date +%s%N)" >/dev/null
    measure "newest post's summary edited"
    echo "A new body, $(date +%s%N)." >"$work/body.md"
    ./target/release/byline --db "$copy" post edit "$middle" --body-file "$work/body.md" >/dev/null
    measure "a middle post's body edited"
done
