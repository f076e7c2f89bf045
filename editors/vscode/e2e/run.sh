#!/usr/bin/env bash
# End-to-end test of editors/vscode in code-server (VS Code 1.100) + headless Chromium.
# Installs what it needs under target/editor-tools, packages the platform .vsix (server inside),
# installs it into a fresh code-server profile with no gloss on PATH, opens a corpus text and
# checks hover, colours by kind, the Entities view, Problems, settings, commands.
# Prints "vscode: N passed, M failed"; exit status non-zero on failure.
set -euo pipefail
source "$(dirname "$0")/../../lib.sh"
VSCODE_DIR="$EDITORS_DIR/vscode"
CORPUS="${GLOSS_CORPUS:-$ROOT/../shared/corpus}/siis-symposium-rebuilding-consensus-2023.txt"
if [ ! -f "$CORPUS" ]; then
  echo "vscode: SKIPPED (no corpus text at $CORPUS)"
  exit 0
fi

BIN="$(gloss_binary)"
t0=$SECONDS
install_code_server
CS="$TOOLS/vscode/node_modules/.bin/code-server"
log "tools ready ($((SECONDS - t0)) s)"

# Build the platform .vsix exactly as the README says (scripts/package.sh): the server binary
# rides inside it, and nothing else tells the extension where the server is.
case "$(uname -m)" in x86_64|amd64) VSIX_TARGET=linux-x64 ;; aarch64|arm64) VSIX_TARGET=linux-arm64 ;; *) VSIX_TARGET=unknown ;; esac
t0=$SECONDS
rm -f "$TOOLS"/gloss-*.vsix
VSIX="$(bash "$VSCODE_DIR/scripts/package.sh" --target "$VSIX_TARGET" --server "$BIN" --out "$TOOLS" \
  2> >(grep -v 'npm warn' >&2) | tail -1)"
[ -f "$VSIX" ] || { log "packaging failed"; exit 1; }
log "$(basename "$VSIX") packaged: $(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$VSIX") entries, $(du -k "$VSIX" | cut -f1) KiB ($((SECONDS - t0)) s)"

rm -f "$ARTIFACTS"/vscode-*.png
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gloss-vscode-e2e.XXXXXX")"
CS_PID=""
cleanup() {
  if [ -n "$CS_PID" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

WS="$WORK/workspace"; DATA="$WORK/data"; EXT="$WORK/extensions"
mkdir -p "$WS" "$DATA/User" "$EXT"
cp "$CORPUS" "$WS/siis-symposium.txt"
cat > "$DATA/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "window.restoreWindows": "none",
  "files.hotExit": "off",
  "editor.hover.delay": 100,
  "editor.minimap.enabled": false
}
JSON

t0=$SECONDS
"$CS" --user-data-dir "$DATA" --extensions-dir "$EXT" --install-extension "$VSIX" >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log" >&2; exit 1; }
log "extension installed ($((SECONDS - t0)) s)"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$WORK/config.yaml"
# The extension host inherits this environment: no GLOSS_SERVER_PATH, and a PATH without any
# `gloss`, so the server that starts can only be the one inside the .vsix.
CLEAN_PATH=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [ -n "$d" ] && [ ! -x "$d/gloss" ] && CLEAN_PATH="${CLEAN_PATH:+$CLEAN_PATH:}$d"
done
env -u GLOSS_SERVER_PATH PATH="$CLEAN_PATH" "$CS" --config "$WORK/config.yaml" --user-data-dir "$DATA" --extensions-dir "$EXT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WS" >"$ARTIFACTS/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 120); do
  node -e "require('http').get('http://127.0.0.1:$PORT/healthz', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))" && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$ARTIFACTS/code-server.log" >&2; exit 1; }
  sleep 0.5
done

t0=$SECONDS
status=0
GLOSS_E2E_URL="http://127.0.0.1:$PORT/?folder=$WS" GLOSS_E2E_WORKSPACE="$WS" \
GLOSS_E2E_ARTIFACTS="$ARTIFACTS" GLOSS_E2E_EXTENSIONS="$EXT" PLAYWRIGHT_CORE="$TOOLS/vscode/node_modules/playwright-core" \
  node "$VSCODE_DIR/e2e/test.js" || status=$?
log "browser scenario ($((SECONDS - t0)) s); screenshots in $ARTIFACTS"
if [ $status -ne 0 ]; then
  echo "--- code-server log (tail)" >&2; tail -30 "$ARTIFACTS/code-server.log" >&2
  find "$DATA/logs" -name '*Gloss*' -exec sh -c 'echo "--- $1"; tail -40 "$1"' _ {} \; >&2 2>/dev/null || true
fi
exit $status
