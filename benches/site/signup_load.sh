#!/usr/bin/env bash
# The sign-up endpoint of `byline serve` under load, and a count of what it kept:
#   benches/site/signup_load.sh                  # wrk -t2 -c50 -d10s
#   WRK="-t2 -c100 -d20s" benches/site/signup_load.sh
#   GARBAGE=1 benches/site/signup_load.sh      # two requests in three hostile (signup_load.lua)
# 1. a release build and a generated blog (POSTS=N, default 1,000; or BLOG_DB=path), its store
#    in WAL mode (checked), `byline serve` on a free loopback port with [signup] per_ip_per_hour
#    = 0 (no limit: every request comes from 127.0.0.1) and, when Postfix's smtp-sink is
#    installed, the confirmation mails going to it (else they are only logged);
# 2. wrk POSTs /subscribe with a distinct address per request (signup_load.lua) and counts the
#    answers by status;
# 3. prints requests/s and p99, serve's peak memory and the confirmations a full queue refused,
#    then counts the pending bench addresses in the store: every
#    accepted answer (2xx, 303) must be a row (0 lost). Requests still in flight when wrk stops
#    may be stored without their answer counted: they show as "stored beyond the answers".
# Needs wrk (Debian: apt-get install wrk), python3, cargo. Not part of cargo test.
set -euo pipefail
source "$(dirname "$0")/common.sh"

command -v wrk >/dev/null || { echo "$0: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
wrk_args=(${WRK:--t2 -c50 -d10s})

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-signup-bench.XXXXXX")
sink_pid=
cleanup() {
    for pid in ${serve_pid:-} $sink_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

build
POSTS=${POSTS:-1000} make_blog "$work"
mode=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' "$work/blog.db")
[[ $mode == wal ]] || { echo "$0: the store is in $mode mode, not WAL" >&2; exit 1; }

sink=$(command -v smtp-sink || { [[ -x /usr/sbin/smtp-sink ]] && echo /usr/sbin/smtp-sink; } || true)
if [[ -n $sink ]]; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    user=$(id -un); [[ $user == root ]] && user=nobody
    "$sink" -u "$user" "127.0.0.1:$port" 1024 &
    sink_pid=$!
    printf '[smtp]\nurl = "smtp://127.0.0.1:%s"\nfrom = "Bench <news@bench.example>"\n' "$port" >>"$work/config.toml"
    mail="confirmations to smtp-sink"
else
    mail="no SMTP: confirmations only logged (install postfix for smtp-sink)"
fi
printf '[signup]\nper_ip_per_hour = 0\nper_address_per_hour = 0\n' >>"$work/config.toml"

BYLINE_SITE_URL=http://127.0.0.1/ start_serve "$work" "$work/site"
echo "store: WAL; $mail"
echo "== wrk ${wrk_args[*]} POST $serve_url/subscribe (a new address each request)"
script_args=()
[[ ${GARBAGE:-0} == 1 ]] && script_args=(-- garbage) && echo "   two requests in three are hostile"
hwm_before=$(awk '/VmHWM/ {print $2, $3}' "/proc/$serve_pid/status")
wrk "${wrk_args[@]}" --latency -s "$(dirname "$0")/signup_load.lua" "$serve_url/subscribe" "${script_args[@]}" | tee "$work/wrk.txt"

accepted=$(sed -n 's/^accepted \([0-9]*\).*/\1/p' "$work/wrk.txt")
stored=$(python3 - "$work/blog.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM subscriber WHERE status = 'pending' AND email LIKE 'bench-%@example.com'").fetchone()[0])
PY
)
echo "== accepted answers: $accepted; pending bench sign-ups in the store: $stored"
if (( stored < accepted )); then
    echo "LOST: $((accepted - stored)) accepted sign-up(s) are not in the store" >&2
    exit 1
fi
echo "0 lost; stored beyond the answers (in flight when wrk stopped): $((stored - accepted))"
hostile=$(python3 - "$work/blog.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM subscriber WHERE email IN ('big@example.com', 'json@example.com', 'path@example.com')").fetchone()[0])
PY
)
echo "hostile requests stored: $hostile"
(( hostile == 0 )) || { echo "a hostile request reached the store" >&2; exit 1; }

# The confirmation queue: bounded (src/serve/confirm_mail.rs QUEUE), so serve's memory stays flat
# however fast sign-ups come; mails refused by a full queue are counted from serve's log.
hwm=$(awk '/VmHWM/ {print $2, $3}' "/proc/$serve_pid/status")
full=$(grep -c 'too many confirmation mails waiting' "$work/serve.log" || true)
kill -0 "$serve_pid" || { echo "byline serve died under the load" >&2; exit 1; }
echo "== byline serve peak memory (VmHWM): $hwm_before before wrk, $hwm after; confirmation mails not queued (queue full): $full"
