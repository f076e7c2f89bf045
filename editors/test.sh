#!/usr/bin/env bash
# Runs every editor test: Helix (the real hx in tmux, when present), Neovim (headless, 0.11 and 0.7),
# VS Code (the .vsix in code-server, driven by headless Chromium).
# Installs what they need itself (Debian packages, npm, a Python venv; all under target/ except
# the Debian packages), so it runs on a fresh machine as root with no stdin; re-runs reuse it.
# Without root or passwordless sudo, the tests that need Debian packages that are missing are
# skipped: they are listed (SKIPPED, with the packages and why) before the summary line.
#   bash editors/test.sh            # all
#   bash editors/test.sh neovim     # some: helix, neovim, vscode
# env: GLOSS_BIN=path (skip the cargo build), GLOSS_PROFILE=release, GLOSS_CORPUS=dir,
#      GLOSS_SIMULATE_NO_SUDO=1 (behave as without root or sudo, with no Debian package installed).
# Last line: "editors: N passed, M failed"; exit status non-zero when anything failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SUITES=("$@")
[ ${#SUITES[@]} -eq 0 ] && SUITES=(helix neovim vscode)
wants() { local s; for s in "${SUITES[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

T_ALL=$SECONDS
t0=$SECONDS
GLOSS_BIN="$(gloss_binary)"
export GLOSS_BIN
log "gloss: $GLOSS_BIN ($((SECONDS - t0)) s)"

# Debian packages, in one apt-get run (none without root or sudo: see skipped below).
t0=$SECONDS
VSCODE_PACKAGES=(chromium fonts-dejavu-core fonts-droid-fallback libkrb5-dev ripgrep build-essential pkg-config)
pkgs=()
wants neovim && pkgs+=(neovim)
wants vscode && pkgs+=("${VSCODE_PACKAGES[@]}")
if [ ${#pkgs[@]} -gt 0 ] && ! apt_install "${pkgs[@]}"; then
  log "Debian packages missing: $(missing_packages "${pkgs[@]}" | tr '\n' ' ')"
fi
log "Debian packages checked ($((SECONDS - t0)) s)"

CORPUS_DOC="${GLOSS_CORPUS:-$ROOT/../shared/corpus}/siis-symposium-rebuilding-consensus-2023.txt"
passed=0 failed=0
summary=()
skips=() # "SKIPPED ..." lines of the suites, repeated before the summary line
suite() { # suite NAME CMD...: runs one editor's tests and adds up its "NAME: N passed, M failed" line
  local name="$1"; shift
  local out="$ARTIFACTS/$name-test.log" status=0 t=$SECONDS
  log "$name: running"
  "$@" 2>&1 | tee "$out" || status=$?
  local line p f
  line="$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -1 || true)"
  if [ -n "$line" ]; then
    p="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"; f="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
  elif grep -q "^$name: SKIPPED" "$out"; then
    p=0; f=0
  else
    p=0; f=1
  fi
  [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  mapfile -t -O ${#skips[@]} skips < <(grep -E "^(SKIPPED |$name: SKIPPED)" "$out" || true)
  passed=$((passed + p)); failed=$((failed + f))
  summary+=("$(printf '%-7s %3d passed, %d failed  (%d s)' "$name" "$p" "$f" $((SECONDS - t)))")
}

wants helix && suite helix env GLOSS_DOC="$CORPUS_DOC" bash "$EDITORS_DIR/helix/run.sh"
wants neovim && suite neovim bash "$EDITORS_DIR/neovim/test/run.sh"
if wants vscode; then
  if [ -n "$(missing_packages "${VSCODE_PACKAGES[@]}")" ]; then
    skips+=("$(skipped "vscode (every test: code-server needs them)" "${VSCODE_PACKAGES[@]}")")
    summary+=("$(printf '%-7s SKIPPED' vscode)")
  else
    suite vscode bash "$EDITORS_DIR/vscode/e2e/run.sh"
  fi
fi

echo
printf '%s\n' "${summary[@]}"
[ ${#skips[@]} -gt 0 ] && printf '%s\n' "${skips[@]}"
echo "total $((SECONDS - T_ALL)) s; artifacts in target/editor-artifacts/"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
