#!/usr/bin/env bash
# Lighthouse (npm, the pinned 12.2.3) with Debian's Chromium against `byline serve` over a
# generated blog: the home page and a post page, the four category scores, and every audit
# that scored below 1 with its title. Not part of `cargo test` (it needs the network for npx
# the first time, and takes a minute):
#   benches/site/lighthouse.sh            # a 10,000-post blog (POSTS=N for another size)
#   BLOG_DB=path/to.db benches/site/lighthouse.sh
# Mobile (Lighthouse's default: a phone, simulated slow 4G and CPU), as search engines rank.
# The JSON reports stay in the work folder when KEEP=1. Exits 1 when a score is below 100.
set -euo pipefail
source "$(dirname "$0")/common.sh"

for tool in npx "${CHROME_PATH:=/usr/bin/chromium}"; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 1; }
done
export CHROME_PATH

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-lighthouse.XXXXXX")
cleanup() {
    if [[ -n ${serve_pid:-} ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
    if [[ ${KEEP:-0} == 1 ]]; then echo "reports kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

build
make_blog "$work"
start_serve "$work" "$work/site"
post=$(first_post "$work/site")

failed=0
for page in / "$post"; do
    name=$([[ $page == / ]] && echo index || echo post)
    npx --yes lighthouse@12.2.3 "$serve_url$page" --quiet \
        --chrome-flags="--headless=new --no-sandbox" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$work/$name.json"
    node -e '
        const r = require(process.argv[1]);
        const scores = Object.values(r.categories).map(c => `${c.id} ${Math.round(c.score * 100)}`);
        console.log(`${process.argv[2]} ${r.finalDisplayedUrl}: ${scores.join(", ")}`);
        for (const a of Object.values(r.audits)) {
            if (a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
                console.log(`  ${a.id} (${a.score}): ${a.title}${a.displayValue ? " - " + a.displayValue : ""}`);
        }
        process.exit(Object.values(r.categories).every(c => c.score === 1) ? 0 : 1);
    ' "$work/$name.json" "$name" || failed=1
done
exit $failed
