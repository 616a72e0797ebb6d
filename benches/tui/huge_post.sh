#!/usr/bin/env bash
# A huge post opened on a narrow terminal (issue 13): the real binary in tmux, timed from the key
# to the frame that shows the article, with the process's peak memory (VmHWM) and its memory
# (VmRSS) after the terminal is widened again and the article re-laid out.
#
# Then a storm of STORM resizes (default 300) while a key is pressed over and over: how long each
# key took to show on screen (the help opening and closing), and the busy time in all.
#
# usage: benches/tui/huge_post.sh [SIZE_BYTES=10000000] [PARAGRAPH_BYTES=2000] [COLUMNS=10]
# Needs tmux and python3; builds the release binary first (BUILD=0 skips it; BIN=path runs
# another binary, such as one built from an older commit).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-10000000}
PARA=${2:-2000}
COLS=${3:-10}
[ "${BUILD:-1}" = 1 ] && cargo build --release --quiet
BIN=${BIN:-$PWD/target/release/byline}
WORK=$(mktemp -d)
SESSION=huge-post-$$
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_DATA_HOME=$WORK/data XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache
DB=$WORK/blog.db
python3 benches/tui/huge_post.py "$SIZE" "$PARA" > "$WORK/post.md"
"$BIN" --db "$DB" db init >/dev/null
"$BIN" --db "$DB" post add --title "Huge" --body-file "$WORK/post.md" --publish >/dev/null
echo "post: $(wc -c < "$WORK/post.md") bytes, paragraphs of ${PARA} bytes (0 = one paragraph), ${COLS} columns"

now_ms() { date +%s%3N; }
screen() { tmux capture-pane -p -t "$SESSION"; }
# Waits until the screen matches the pattern; prints the milliseconds it took.
wait_for() {
    local pattern=$1 start=$2 limit=$(( $(now_ms) + 120000 ))
    until screen | grep -q -- "$pattern"; do
        if [ "$(now_ms)" -gt "$limit" ]; then echo "timed out waiting for $pattern" >&2; screen >&2; exit 1; fi
        sleep 0.01
    done
    echo $(( $(now_ms) - start ))
}
# CPU time the process has used, in milliseconds (utime + stime; 100 ticks a second on Linux).
cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$PID/stat"; }
# Waits until the article's text is on screen (not only its header with the note that the text
# is being laid out); prints the milliseconds it took.
wait_text() {
    local start=$1 limit=$(( $(now_ms) + 120000 )) s
    while :; do
        s=$(screen)
        if grep -q -- "By unknown" <<<"$s" && ! grep -q -- "Laying out" <<<"$s"; then break; fi
        if [ "$(now_ms)" -gt "$limit" ]; then echo "timed out waiting for the text" >&2; exit 1; fi
        sleep 0.01
    done
    echo $(( $(now_ms) - start ))
}
# Waits until the process stops using CPU (unchanged for 300 ms); prints the busy milliseconds
# since the given CPU reading: the time the UI could not answer a key.
settle() {
    local from=$1 last now same=0
    last=$(cpu_ms)
    while [ "$same" -lt 3 ]; do
        sleep 0.1
        now=$(cpu_ms)
        if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
    done
    echo $(( last - from ))
}
mem() { awk -v k="$1:" '$1 == k { printf "%.0f MiB", $2 / 1024 }' "/proc/$PID/status"; }

# A screen's text, for telling one frame from the next.
shot() { screen | md5sum; }
# Waits until the screen differs from the given shot; prints the milliseconds it took.
wait_change() {
    local before=$1 start=$2 limit=$(( $(now_ms) + 120000 ))
    while [ "$(shot)" = "$before" ]; do
        if [ "$(now_ms)" -gt "$limit" ]; then echo "timed out waiting for a new frame" >&2; exit 1; fi
        sleep 0.01
    done
    echo $(( $(now_ms) - start ))
}

