# Shared by the site benchmarks (sourced, not run): a release build, a generated blog, and
# `byline serve` on a free loopback port.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
byline="$root/target/release/byline"

# The release binary and the blog generator.
build() {
    (cd "$root" && cargo build --quiet --release --bin byline --example generate)
}

# make_blog DIR: a blog of $POSTS generated posts (default 10,000) in DIR/blog.db, or a copy
# of $BLOG_DB when set, and DIR/config.toml with a sign-up address so the form shows.
make_blog() {
    local dir=$1
    if [[ -n ${BLOG_DB:-} ]]; then
        cp "$BLOG_DB" "$dir/blog.db"
    else
        "$root/target/release/examples/generate" --posts "${POSTS:-10000}" --subscribers 10 --db "$dir/blog.db" >/dev/null
    fi
    printf '[site]\nsignup_url = "https://example.org/signup"\n' >"$dir/config.toml"
}

# start_serve DIR SITE: `byline serve` for DIR's blog, exporting into SITE, on a free port of
# 127.0.0.1. Sets serve_pid and serve_url (http://127.0.0.1:PORT) once it answers.
start_serve() {
    local dir=$1 site=$2
    "$byline" --db "$dir/blog.db" --config "$dir/config.toml" serve --listen 127.0.0.1:0 --dir "$site" \
        2>"$dir/serve.log" &
    serve_pid=$!
    local line=""
    for _ in $(seq 1 1200); do
        line=$(grep -o 'serving http://[0-9.:]*' "$dir/serve.log" || true)
        [[ -n $line ]] && break
        kill -0 "$serve_pid" 2>/dev/null || { cat "$dir/serve.log" >&2; return 1; }
        sleep 0.5
    done
    [[ -n $line ]] || { echo "byline serve did not start:" >&2; cat "$dir/serve.log" >&2; return 1; }
    serve_url=${line#serving }
    echo "byline serve: $serve_url ($(head -1 "$dir/serve.log" | sed 's/^byline: //'))"
}

# first_post SITE: the path of the newest post's page (the index's first card).
first_post() {
    grep -o 'href="/posts/[^"]*"' "$1/index.html" | head -1 | sed 's/^href="//; s/"$//'
}
