#!/usr/bin/env bash
# Runs the Helix test (test_helix.py): the real hx in tmux. No registry ships Helix, so hx comes
# from $HX_BIN or ../shared/tools/helix/hx beside the repository; tmux comes from Debian, installed
# here only when hx is there. Without either, the test prints "helix: SKIPPED (…)" and still runs
# the snippet checks. Last line: "helix: N passed, M failed".
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
export HX_BIN="${HX_BIN:-$ROOT/../shared/tools/helix/hx}"
if [ -x "$HX_BIN" ] && ! command -v tmux >/dev/null; then
  apt_install tmux || log "could not install tmux (needs root or passwordless sudo): the Helix test will skip"
fi
exec python3 "$EDITORS_DIR/helix/test_helix.py"
