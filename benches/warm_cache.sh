#!/usr/bin/env bash
# The persistent build cache on a generated handbook: a cold build (empty cache)
# against a warm build (the cache the cold build left, one page edited in between),
# run alternately; prints the median of each, their ratio, and checks that the warm
# build's output is byte for byte the output of a build without cache.
#
#   benches/warm_cache.sh                    # 10,000 pages, 5 runs of each
#   PAGES=1000 RUNS=3 benches/warm_cache.sh  # a quick run
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
PAGES="${PAGES:-10000}"
RUNS="${RUNS:-5}"
work="$repo/target/bench/warm-cache-$PAGES"
ownbook="$repo/target/release/ownbook"

cargo build --quiet --release --example gen_handbook --bin ownbook
if [ ! -f "$work/site/ownbook.toml" ]; then
    rm -rf "$work"
    mkdir -p "$work"
    target/release/examples/gen_handbook --pages "$PAGES" --out "$work/site" >/dev/null
fi
site="$work/site"
page="$(find "$site/content" -name '*.md' ! -name '_index.md' | sort | head -1)"

millis() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cold=()
warm=()
for run in $(seq "$RUNS"); do
    rm -rf "$site/.ownbook-cache"
    cold+=("$(millis "$ownbook" build --root "$site")")
    printf '\nEdited for warm run %s.\n' "$run" >>"$page"
    warm+=("$(millis "$ownbook" build --root "$site")")
    printf 'run %s: cold %s ms, warm %s ms\n' "$run" "${cold[-1]}" "${warm[-1]}" >&2
done

# The last warm build's output against a build without cache of the same files.
rm -rf "$work/no-cache"
"$ownbook" build --root "$site" --no-cache --out "$work/no-cache" >/dev/null 2>&1
if diff -r -q "$site/public" "$work/no-cache" >/dev/null; then
    same="byte-identical"
else
    same="DIFFERENT"
fi

cold_ms="$(printf '%s\n' "${cold[@]}" | median)"
warm_ms="$(printf '%s\n' "${warm[@]}" | median)"
cache_kb="$(du -sk "$site/.ownbook-cache" | cut -f1)"
printf '%-8s %-6s %-14s %-14s %-8s %-12s %s\n' pages runs "cold (median)" "warm (median)" ratio "cache size" "warm output"
printf '%-8s %-6s %-14s %-14s %-8s %-12s %s\n' "$PAGES" "$RUNS" "$cold_ms ms" "$warm_ms ms" \
    "$(awk -v w="$warm_ms" -v c="$cold_ms" 'BEGIN { printf "%.2f", w / c }')" \
    "$((cache_kb / 1024)) MB" "$same"
[ "$same" = byte-identical ]