tmux new-session -d -s "$SESSION" -x 80 -y 24 "$BIN --db $DB"
PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
wait_for "Huge" "$(now_ms)" >/dev/null
echo "started at 80 columns: VmRSS $(mem VmRSS)"
start=$(now_ms)
tmux send-keys -t "$SESSION" Enter
cpu=$(cpu_ms)
head=$(wait_for "By unknown" "$start")
ms=$(wait_text "$start")
busy=$(settle "$cpu")
echo "opened at 80 columns: ${head} ms to the header, ${ms} ms to the text, ${busy} ms busy; VmHWM $(mem VmHWM), VmRSS $(mem VmRSS)"
before=$(shot)
start=$(now_ms)
cpu=$(cpu_ms)
tmux resize-window -t "$SESSION" -x "$COLS" -y 24
ms=$(wait_change "$before" "$start")
busy=$(settle "$cpu")
echo "narrowed to $COLS columns: ${ms} ms to the frame, ${busy} ms busy; VmHWM $(mem VmHWM), VmRSS $(mem VmRSS)"
before=$(shot)
start=$(now_ms)
cpu=$(cpu_ms)
tmux resize-window -t "$SESSION" -x 120 -y 40
ms=$(wait_for "By unknown" "$start")
busy=$(settle "$cpu")
echo "widened to 120 columns: ${ms} ms to the frame, ${busy} ms busy; VmHWM $(mem VmHWM), VmRSS after $(mem VmRSS)"
ms=$(wait_text "$start")
echo "widened to 120 columns: ${ms} ms to the text"

# One key press: the help opening, then closing; prints both times (ms), one a line.
help_twice() {
    local t
    t=$(now_ms)
    tmux send-keys -t "$SESSION" '?'
    wait_for " Keys " "$t"
    t=$(now_ms)
    tmux send-keys -t "$SESSION" '?'
    until ! screen | grep -q " Keys "; do
        if [ $(( $(now_ms) - t )) -gt 120000 ]; then echo "timed out closing the help" >&2; exit 1; fi
        sleep 0.01
    done
    echo $(( $(now_ms) - t ))
}
# The same keys with nothing else going on: what the measuring itself costs (tmux, polling).
idle=()
for _ in 1 2 3 4 5; do
    while read -r ms; do idle+=("$ms"); done < <(help_twice)
done
sorted=$(printf '%s\n' "${idle[@]}" | sort -n)
echo "idle: ${#idle[@]} keys, median $(sed -n "$(( (${#idle[@]} + 1) / 2 ))p" <<<"$sorted") ms, slowest $(tail -1 <<<"$sorted") ms to the frame"

# The storm: sizes from 40x20 to 119x39 (room for the help box), then 100x30.
STORM=${STORM:-300}
storm() {
    local i
    for i in $(seq 1 "$STORM"); do
        tmux resize-window -t "$SESSION" -x $(( 40 + i * 7 % 80 )) -y $(( 20 + i % 20 ))
    done
    tmux resize-window -t "$SESSION" -x 100 -y 30
}
cpu=$(cpu_ms)
start=$(now_ms)
storm &
storm_pid=$!
keys=()
while kill -0 "$storm_pid" 2>/dev/null; do
    while read -r ms; do keys+=("$ms"); done < <(help_twice)
done
wait "$storm_pid"
storm_ms=$(( $(now_ms) - start ))
ms=$(wait_text "$start")
busy=$(settle "$cpu")
sorted=$(printf '%s\n' "${keys[@]}" | sort -n)
median=$(sed -n "$(( (${#keys[@]} + 1) / 2 ))p" <<<"$sorted")
slowest=$(tail -1 <<<"$sorted")
echo "storm of $STORM resizes in ${storm_ms} ms: ${#keys[@]} keys, median ${median} ms, slowest ${slowest} ms to the frame; text at 100x30 after ${ms} ms; ${busy} ms busy; VmHWM $(mem VmHWM), VmRSS $(mem VmRSS)"
tmux send-keys -t "$SESSION" q q
