#!/usr/bin/env bash
# Measures newsboat on the posts of a byline database, for comparison with byline's reader:
#   scripts/newsboat_bench.sh DB [RUNS]
# 1. exports the published posts as one RSS 2.0 file (the export_rss example, which reads
#    through byline's store API);
# 2. loads it into a fresh newsboat cache through a file:// URL (`newsboat -x reload`), timed, with
#    peak memory from /usr/bin/time;
# 3. measures newsboat's start to the feed list on screen, then Enter to the article list, and its
#    peak memory (VmHWM), in a 120x40 tmux session (scripts/first_frame.py).
# Everything lives in a temporary directory (HOME too, so no real newsboat setup is touched),
# removed at the end unless KEEP=1. Needs newsboat, tmux, python3, GNU time and cargo.
set -euo pipefail

db=${1:?usage: $0 DB [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/newsboat-bench.XXXXXX")
if [[ ${KEEP:-0} != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi

for tool in newsboat tmux python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 1; }
done
newsboat --version | head -1

(cd "$here/.." && cargo run --quiet --release --example export_rss -- "$db" "$work/feed.rss")
echo "rss file: $(du -h "$work/feed.rss" | cut -f1)"
echo "file://$work/feed.rss" >"$work/urls"
: >"$work/config"
nb=(env HOME="$work" newsboat -u "$work/urls" -c "$work/cache.db" -C "$work/config")

echo "== newsboat -x reload (loading the feed into its cache)"
/usr/bin/time -f "reload: %e s wall, %U s user, %S s sys, peak %M KiB" "${nb[@]}" -x reload
echo "cache file: $(du -h "$work/cache.db" | cut -f1)"

echo "== start to feed list, Enter to article list (tmux 120x40, $runs runs)"
python3 "$here/first_frame.py" --runs "$runs" --wait "byline bench" \
    --keys Enter --then-wait "Articles in feed" -- "${nb[@]}"
