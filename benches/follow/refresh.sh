#!/usr/bin/env bash
# `byline feeds refresh` of FEEDS feeds served on loopback (benches/follow/feeds_server.py),
# each answer delayed DELAY_MS to look like the internet: the first fetch (every item new) and
# a refresh where nothing changed (every feed a 304). byline's default 8 threads, and each of
# THREADS="16 32" if given. Then, in the same run and against the same server, newsboat
# (`newsboat -x reload`, if installed; NEWSBOAT=0 skips it) with its default reload-threads (1)
# and each of NEWSBOAT_THREADS (default 32), each in a fresh cache and config directory.
#   benches/follow/refresh.sh [FEEDS] [DELAY_MS] [HOSTS] [ITEMS]   (default 200 200 50 10)
# Needs python3 and GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
feeds=${1:-200}
delay=${2:-200}
hosts=${3:-50}
items=${4:-10}
port=${PORT:-18099}
work=${BENCH_DIR:-target/bench-follow}
mkdir -p "$work"
cargo build --release --quiet --bin byline
bin=./target/release/byline

rm -f "$work/server.txt"
python3 benches/follow/feeds_server.py "$feeds" "$hosts" "$delay" "$items" "$port" "$work/urls" >"$work/server.txt" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q ready "$work/server.txt" 2>/dev/null && break; sleep 0.1; done

measure() { # name, command...: wall seconds, CPU and peak memory from GNU time (-v)
    local name=$1; shift
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
    local wall cpu rss
    wall=$(grep 'Elapsed (wall' "$work/time.txt" | awk '{print $NF}')
    cpu=$(grep 'Percent of CPU' "$work/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
    echo "$name: $wall wall, $cpu CPU, $((rss / 1024)) MiB peak"
}

statuses() { # the refresh's JSON report: feeds per status, and the new items
    python3 -c 'import json, sys, collections
r = json.load(open(sys.argv[1]))
print("   ", dict(collections.Counter(x["status"] for x in r)), "new items:", sum(x["new"] for x in r))' "$1"
}

echo "$feeds feeds of $items items on $hosts loopback hosts, each answer delayed ${delay} ms"
for threads in 8 ${THREADS:-}; do
    db="$work/follow-$threads.db"
    rm -f "$db"
    $bin --db "$db" db init >/dev/null
    $bin --db "$db" feeds import "$work/urls" >/dev/null
    measure "threads $threads, first fetch" $bin --db "$db" --json feeds refresh --threads "$threads"
    statuses "$work/out.txt"
    measure "threads $threads, nothing changed" $bin --db "$db" --json feeds refresh --threads "$threads"
    statuses "$work/out.txt"
done

newsboat_items() { # the items in a newsboat cache
    python3 -c 'import sqlite3, sys
print("    items in the cache:", sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM rss_item").fetchone()[0])' "$1"
}

if [ "${NEWSBOAT:-1}" != 0 ] && command -v newsboat >/dev/null; then
    echo "$(newsboat --version | head -1)"
    for threads in default ${NEWSBOAT_THREADS:-32}; do
        dir="$work/newsboat-$threads"
        rm -rf "$dir"
        mkdir -p "$dir"
        cp "$work/urls" "$dir/urls"
        if [ "$threads" = default ]; then : >"$dir/config"; else echo "reload-threads $threads" >"$dir/config"; fi
        nb=(env HOME="$dir" XDG_CONFIG_HOME="$dir" XDG_DATA_HOME="$dir" newsboat -u "$dir/urls" -c "$dir/cache.db" -C "$dir/config" -x reload)
        measure "newsboat reload-threads $threads, first fetch" "${nb[@]}"
        newsboat_items "$dir/cache.db"
        measure "newsboat reload-threads $threads, nothing changed" "${nb[@]}"
        newsboat_items "$dir/cache.db"
    done
fi
