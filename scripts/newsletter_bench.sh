#!/usr/bin/env bash
# Measures `byline newsletter send` on 100,000 active subscribers into Postfix's smtp-sink on
# loopback (which accepts and discards every message): messages per second and peak memory
# (/usr/bin/time -v), DKIM off then on, over pooled SMTP connections.
#   scripts/newsletter_bench.sh [SUBSCRIBERS] [CONNECTIONS]    # DKIM=0: the DKIM-off run only
# Installs postfix (for smtp-sink) with apt-get when it is missing. Everything lives in a
# temporary directory, removed at the end unless KEEP=1. Needs cargo, python3, openssl, GNU time.
set -euo pipefail

subscribers=${1:-100000}
connections=${2:-8}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/newsletter-bench.XXXXXX")
sink_pid=
cleanup() {
    [[ -n $sink_pid ]] && kill "$sink_pid" 2>/dev/null || true
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
    echo "== installing postfix (for smtp-sink)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
sink=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
for tool in python3 openssl /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 1; }
done

cd "$here"
cargo build --quiet --release --bin byline --example generate
db="$work/bench.db"
target/release/examples/generate --posts 100 --subscribers "$subscribers" --db "$db"
# Every subscriber active and following everything, and two published posts to send.
posts=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE subscriber SET status = 'active', unsubscribed_at = NULL")
c.execute("DELETE FROM subscriber_tag")
c.commit()
now = "CAST(strftime('%s','now') AS INTEGER)"
ids = [r[0] for r in c.execute(f"SELECT id FROM post WHERE published_at <= {now} ORDER BY id LIMIT 2")]
print(" ".join(map(str, ids)))
PY
)
read -r plain_post dkim_post <<<"$posts"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sink_user=$(id -un)
[[ $sink_user == root ]] && sink_user=nobody
"$sink" -u "$sink_user" "127.0.0.1:$port" 1024 &
sink_pid=$!
sleep 0.5

openssl genrsa -traditional -out "$work/dkim.pem" 2048 2>/dev/null
write_config() { # $1: extra lines
    cat >"$work/config.toml" <<TOML
[smtp]
url = "smtp://127.0.0.1:$port"
from = "Bench <news@bench.example>"
connections = $connections
$1
[site]
base_url = "https://bench.example/"
TOML
}

run() { # $1: label, $2: post
    echo "== $1: $subscribers subscribers, $connections connections"
    /usr/bin/time -v target/release/byline --db "$db" --config "$work/config.toml" --json newsletter send "$2" \
        >"$work/report.json" 2>"$work/time.txt"
    python3 - "$work/report.json" "$work/time.txt" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
timing = open(sys.argv[2]).read()
wall = timing.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
cpu = re.search(r"Percent of CPU this job got: (\d+)%", timing).group(1)
sent = report["sent"]
print(f"sent {sent} in {secs:.1f} s: {sent / secs:.0f} messages/s, peak RSS {rss / 1024:.1f} MiB, CPU {cpu}%")
print(f"totals {report['totals']}")
PY
}

write_config ""
run "DKIM off" "$plain_post"
[[ ${DKIM:-1} == 0 ]] && exit 0
write_config "dkim_key = \"$work/dkim.pem\"
dkim_selector = \"bench\""
run "DKIM on (RSA 2048)" "$dkim_post"
