#!/usr/bin/env bash
# The persistent build cache on a generated handbook: a cold build (no cache, no
# previous output: a first build) against a warm build (in a new process, with the
# cache and output the cold build left, one page edited in between), run
# alternately; prints the median wall and user+sys CPU time of each, their ratios and
# the load average (wall times on a busy machine mean little; CPU time less so), and
# checks that the warm build's output is byte for byte a build's without cache.
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
page="$(find "$site/content" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)"

# Wall and user+sys milliseconds of one command, as "wall cpu".
millis() {
    /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "$@" >/dev/null 2>&1
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cold=()
warm=()
cold_cpu=()
warm_cpu=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$RUNS"); do
    rm -rf "$site/.ownbook-cache" "$site/public"
    read -r wall cpu < <(millis "$ownbook" build --root "$site")
    cold+=("$wall")
    cold_cpu+=("$cpu")
    printf '\nEdited for warm run %s.\n' "$run" >>"$page"
    read -r wall cpu < <(millis "$ownbook" build --root "$site")
    warm+=("$wall")
    warm_cpu+=("$cpu")
    printf 'run %s: cold %s ms (cpu %s), warm %s ms (cpu %s)\n' "$run" \
        "${cold[-1]}" "${cold_cpu[-1]}" "${warm[-1]}" "${warm_cpu[-1]}" >&2
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

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
cold_cpu_ms="$(printf '%s\n' "${cold_cpu[@]}" | median)"
warm_cpu_ms="$(printf '%s\n' "${warm_cpu[@]}" | median)"
ratio() { awk -v w="$1" -v c="$2" 'BEGIN { printf "%.2f", w / c }'; }
cache_kb="$(du -sk "$site/.ownbook-cache" | cut -f1)"
row='%-7s %-5s %-10s %-10s %-6s %-10s %-10s %-6s %-9s %s\n'
printf "$row" pages runs "cold wall" "warm wall" ratio "cold cpu" "warm cpu" ratio cache "warm output"
printf "$row" "$PAGES" "$RUNS" "$cold_ms ms" "$warm_ms ms" "$(ratio "$warm_ms" "$cold_ms")" \
    "$cold_cpu_ms ms" "$warm_cpu_ms ms" "$(ratio "$warm_cpu_ms" "$cold_cpu_ms")" \
    "$((cache_kb / 1024)) MB" "$same"
printf 'load average before: %s, after: %s\n' "$load_before" "$load_after"
[ "$same" = byte-identical ]
