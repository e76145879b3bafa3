#!/usr/bin/env bash
# Proof that a change of code changed no output: builds a fixed set of sites and
# imports, hashes every file they produce (SHA-256), and compares with the hashes
# stored in benches/outputs/. Work that means to change output refreshes the stored
# hashes in the same commit (`benches/outputs.sh record`) and says why.
#
#   benches/outputs.sh           # rebuild everything and compare; exit 1 on any difference
#   benches/outputs.sh record    # rebuild everything and store the hashes
#
# The cases:
#   handbook        the bundled handbook (a copy outside git, so no git dates)
#   gen1000         a generated 1,000-page handbook with 300 services
#   mkdocs-*        each MkDocs fixture imported into an empty folder, then built
#   backstage-*     each Backstage fixture imported into a small handbook, then built
# For each case the files written (import) and the built site are hashed, and so are
# `ownbook check --format json` and the import report.
# Dates are pinned (OWNBOOK_TODAY) so that the result does not depend on the day.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mode="${1:-compare}"
store="$repo/benches/outputs"
work="$(mktemp -d "${TMPDIR:-/tmp}/ownbook-outputs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export OWNBOOK_TODAY=2026-11-22

cargo build --release --quiet --bin ownbook --example gen_handbook
bin="$repo/target/release/ownbook"
gen="$repo/target/release/examples/gen_handbook"

# Hashes of every file under $1 (paths relative to it), sorted by path.
hash_tree() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

# Builds the handbook in $2 and appends its hashes and check output to $1.
build_and_hash() {
    local out="$1" site="$2"
    "$bin" build --root "$site" --out "$site.public" >/dev/null 2>&1 || {
        echo "build of $site failed:" >&2
        "$bin" build --root "$site" --out "$site.public" >&2 || true
        exit 2
    }
    {
        echo "## site"
        hash_tree "$site.public"
        echo "## check --format json"
        "$bin" check --root "$site" --format json 2>/dev/null | sha256sum || true
    } >>"$out"
}

# A small handbook with guide pages and no catalog, for the Backstage imports.
small_handbook() {
    mkdir -p "$1/content/guide"
    printf 'title = "Handbook"\n' >"$1/ownbook.toml"
    printf '+++\ntitle = "Home"\n+++\nRead the [guide](guide/_index.md).\n' >"$1/content/_index.md"
    printf '+++\ntitle = "Guide"\n+++\nHow we run services.\n' >"$1/content/guide/_index.md"
    printf '+++\ntitle = "On call"\nweight = 1\n+++\n## Rotations\n\nEvery team has one.\n' \
        >"$1/content/guide/on-call.md"
}

mkdir -p "$work/new"
cases=()

# The bundled handbook.
mkdir -p "$work/handbook"
cp -r ownbook.toml content themes "$work/handbook/"
build_and_hash "$work/new/handbook" "$work/handbook"
cases+=(handbook)

# A generated handbook.
"$gen" --pages 1000 --services 300 --out "$work/gen1000" >/dev/null
build_and_hash "$work/new/gen1000" "$work/gen1000"
cases+=(gen1000)

# MkDocs imports.
for fixture in tests/fixtures/import/mkdocs-*; do
    name="$(basename "$fixture")"
    site="$work/$name"
    mkdir -p "$site"
    {
        echo "## import report"
        "$bin" import mkdocs "$fixture" --into "$site" 2>&1 | sed "s|$site|SITE|g; s|$repo|REPO|g" | sha256sum
        echo "## imported files"
        hash_tree "$site"
    } >"$work/new/$name"
    build_and_hash "$work/new/$name" "$site"
    cases+=("$name")
done

# Backstage imports.
for source in backstage-example/all.yaml backstage-edge/catalog; do
    name="$(dirname "$source" | cut -d/ -f1)"
    site="$work/$name"
    small_handbook "$site"
    {
        echo "## import report"
        "$bin" import backstage "tests/fixtures/import/$source" --into "$site" 2>&1 |
            sed "s|$site|SITE|g; s|$repo|REPO|g" | sha256sum
        echo "## imported files"
        hash_tree "$site"
    } >"$work/new/$name"
    build_and_hash "$work/new/$name" "$site"
    cases+=("$name")
done

if [ "$mode" = record ]; then
    rm -rf "$store"
    mkdir -p "$store"
    for c in "${cases[@]}"; do
        cp "$work/new/$c" "$store/$c.sha256"
    done
    echo "recorded the output hashes of ${#cases[@]} cases in benches/outputs/"
    exit 0
fi

status=0
for c in "${cases[@]}"; do
    files=$(grep -c '^[0-9a-f]\{64\}' "$work/new/$c" || true)
    if diff -u "$store/$c.sha256" "$work/new/$c" >"$work/diff" 2>&1; then
        printf 'same      %-20s %6d hashes\n' "$c" "$files"
    else
        printf 'DIFFERENT %-20s\n' "$c"
        head -40 "$work/diff"
        status=1
    fi
done
exit $status
