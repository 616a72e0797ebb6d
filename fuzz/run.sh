#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 600) and prints how many
# inputs each tried. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds come from ../shared/corpus (real feeds, exports and markdown sites) when it is there;
# the working corpora and any crash inputs stay in fuzz/corpus and fuzz/artifacts (not committed).
#   fuzz/run.sh [TARGET...]        SECONDS_EACH=60 fuzz/run.sh terminal_markdown
# No pipefail: a seed listing cut short must not end the run.
set -eu
cd "$(dirname "$0")"
seconds=${SECONDS_EACH:-600}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then mapfile -t targets < <(cargo +nightly fuzz list); fi
shared=../../shared/corpus

seed() { # target: copies files of the kinds it reads from the shared corpus into its corpus
    local dir=corpus/$1; mkdir -p "$dir"
    [ -d "$shared" ] || return 0
    case $1 in
        import_sniffed) find "$shared" -type f \( -name '*.xml' -o -name '*.atom' -o -name '*.rss' -o -name '*.json' -o -name '*.rdf' \) -size -200k ;;
        import_markdown|terminal_markdown|site_markdown) find "$shared" -type f -name '*.md' -size -64k | sed -n '1,400p' ;;
        feed_lists) find "$shared" -type f \( -name '*.opml' -o -name 'urls*' -o -name '*.html' \) -size -200k ;;
        *) ;;
    esac | while read -r f; do cp -n "$f" "$dir/$(echo "$f" | md5sum | cut -c1-16)"; done
}

# `cargo fuzz build` takes one target (or none, for all of them).
if [ $# -eq 0 ]; then
    cargo +nightly fuzz build --release >/dev/null 2>&1 || cargo +nightly fuzz build --release
else
    for t in "${targets[@]}"; do
        cargo +nightly fuzz build --release "$t" >/dev/null 2>&1 || cargo +nightly fuzz build --release "$t"
    done
fi
for t in "${targets[@]}"; do
    seed "$t"
    log=$(mktemp)
    if cargo +nightly fuzz run --release "$t" "corpus/$t" -- -max_total_time="$seconds" -print_final_stats=1 -max_len=262144 >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (see fuzz/artifacts/$t)"
    fi
    execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
    echo "$t: ${execs:-?} executions in ${seconds} s, $(ls "corpus/$t" | wc -l) corpus inputs: $result"
    [ "$result" = ok ] || tail -n 40 "$log"
    rm -f "$log"
done
