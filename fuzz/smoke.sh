#!/usr/bin/env bash
# Smoke run of every fuzz target (issue 14, "Index correctness"): seeds the
# corpora (fuzz/seed.sh), then runs each target for FUZZ_SECONDS (default 20)
# and prints, per target, the executions, the coverage (libFuzzer's `cov:`)
# and the crashes. Exits non-zero when a target crashed (the input is kept
# under fuzz/artifacts/<target>/). Prints SKIPPED and exits 0 without the
# nightly toolchain, which cargo-fuzz needs.
#
#   FUZZ_SECONDS=300 fuzz/smoke.sh            # longer runs
#   FUZZ_TARGETS="markdown_mask" fuzz/smoke.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
seconds="${FUZZ_SECONDS:-20}"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "SKIPPED: fuzz smoke: no nightly toolchain (cargo-fuzz needs it; rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    cargo install --locked cargo-fuzz || { echo "fuzz: FAIL: cannot install cargo-fuzz"; exit 1; }
fi
./seed.sh || { echo "fuzz: FAIL: seeding failed"; exit 1; }

# Release build with debug assertions (cargo fuzz's default), AddressSanitizer
# off unless FUZZ_SANITIZER says otherwise: the code under test is safe Rust,
# and the sanitizer doubles the build and slows every run.
sanitizer="${FUZZ_SANITIZER:-none}"
targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"
echo "fuzz: building ($(echo $targets | wc -w) targets, sanitizer $sanitizer)"
if ! cargo +nightly fuzz build --sanitizer "$sanitizer" $targets >build.log 2>&1 \
    && ! cargo +nightly fuzz build --sanitizer "$sanitizer" >>build.log 2>&1; then
    tail -30 build.log
    echo "fuzz: FAIL: the fuzz targets do not build (see fuzz/build.log)"
    exit 1
fi

failed=0
summary=()
started="$(mktemp)"  # crashes found by this run are the files newer than this
for target in $targets; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="artifacts/$target.log"
    cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    feat=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    crashes=$(find "artifacts/$target" -type f -newer "$started" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    line="$target: ${runs:-?} executions in ${seconds} s, cov ${cov:-?}, features ${feat:-?}, corpus ${corp:-?}, crashes $crashes"
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        failed=1
        line="$line, exit status $status: FAIL (log: fuzz/$log)"
        grep -m5 -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/    /'
    fi
    echo "fuzz: $line"
    summary+=("$line")
done
rm -f "$started"
if [ "$failed" -ne 0 ]; then
    echo "fuzz: FAIL: a target crashed; reproduce with cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-..."
    exit 1
fi
echo "fuzz: PASS: ${#summary[@]} targets, ${seconds} s each, no crash"
